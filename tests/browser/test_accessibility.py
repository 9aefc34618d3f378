"""axe-core finds no serious or critical accessibility problem on the main kinds of page."""

from __future__ import annotations

import pytest

from tests.content import note_pages, url_of

# Home, the first note (math, code, plots), the blog, and the revision pages.
PAGES = ["", *[url_of(p) for p in note_pages()[:1]], "blog/", "revision/", "revision/flashcards/"]


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(visit, path):
    """axe-core reports zero serious or critical violations, light and dark."""
    from axe_playwright_python.sync_playwright import Axe

    for scheme in ["light", "dark"]:
        tab = visit(color_scheme=scheme)
        tab.open(path)
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
