"""The flashcards page in a real browser: reveal, grade, reload, and the schedule is kept."""

from __future__ import annotations

import json
import re

import pytest

STORAGE_KEY = "notesite-flashcards-v1"


def due_today(tab) -> int:
    return int(re.match(r"(\d+) due today", tab.page.inner_text("#flashcards-due")).group(1))


def visible_card(tab) -> str:
    return tab.page.get_attribute(".flashcard:not([hidden])", "data-card")


def test_reveal_grade_reload_keeps_the_schedule(visit):
    """Space reveals, 4 (Easy) grades; after a reload that card is scheduled days ahead."""
    tab = visit()
    tab.open("revision/flashcards/")
    tab.page.wait_for_selector("#flashcards.ready")
    total = due_today(tab)
    if total == 0:
        pytest.skip("no question in the notes: no flashcard")
    first = visible_card(tab)
    answer = tab.page.locator(f'.flashcard[data-card="{first}"] .flashcard-answer')
    assert not answer.is_visible()
    tab.page.keyboard.press(" ")
    assert answer.is_visible()
    tab.page.keyboard.press("4")
    assert visible_card(tab) != first

    tab.page.reload()
    tab.page.wait_for_selector("#flashcards.ready")
    stored = json.loads(tab.page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')"))
    card = stored["cards"][first]
    assert card["reps"] == 1
    assert tab.page.evaluate(f"new Date('{card['due']}') - Date.now()") > 24 * 3600 * 1000
    assert due_today(tab) == total - 1
    assert visible_card(tab) != first
    assert not tab.console_errors and not tab.third_party


def test_buttons_topic_filter_and_reset(visit):
    """Clicking works like the keys; the topic filter narrows the deck; reset forgets progress."""
    tab = visit()
    tab.open("revision/flashcards/")
    tab.page.wait_for_selector("#flashcards.ready")
    topics = tab.page.eval_on_selector_all(
        "#flashcards-topic > option", "els => els.map(e => e.value).filter(Boolean)"
    )
    if not topics:
        pytest.skip("no question in the notes: no topic to filter by")
    topic = topics[-1]
    in_topic = tab.page.locator(f'.flashcard[data-topic="{topic}"]').count()
    tab.page.select_option("#flashcards-topic", topic)
    assert due_today(tab) == in_topic
    assert tab.page.get_attribute(".flashcard:not([hidden])", "data-topic") == topic
    tab.page.click("#flashcards-reveal")
    tab.page.click('button[data-grade="1"]')  # Again
    stored = json.loads(tab.page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')"))
    assert stored["topic"] == topic and len(stored["cards"]) == 1
    tab.page.once("dialog", lambda dialog: dialog.accept())
    tab.page.click("#flashcards-reset")
    assert tab.page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") is None


def test_a_note_with_its_foundations(visit):
    """Choosing a note keeps its cards and those of every note it requires, and survives a
    reload."""
    tab = visit()
    tab.open("revision/flashcards/")
    tab.page.wait_for_selector("#flashcards.ready")
    options = tab.page.eval_on_selector_all(
        "#flashcards-topic optgroup option",
        "els => els.map(e => [e.value, e.dataset.notes.split(' ')])",
    )
    if not options:
        pytest.skip("no note declares prerequisites")
    value, notes = max(options, key=lambda option: len(option[1]))
    assert len(notes) > 1  # the note and what it builds on
    expected = tab.page.eval_on_selector_all(
        ".flashcard",
        "(els, notes) => els.filter(e => notes.includes(e.dataset.note)).length",
        notes,
    )
    tab.page.select_option("#flashcards-topic", value)
    assert due_today(tab) == expected
    assert tab.page.get_attribute(".flashcard:not([hidden])", "data-note") in notes
    tab.page.reload()
    tab.page.wait_for_selector("#flashcards.ready")
    assert tab.page.input_value("#flashcards-topic") == value and due_today(tab) == expected
    assert not tab.console_errors and not tab.third_party


def test_math_inside_a_card_is_rendered(visit):
    """A card whose answer has math shows it typeset by KaTeX once revealed."""
    tab = visit()
    tab.open("revision/flashcards/")
    tab.page.wait_for_selector("#flashcards.ready")
    with_math = tab.page.locator(".flashcard").filter(has=tab.page.locator(".arithmatex"))
    if not with_math.count():
        pytest.skip("no flashcard has math")
    with_math = with_math.first
    card_id = with_math.get_attribute("data-card")
    # Bring that card up: grade every card before it as Easy until it shows.
    for _ in range(200):
        if visible_card(tab) == card_id:
            break
        tab.page.keyboard.press(" ")
        tab.page.keyboard.press("4")
    assert visible_card(tab) == card_id
    tab.page.keyboard.press(" ")
    math = with_math.locator(".flashcard-answer .arithmatex").first
    assert math.is_visible()
    assert math.locator(".katex").count() == 1
    assert with_math.locator(".katex-error").count() == 0


def test_cheat_sheet_prints_without_navigation(visit):
    """In print media the header and sidebars are gone and each topic starts a new page."""
    tab = visit()
    tab.open("revision/cheatsheet/")
    tab.page.emulate_media(media="print")
    assert not tab.page.locator(".md-header").is_visible()
    assert not tab.page.locator(".md-sidebar--primary").is_visible()
    breaks = tab.page.eval_on_selector_all(
        ".cheatsheet-topic", "els => els.map(e => getComputedStyle(e).breakBefore)"
    )
    if not breaks:
        pytest.skip("no formula in the notes: the cheat sheet is empty")
    assert breaks[0] != "page" and all(b == "page" for b in breaks[1:]), breaks
    assert tab.page.locator(".cheatsheet-formula .katex").count() >= len(breaks)
