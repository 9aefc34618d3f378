"""Learning paths: prerequisites checked, a reading order that respects them, uses and
backlinks, the concept map."""

from __future__ import annotations

from pathlib import Path

import pytest

from notesite import paths


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def note(src: str, requires=(), links=()) -> paths.Note:
    return paths.Note(
        src, src.split("/")[-1][:-3], list(requires), {r: 3 for r in requires}, set(links)
    )


def test_read_note_finds_the_line_of_each_prerequisite_and_its_links(tmp_path):
    """Each requirement's own line (list form), and links resolved from the note's folder."""
    path = write(
        tmp_path,
        "a.md",
        "---\ntitle: A\nrequires:\n  - notes/x/b.md\n  - notes/y/c.md\n---\n\n# A\n\nSee [B](b.md#part) and [C](../y/c.md).\n",
    )
    read = paths.read_note("notes/x/a.md", path, "docs/notes/x/a.md")
    assert read.title == "A"
    assert read.requires == ["notes/x/b.md", "notes/y/c.md"]
    assert read.lines == {"notes/x/b.md": 4, "notes/y/c.md": 5}
    assert read.links == {"notes/x/b.md", "notes/y/c.md"}


def test_requires_must_be_a_list_of_pages(tmp_path):
    path = write(tmp_path, "a.md", "---\ntitle: A\nrequires: notes/x/b.md\n---\n# A\n")
    with pytest.raises(paths.PathError, match=r"docs/a.md:3: `requires:` must be a list"):
        paths.read_note("notes/x/a.md", path, "docs/a.md")


def test_unknown_prerequisites_and_cycles_fail_with_file_and_line():
    notes = {"n/a.md": note("n/a.md", ["n/missing.md"])}
    with pytest.raises(paths.PathError, match=r"^docs/n/a.md:3: requires 'n/missing.md'"):
        paths.check(notes, {"n/a.md"}, lambda src: f"docs/{src}")
    notes = {
        "n/a.md": note("n/a.md", ["n/c.md"]),
        "n/b.md": note("n/b.md", ["n/a.md"]),
        "n/c.md": note("n/c.md", ["n/b.md"]),
    }
    with pytest.raises(paths.PathError, match=r"circle: n/a.md -> n/c.md -> n/b.md -> n/a.md"):
        paths.check(notes, set(notes), lambda src: f"docs/{src}")


def test_reading_order_puts_prerequisites_first_and_follows_the_nav_otherwise():
    notes = {
        "n/svd.md": note("n/svd.md", ["n/eigen.md"]),
        "n/eigen.md": note("n/eigen.md", ["n/vectors.md"]),
        "n/vectors.md": note("n/vectors.md"),
        "n/bayes.md": note("n/bayes.md"),
    }
    nav = ["n/svd.md", "n/bayes.md", "n/eigen.md", "n/vectors.md"]
    order = paths.reading_order(notes, nav)
    assert order == ["n/bayes.md", "n/vectors.md", "n/eigen.md", "n/svd.md"]
    for src, item in notes.items():
        assert all(order.index(r) < order.index(src) for r in item.requires)


def test_uses_and_backlinks_are_the_reverse_relations():
    notes = {
        "n/a.md": note("n/a.md", links=["n/b.md", "n/a.md"]),
        "n/b.md": note("n/b.md", ["n/a.md"], links=["n/c.md"]),
        "n/c.md": note("n/c.md", ["n/a.md", "n/b.md"]),
    }
    assert paths.used_in(notes)["n/a.md"] == ["n/b.md", "n/c.md"]
    assert paths.linked_from(notes) == {"n/a.md": [], "n/b.md": ["n/a.md"], "n/c.md": ["n/b.md"]}


def test_concept_map_has_every_note_as_a_link_and_every_prerequisite_as_an_arrow():
    notes = {
        "notes/la/v.md": note("notes/la/v.md"),
        "notes/la/e.md": note("notes/la/e.md", ["notes/la/v.md"]),
        "notes/st/d.md": note("notes/st/d.md", ["notes/la/v.md"]),
    }
    order = paths.reading_order(notes, [])
    drawing = paths.concept_map(notes, order, lambda s: s.split("/")[1], lambda s: s[:-3] + "/")
    picture, listing = drawing.split("</div></div>")
    assert picture.count('<a class="notesite-map-node"') == 3
    assert picture.count("marker-end") == 2 and 'aria-hidden="true"' in picture
    assert listing.count("<li>") == 3 and "e</a>: builds on v" in listing


def test_foundations_are_the_note_and_everything_it_requires():
    notes = {
        "n/svd.md": note("n/svd.md", ["n/eigen.md"]),
        "n/eigen.md": note("n/eigen.md", ["n/vectors.md", "n/det.md"]),
        "n/det.md": note("n/det.md", ["n/vectors.md"]),
        "n/vectors.md": note("n/vectors.md"),
        "n/bayes.md": note("n/bayes.md"),
    }
    assert sorted(paths.foundations(notes, "n/svd.md")) == [
        "n/det.md",
        "n/eigen.md",
        "n/svd.md",
        "n/vectors.md",
    ]
    assert paths.foundations(notes, "n/bayes.md") == ["n/bayes.md"]
