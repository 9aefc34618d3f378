"""Gathering questions and formulas from notes, and the decks made from them."""

import sqlite3
import zipfile

import pytest

from notesite import revision, revision_site
from notesite.revision import Note, RevisionError, read_note, relink

NOTE = Note("notes/calculus/slopes.md", "docs/notes/calculus/slopes.md", "Slopes", "calculus")

TEXT = """# Slopes

## The derivative

$$
f'(x) = \\lim_{h \\to 0} \\frac{f(x + h) - f(x)}{h}
$$

!!! note "In plain English"
    The slope at x is rise over run for a tiny run h.

```markdown
??? question "Inside a fence, not a question"
    Not an answer.
```

## Interview questions

??? question "What does a derivative of zero mean?"
    A flat spot: a minimum, a maximum or a saddle. See [optimisation](optimization-basics.md#saddle-points).

    Second paragraph with \\(x^2\\).
"""


def test_questions_and_formulas_with_their_lines_and_sections():
    """One question (not the fenced one) and one formula, each with line and section."""
    questions, formulas = read_note(TEXT, NOTE)
    assert [(q.text, q.line, q.section, q.anchor) for q in questions] == [
        ("What does a derivative of zero mean?", 19, "Interview questions", "interview-questions")
    ]
    assert questions[0].answer.endswith("Second paragraph with \\(x^2\\).")
    assert [(f.line, f.anchor) for f in formulas] == [(5, "the-derivative")]
    assert formulas[0].reading == "The slope at x is rise over run for a tiny run h."


def test_formula_without_reading_is_an_error():
    """A displayed formula with no "In plain English" box names its file and line."""
    with pytest.raises(
        RevisionError, match=r"docs/notes/calculus/slopes.md:3: formula has no reading"
    ):
        read_note("# T\n\n$$\nx\n$$\n\nText.\n", NOTE)


def test_card_identity_follows_the_question_only():
    """Changing the answer keeps the card id; changing the question makes a new card."""
    (a,), _ = read_note('??? question "Why?"\n    Because.\n', NOTE)
    (b,), _ = read_note('??? question "Why?"\n    Because, rewritten.\n', NOTE)
    (c,), _ = read_note('??? question "Why not?"\n    Because.\n', NOTE)
    assert a.card_id == b.card_id != c.card_id


def test_relink_moves_relative_links_and_keeps_the_rest():
    """Links are rewritten for the revision folder; absolute links and anchors stay."""
    text = "[a](optimization-basics.md#saddle-points) [b](https://x.org/a.md) [c](#here)"
    assert relink(text, "notes/calculus", "revision") == (
        "[a](../notes/calculus/optimization-basics.md#saddle-points) [b](https://x.org/a.md) [c](#here)"
    )


def test_decks_hold_every_question_with_stable_ids(tmp_path):
    """Each .apkg is a zip with a collection database; two writes give the same bytes."""
    docs = tmp_path / "docs"
    (docs / "notes" / "calculus").mkdir(parents=True)
    (docs / "notes" / "calculus" / "slopes.md").write_text(TEXT)
    topics = revision.gather(docs, tmp_path)
    first = revision_site.write_decks(
        topics, tmp_path / "a", "Site", "https://x.org/", 1764100000.0
    )
    revision_site.write_decks(topics, tmp_path / "b", "Site", "https://x.org/", 1764100000.0)
    assert first == {"calculus.apkg": 1, "all.apkg": 1}
    for name in first:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
        with zipfile.ZipFile(tmp_path / "a" / name) as deck:
            deck.extract("collection.anki2", tmp_path / name)
        with sqlite3.connect(tmp_path / name / "collection.anki2") as db:
            ((guid, fields),) = db.execute("select guid, flds from notes").fetchall()
        assert "What does a derivative of zero mean?" in fields
        assert "\\(x^2\\)" in fields  # MathJax delimiters Anki renders
        assert guid == __import__("genanki").guid_for(topics[0].questions[0].card_id)


def test_every_question_form_that_renders_as_a_question_is_gathered():
    """Capitalised, open (???+), admonition (!!!), extra classes and escaped quotes: each
    renders as a question box on the note, so each reaches the revision pages."""
    text = "\n".join(
        [
            '??? Question "Capitalised?"',
            "    One.",
            '???+ question "Open?"',
            "    Two.",
            '!!! question "Admonition?"',
            "    Three.",
            '??? question inline end "Classes?"',
            "    Four.",
            '??? question "What does \\"x\\" mean?"',
            "    Five.",
        ]
    )
    questions, _ = read_note(text, NOTE)
    assert [q.text for q in questions] == [
        "Capitalised?",
        "Open?",
        "Admonition?",
        "Classes?",
        'What does \\"x\\" mean?',
    ]
    assert [q.answer for q in questions] == ["One.", "Two.", "Three.", "Four.", "Five."]


def test_house_style_off_leaves_formulas_without_readings_off_the_cheat_sheet():
    """Without the house style, a formula with no reading is no error, and not gathered."""
    questions, formulas = read_note("$$\nx^2\n$$\n\nSome prose.", NOTE, house_style=False)
    assert formulas == [] and questions == []
