"""The revision section, generated from what revision.py gathers: pages and Anki decks.

Pages are Markdown handed to MkDocs as generated files (nothing is written to
docs/), so links in them are validated like any other page's. Decks are written
into the built site by genanki.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import textwrap
from pathlib import Path

from notesite.revision import Question, Topic, relink, without_execution

SECTION = "revision"
DECKS = "decks"  # under revision/ in the built site


def _indent(text: str) -> str:
    return textwrap.indent(text, "    ")


def _front(title: str, description: str, searchable: bool = False) -> str:
    # JSON strings are valid YAML, whatever colons or quotes a title holds.
    # The question banks repeat the notes word for word: keep them out of search.
    hidden = "" if searchable else "search:\n  exclude: true\n"
    return (
        f"---\ntitle: {json.dumps(title)}\ndescription: {json.dumps(description)}\n{hidden}---\n\n"
    )


def _deck_link(name: str, from_page_dir: bool) -> str:
    prefix = "../" if from_page_dir else ""
    return f'<a href="{prefix}{DECKS}/{name}.apkg" download>{name}.apkg</a>'


def _answer_and_source(q: Question) -> tuple[str, str]:
    """A question's answer and the link back to its section, moved into the revision folder."""
    answer = without_execution(relink(q.answer, q.note.url_dir, SECTION))
    source = relink(f"[{q.note.title} › {q.section}]({q.note.src_uri}#{q.anchor})", "", SECTION)
    return answer, source


def _question_block(q: Question) -> str:
    answer, source = _answer_and_source(q)
    return f'??? question "{q.text}"\n{_indent(answer)}\n\n    From {source}\n'


def _questions_by_note(topic: Topic, level: str) -> str:
    parts, current = [], None
    for q in topic.questions:
        if q.note.src_uri != current:
            current = q.note.src_uri
            parts.append(f"{level} {q.note.title}\n")
        parts.append(_question_block(q))
    return "\n".join(parts)


def index_page(topics: list[Topic]) -> str:
    total_q = sum(len(t.questions) for t in topics)
    total_f = sum(len(t.formulas) for t in topics)
    rows = [
        f"| [{t.title}]({t.slug}.md) | {len(t.questions)} | {len(t.formulas)} | {_deck_link(t.slug, False)} |"
        for t in topics
    ]
    rows.append(
        f"| [**Everything**](all.md) | **{total_q}** | **{total_f}** | {_deck_link('all', False)} |"
    )
    return (
        _front(
            "Revision",
            "Every interview question and formula from the notes, gathered at build time.",
            searchable=True,
        )
        + "# Revision\n\n"
        + "Every interview question and every formula from the notes, gathered when the site was built: "
        + f"**{total_q} questions** and **{total_f} formulas**. Each question links back to the section of "
        + "the note it came from.\n\n"
        + "| Topic | Questions | Formulas | Anki deck |\n| --- | ---: | ---: | --- |\n"
        + "\n".join(rows)
        + "\n\n"
        + "- [Flashcards](flashcards.md): one question at a time, scheduled by FSRS, progress kept in this browser.\n"
        + "- [Cheat sheet](cheatsheet.md): every formula beside its plain-English reading; prints one topic per page.\n"
        + "- Anki decks: import a `.apkg` file in Anki (File → Import). Re-importing an updated deck "
        + "updates the cards you already have.\n"
    )


def topic_page(topic: Topic) -> str:
    return (
        _front(
            f"{topic.title}: questions",
            f"Every interview question from the {topic.title.lower()} notes, with answers.",
        )
        + f"# {topic.title}: questions\n\n"
        + f"{len(topic.questions)} questions. Try each one before you open the answer. "
        + f"Anki deck: {_deck_link(topic.slug, True)}.\n\n"
        + _questions_by_note(topic, "##")
    )


def all_page(topics: list[Topic]) -> str:
    total = sum(len(t.questions) for t in topics)
    body = "\n".join(f"## {t.title}\n\n" + _questions_by_note(t, "###") for t in topics)
    return (
        _front("All questions", "Every interview question from every note, with answers.")
        + f"# All questions\n\n{total} questions. Anki deck: {_deck_link('all', True)}.\n\n"
        + body
    )


