"""The real site builds strictly, shows executed output, and builds the same twice."""

from __future__ import annotations

import filecmp
import re
from pathlib import Path

from tests.content import DOCS, need_example, note_pages, url_of


def test_pages_are_built(built_site: Path):
    """Home, 404, and a page for every note and notebook in docs/."""
    pages = ["index.html", "404.html"]
    pages += [url_of(p) + "index.html" for p in note_pages() + sorted(DOCS.rglob("*.ipynb"))]
    for page in pages:
        assert (built_site / page).is_file(), page


def test_every_plot_is_an_svg_file_with_a_description(built_site: Path):
    """Each plot on any page is an image of an SVG file under assets/plots, with alt text."""
    for page in built_site.rglob("*.html"):
        for alt, src in re.findall(
            r'<img class="plot" alt="([^"]*)"[^>]* src="([^"]+)"', page.read_text()
        ):
            assert alt.strip(), page
            plot = (page.parent / src).resolve()
            assert plot.parent == (built_site / "assets" / "plots").resolve()
            assert "<svg" in plot.read_text()


def test_note_shows_real_output_and_an_inline_plot(built_site: Path):
    """The note carries what its blocks printed, and its plot as an SVG file with alt text."""
    need_example("docs/notes/linear-algebra/vectors-and-matrices.md")
    page = built_site / "notes/linear-algebra/vectors-and-matrices/index.html"
    html = page.read_text()
    assert "angle (deg)  = 90.0" in html
    (src,) = re.findall(
        r'<img class="plot" alt="The unit square under A = \[\[2, 1\], \[0, 1\]\]"[^>]* src="([^"]+)"',
        html,
    )
    plot = (page.parent / src).resolve()
    assert plot.parent == (built_site / "assets" / "plots").resolve()
    assert plot.read_text().lstrip().startswith("<?xml") and "<svg" in plot.read_text()


def test_notebook_page_shows_executed_outputs(built_site: Path):
    """The notebook was executed at build time: its printed line is on the page."""
    need_example("docs/notebooks/dot-products.ipynb")
    html = (built_site / "notebooks/dot-products/index.html").read_text()
    assert "loop: 9.000000  numpy: 9.000000" in html


def differing_files(a: Path, b: Path) -> list[str]:
    comparison = filecmp.dircmp(a, b)
    found = [
        str(Path(comparison.left, n).relative_to(a))
        for n in comparison.diff_files + comparison.left_only + comparison.right_only
    ]
    for name in comparison.subdirs:
        found += [f"{name}/{f}" for f in differing_files(a / name, b / name)]
    return found


def test_two_builds_give_the_same_bytes(built_site: Path, build_site, tmp_path: Path):
    """Seeded code, fixed SVG ids and no dates: a second build changes no file.

    The first build ran every block; this one takes them from the execution cache,
    so this also shows that cached output is exactly what running the blocks gives.
    """
    result = build_site(tmp_path / "again")
    assert result.returncode == 0, result.stdout + result.stderr
    assert differing_files(built_site, tmp_path / "again") == []
