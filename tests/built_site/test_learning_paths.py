"""Learning paths on the built site: every note shows what to read first, where it is used
and what links to it; topic pages give a reading order; the concept map has every note."""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml

from tests.content import DOCS, note_pages, url_of


def requires(note: Path) -> list[str]:
    return yaml.safe_load(note.read_text().split("---\n")[1]).get("requires") or []


def titles(page: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r"<a [^>]*>([^<]*)</a>", page)]


def title_of(src: str) -> str:
    return yaml.safe_load((DOCS / src).read_text().split("---\n")[1])["title"]


def test_every_note_declares_its_prerequisites():
    """The example site opts in: each note has `requires:` (an empty list is a start)."""
    for note in note_pages():
        assert "requires" in yaml.safe_load(note.read_text().split("---\n")[1]), note


def test_each_note_shows_its_place_under_its_title(built_site: Path):
    """Read first lists exactly the note's prerequisites, in order; a note that another
    requires lists that one under "Where this is used"."""
    notes = note_pages()
    if not any(requires(n) for n in notes):
        return  # a site without prerequisites shows no panel
    used_by = {n.relative_to(DOCS).as_posix(): [] for n in notes}
    for n in notes:
        for r in requires(n):
            used_by[r].append(title_of(n.relative_to(DOCS).as_posix()))
    for n in notes:
        html = (built_site / url_of(n) / "index.html").read_text()
        panel = re.search(r'<details class="abstract notesite-paths">(.*?)</details>', html, re.S)
        assert panel and html.index("</h1>") < panel.start(), n
        rows = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", panel[1]))
        assert titles(rows["Read first"]) == [title_of(r) for r in requires(n)], n
        assert sorted(titles(rows["Where this is used"])) == sorted(
            used_by[n.relative_to(DOCS).as_posix()]
        ), n


def test_topic_pages_give_an_order_that_respects_prerequisites(built_site: Path):
    notes = note_pages()
    if not any(requires(n) for n in notes):
        return
    for index in sorted(DOCS.glob("notes/*/index.md")):
        html = (built_site / index.parent.relative_to(DOCS) / "index.html").read_text()
        section = html.split('<h2 id="reading-order">', 1)[1]
        topic_order = titles(section.split("<details", 1)[0])
        expected = [n for n in notes if n.parent == index.parent]
        assert sorted(topic_order) == sorted(
            title_of(n.relative_to(DOCS).as_posix()) for n in expected
        )
        site_order = titles(section.split("<details", 1)[1].split("</details>")[0])
        position = {t: i for i, t in enumerate(site_order)}
        for n in notes:
            for r in requires(n):
                assert position[title_of(r)] < position[title_of(n.relative_to(DOCS).as_posix())]


def test_concept_map_has_every_note(built_site: Path):
    notes = note_pages()
    if not any(requires(n) for n in notes):
        return
    page = (built_site / "notes/map/index.html").read_text()
    picture, listing = page.split('<div class="notesite-map"', 1)[1].split("</div></div>", 1)
    expected = {title_of(n.relative_to(DOCS).as_posix()) for n in notes}
    assert set(titles(picture)) == expected
    assert picture.count("marker-end") == sum(len(requires(n)) for n in notes)
    assert expected == set(titles(listing.split("</ol>")[0]))