def flashcards_page(
    topics: list[Topic], foundations: dict[str, tuple[str, list[str]]] | None = None
) -> str:
    options = "".join(f'<option value="{t.slug}">{html.escape(t.title)}</option>' for t in topics)
    if foundations:
        # Revise one note with what it builds on: its cards and its prerequisites' cards.
        options += (
            '<optgroup label="A note and what it requires">'
            + "".join(
                f'<option value="note:{html.escape(src, quote=True)}" '
                f'data-notes="{html.escape(" ".join(notes), quote=True)}">'
                f"{html.escape(title)}, with what it requires</option>"
                for src, (title, notes) in foundations.items()
            )
            + "</optgroup>"
        )
    cards = []
    for t in topics:
        for q in t.questions:
            answer, source = _answer_and_source(q)
            cards.append(
                f'<div class="flashcard" data-card="{q.card_id}" data-topic="{t.slug}" '
                f'data-note="{html.escape(q.note.src_uri, quote=True)}" markdown>\n'
                f'<div class="flashcard-question" markdown>\n\n{q.text}\n\n</div>\n'
                f'<div class="flashcard-answer" markdown>\n\n{answer}\n\nFrom {source}\n\n</div>\n'
                f"</div>\n"
            )
    return (
        _front(
            "Flashcards",
            "Drill the interview questions one at a time, scheduled by spaced repetition.",
        )
        + "# Flashcards\n\n"
        + "Read the question, answer it out loud, then reveal mine and grade yourself. "
        + "The schedule (FSRS) and your progress stay in this browser.\n"
        + "Keys: <kbd>Space</kbd> reveals, <kbd>1</kbd> to <kbd>4</kbd> grade.\n\n"
        + '<div class="flashcards" id="flashcards" markdown>\n'
        + '<div class="flashcards-bar">'
        + f'<label>Cards <select id="flashcards-topic"><option value="">All topics</option>{options}</select></label>'
        + '<span id="flashcards-due" aria-live="polite"></span>'
        + '<button type="button" class="md-button" id="flashcards-reset">Reset progress</button>'
        + "</div>\n"
        + '<div class="flashcards-deck" markdown>\n\n'
        + "\n".join(cards)
        + "\n</div>\n"
        + '<p class="flashcards-empty" id="flashcards-empty" hidden></p>\n'
        + '<div class="flashcards-actions">'
        + '<button type="button" class="md-button md-button--primary" id="flashcards-reveal">Show answer (Space)</button>'
        + '<span class="flashcards-grades" hidden>'
        + "".join(
            f'<button type="button" class="md-button" data-grade="{n}">{label} ({n})</button>'
            for n, label in enumerate(["Again", "Hard", "Good", "Easy"], start=1)
        )
        + "</span></div>\n"
        + "</div>\n"
    )


def cheatsheet_page(topics: list[Topic]) -> str:
    parts = []
    for t in topics:
        if not t.formulas:
            continue
        rows = []
        for f in t.formulas:
            link = relink(f"[{f.note.title}]({f.note.src_uri}#{f.anchor})", "", SECTION)
            reading = relink(f.reading, f.note.url_dir, SECTION)
            rows.append(
                f'<div class="cheatsheet-row" markdown>\n<div class="cheatsheet-formula" tabindex="0" markdown>\n\n$$\n{f.tex}\n$$\n\n</div>\n'
                f'<div class="cheatsheet-reading" markdown>\n\n{reading}\n\n<small>{link}</small>\n\n</div>\n</div>\n'
            )
        parts.append(
            f'<section class="cheatsheet-topic" markdown>\n\n## {t.title}\n\n'
            + "\n".join(rows)
            + "\n</section>\n"
        )
    return (
        _front(
            "Cheat sheet",
            "Every formula from the notes beside its plain-English reading, one topic per printed page.",
        )
        + "# Cheat sheet\n\n"
        + "Every formula from the notes with its reading in plain English. Print it (each topic "
        + "starts on a new page) or cover the right column and read the formulas aloud.\n\n"
        + "\n".join(parts)
    )


