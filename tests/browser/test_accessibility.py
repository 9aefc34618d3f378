"""axe-core finds no serious or critical accessibility problem on the main kinds of page."""

from __future__ import annotations

import pytest

from tests.content import DOCS, note_pages, url_of

NOTEBOOKS = sorted(p for p in DOCS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
# The concept map exists once notes declare prerequisites.
MAP = ["notes/map/"] if any("\nrequires: [notes/" in p.read_text() for p in note_pages()) else []

# Home, the first note (math, code, plots), a notebook, the blog, the revision pages, the
# concept map.
PAGES = [
    "",
    *[url_of(p) for p in note_pages()[:1]],
    *[url_of(p) for p in NOTEBOOKS[:1]],
    "blog/",
    "revision/",
    "revision/flashcards/",
    "revision/cheatsheet/",
    *MAP,
]


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(visit, path):
    """axe-core reports zero serious or critical violations, light and dark."""
    from axe_playwright_python.sync_playwright import Axe

    for scheme in ["light", "dark"]:
        tab = visit(color_scheme=scheme)
        tab.open(path)
        # Long pages skip drawing what is off screen (content-visibility); axe needs every
        # element drawn to judge its colours.
        tab.page.add_style_tag(content="* { content-visibility: visible !important; }")
        violations = Axe().run(tab.page).response["violations"]
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} -- "
            + "; ".join(n["target"][0] for n in v["nodes"][:3])
            for v in violations
            if v["impact"] in {"serious", "critical"}
        ]
        assert serious == [], f"{scheme}: " + " | ".join(serious)


def test_headings_go_down_one_level_at_a_time(visit):
    """On every note, no heading skips a level (h2 straight to h4)."""
    for note in note_pages():
        check_headings(visit, url_of(note))


def check_headings(visit, path: str) -> None:
    tab = visit()
    tab.open(path)
    levels = tab.page.eval_on_selector_all(
        ".md-content h1, .md-content h2, .md-content h3, .md-content h4, .md-content h5, .md-content h6",
        "els => els.map(e => Number(e.tagName[1]))",
    )
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
