"""The revision section holds every question and formula written in the notes."""

from __future__ import annotations

import re
import sqlite3
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTES = ROOT / "docs" / "notes"
TOPICS = sorted(p.name for p in NOTES.iterdir() if p.is_dir()) if NOTES.is_dir() else []


def questions_written(topic: str | None = None) -> int:
    """Counted straight from the Markdown, independently of the code that gathers them."""
    pattern = re.compile(r'^\s*\?\?\?\+? question "', re.M)
    files = (NOTES / topic).glob("*.md") if topic else NOTES.glob("*/*.md")
    return sum(len(pattern.findall(f.read_text())) for f in files)


def formulas_written() -> int:
    pattern = re.compile(r'^\s*(!!!|\?\?\?\+?) note "In plain English"', re.M)
    return sum(len(pattern.findall(f.read_text())) for f in NOTES.glob("*/*.md"))


def questions_on(page: Path) -> int:
    return page.read_text().count('<details class="question"')


def deck_size(deck: Path, tmp_path: Path) -> int:
    with zipfile.ZipFile(deck) as package:
        assert "collection.anki2" in package.namelist()
        package.extract("collection.anki2", tmp_path / deck.stem)
    with sqlite3.connect(tmp_path / deck.stem / "collection.anki2") as db:
        ((notes,),) = db.execute("select count(*) from notes").fetchall()
        ((cards,),) = db.execute("select count(*) from cards").fetchall()
    assert notes == cards
    return cards


def test_every_question_is_on_the_revision_pages(built_site: Path):
    """Per topic and in total, the question banks list as many questions as the notes hold."""
    assert questions_on(built_site / "revision/all/index.html") == questions_written()
    for topic in TOPICS:
        assert questions_on(built_site / f"revision/{topic}/index.html") == questions_written(
            topic
        ), topic


def test_index_shows_the_counts(built_site: Path):
    """The revision index states the total number of questions and formulas."""
    text = re.sub(r"<[^>]+>", "", (built_site / "revision/index.html").read_text())
    assert f"{questions_written()} questions" in text
    assert f"{formulas_written()} formulas" in text


def test_questions_link_back_to_their_section(built_site: Path):
    """Each question ends with a link to the note section it came from."""
    html = (built_site / "revision/all/index.html").read_text()
    links = re.findall(r'From <a href="\.\./\.\./notes/[^"#]+/#[^"]+"', html)
    assert len(links) == questions_written()


def test_every_formula_is_on_the_cheat_sheet(built_site: Path):
    """The cheat sheet has every formula that has a plain-English reading, one section per topic."""
    html = (built_site / "revision/cheatsheet/index.html").read_text()
    assert html.count('class="cheatsheet-row"') == formulas_written()
    assert html.count('class="cheatsheet-topic"') == len(TOPICS)


def test_flashcards_page_has_a_card_per_question(built_site: Path):
    """One card per question, each with a stable id from its question."""
    html = (built_site / "revision/flashcards/index.html").read_text()
    ids = re.findall(r'data-card="([0-9a-f]{16})"', html)
    assert len(ids) == len(set(ids)) == questions_written()


def test_anki_decks_hold_every_question(built_site: Path, tmp_path: Path):
    """A valid .apkg per topic and one with everything, with the right card counts."""
    decks = built_site / "revision" / "decks"
    for topic in TOPICS:
        assert deck_size(decks / f"{topic}.apkg", tmp_path) == questions_written(topic)
    assert deck_size(decks / "all.apkg", tmp_path) == questions_written()