def pages(
    topics: list[Topic], foundations: dict[str, tuple[str, list[str]]] | None = None
) -> dict[str, str]:
    """src_uri -> Markdown, for every generated revision page. `foundations`: note ->
    (title, the note and every note it requires, directly or not), for the flashcards."""
    generated = {
        f"{SECTION}/index.md": index_page(topics),
        f"{SECTION}/all.md": all_page(topics),
        f"{SECTION}/flashcards.md": flashcards_page(topics, foundations or {}),
        f"{SECTION}/cheatsheet.md": cheatsheet_page(topics),
    }
    for t in topics:
        generated[f"{SECTION}/{t.slug}.md"] = topic_page(t)
    return generated


# --- Anki ---------------------------------------------------------------------------


def _stable_id(name: str) -> int:
    """Anki ids must stay the same across builds: derive them from a name."""
    return int(hashlib.sha1(name.encode()).hexdigest()[:8], 16) + (1 << 30)


# Anki's MathJax reads \( \) and \[ \], which is what arithmatex's generic mode writes.
_ARITHMATEX = {"pymdownx.arithmatex": {"generic": True}}


@functools.cache
def _converter(*extensions: str):
    """One Markdown instance per set of extensions: making one costs more than a card."""
    import markdown

    return markdown.Markdown(extensions=list(extensions), extension_configs=_ARITHMATEX)


def _markdown(text: str, *extensions: str) -> str:
    converter = _converter(*extensions)
    converter.reset()
    return converter.convert(text)


def _answer_html(q: Question, site_url: str) -> str:
    body = _markdown(
        without_execution(q.answer),
        "pymdownx.arithmatex",
        "pymdownx.superfences",
        "tables",
        "admonition",
    )
    url = (
        f"{site_url.rstrip('/')}/{q.note.src_uri.removesuffix('.md')}/#{q.anchor}"
        if site_url
        else ""
    )
    source = (
        f'<p class="source">From <a href="{url}">{html.escape(q.note.title)} › {html.escape(q.section)}</a></p>'
        if url
        else ""
    )
    return body + source


def _question_html(q: Question) -> str:
    return _markdown(q.text, "pymdownx.arithmatex")


def write_decks(
    topics: list[Topic], out_dir: Path, site_name: str, site_url: str, timestamp: float
) -> dict[str, int]:
    """Write one .apkg per topic and one with everything; return card counts by deck file name."""
    import genanki

    model = genanki.Model(
        _stable_id("notesite question model v1"),
        "Notesite question",
        fields=[{"name": "Question"}, {"name": "Answer"}, {"name": "Topic"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Question}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}',
            }
        ],
        css=".card { font-family: sans-serif; font-size: 18px; text-align: left; } .source { font-size: 14px; opacity: .7 }",
    )

    def note_of(q: Question, topic: Topic) -> genanki.Note:
        # The guid comes from the question alone: re-importing updates the card.
        return genanki.Note(
            model=model,
            fields=[_question_html(q), _answer_html(q, site_url), topic.title],
            guid=genanki.guid_for(q.card_id),
            tags=[topic.slug],
        )

    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    everything = genanki.Deck(_stable_id(f"{site_name}::all"), f"{site_name}")
    for t in topics:
        deck = genanki.Deck(_stable_id(f"{site_name}::{t.slug}"), f"{site_name}::{t.title}")
        for q in t.questions:
            note = note_of(q, t)  # the same card in its topic's deck and in the whole deck
            deck.add_note(note)
            everything.add_note(note)
        _write_package(genanki.Package(deck), out_dir / f"{t.slug}.apkg", timestamp)
        counts[f"{t.slug}.apkg"] = len(t.questions)
    _write_package(genanki.Package(everything), out_dir / "all.apkg", timestamp)
    counts["all.apkg"] = sum(len(t.questions) for t in topics)
    return counts


def _write_package(package, path: Path, timestamp: float) -> None:
    """genanki stamps the zip entries with the current time: re-stamp them, so builds repeat."""
    import time
    import zipfile

    package.write_to_file(path, timestamp=timestamp)
    stamp = time.gmtime(max(timestamp, 315532800))[:6]  # zip dates start in 1980
    with zipfile.ZipFile(path) as original:
        entries = [(info.filename, original.read(info)) for info in original.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as rewritten:
        for name, data in entries:
            rewritten.writestr(zipfile.ZipInfo(name, date_time=stamp), data, zipfile.ZIP_DEFLATED)
