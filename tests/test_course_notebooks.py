"""Course notebooks as learners bring them (tests/fixtures/notebooks): plots without
`%matplotlib inline`, bare `align`, `\\(...\\)`, macros, prices, a relative image, helper
files beside the notebook, a widget. The site shows them as Jupyter does, or says why.

The fixture is built the way `make build` builds, with MPLBACKEND=Agg exported.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from tests.content import fixture_project, run_in

BIN = Path(sys.executable).parent
CDN = re.compile(r"unpkg\.com|jsdelivr\.net|cdnjs\.cloudflare|<script[^>]*mathjax", re.I)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """(project, site, build output) of one build of the course fixture."""
    project = fixture_project("notebooks", tmp_path_factory.mktemp("course"))
    result = run_in(project, [str(BIN / "mkdocs"), "build", "--strict"], env={"MPLBACKEND": "Agg"})
    assert result.returncode == 0, result.stdout + result.stderr
    return project, project / "site", result.stdout + result.stderr


def markdown_cells(page: str) -> str:
    """The rendered Markdown cells of a notebook page."""
    return "".join(re.findall(r'data-mime-type="text/markdown">(.*?)</div>', page, re.S))


def test_plots_appear_without_matplotlib_inline(course):
    """Both plt.show() figures are inline PNGs, though the build exports MPLBACKEND=Agg."""
    _, site, _ = course
    page = (site / "course/lab/index.html").read_text()
    assert len(re.findall(r'<img[^>]*src="data:image/png;base64,', page)) == 2
    assert "<Figure size" not in page


def test_math_in_every_jupyter_form_is_rendered_at_build_time(course):
    """$, $$, \\(, \\[, bare align and a \\newcommand macro all become KaTeX; nothing raw is left."""
    _, site, _ = course
    cells = markdown_cells((site / "course/lab/index.html").read_text())
    annotations = re.findall(
        r'<annotation encoding="application/x-tex">(.*?)</annotation>', cells, re.S
    )
    assert len(annotations) == 7  # the macro's own formula renders to nothing visible
    for tex in [r"w \in \R^d", r"L(w) = \|Xw - y\|^2.", "x_1 + x_2", r"\hat{y} = X w^\star"]:
        assert tex in annotations
    assert any(r"\begin{align*}" in a for a in annotations)  # unnumbered, as Jupyter shows it
    visible = re.sub(r"<annotation.*?</annotation>", "", cells, flags=re.S)
    assert "\\begin" not in visible and "\\(" not in visible and "(w \\in" not in visible
    assert 'mathvariant="double-struck">R' in cells  # \R from the notebook's \newcommand
    # A heading with math keeps the id nbconvert gave it, which the table of contents uses.
    assert '<h2 id="the-l2-norm">The <span class="katex">' in cells


def test_prices_and_escaped_dollars_stay_text(course):
    """`$5 and the book $10` is not math (Pandoc's rule); `\\$3` is a dollar sign."""
    _, site, _ = course
    cells = markdown_cells((site / "course/lab/index.html").read_text())
    assert "The course costs $5 and the book $10, which is not math." in cells
    assert "A literal $3 too." in cells


def test_copy_button_copies_code_as_written(course):
    """The hidden copy text holds `plt.xlabel('$x$')`, not KaTeX's rendering of it."""
    _, site, _ = course
    page = (site / "course/lab/index.html").read_text()
    copy_texts = re.findall(r'<div class="clipboard-copy-txt"[^>]*>(.*?)</div>', page, re.S)
    assert any("plt.xlabel('$x$')" in text.replace("&#39;", "'") for text in copy_texts)


def test_relative_image_and_link_resolve_and_unlinked_files_stay_out(course):
    """images/figure.png and helper.py are linked from the page's folder and published; the
    data file nobody links is not."""
    _, site, output = course
    page = (site / "course/lab/index.html").read_text()
    assert 'src="../images/figure.png"' in page
    assert 'href="../helper.py"' in page
    assert (site / "course/images/figure.png").is_file()
    assert (site / "course/helper.py").is_file()
    assert not (site / "course/data.csv").exists()
    assert "course/data.csv" in output  # said, not silent


def test_widgets_become_a_note_and_nothing_loads_from_a_cdn(course):
    """A widget output is replaced by a static note; no page names a CDN."""
    _, site, _ = course
    widgets = (site / "course/widgets/index.html").read_text()
    assert "An interactive widget was here" in widgets
    assert '<script type="application/vnd.jupyter.widget-view+json">' not in widgets
    for page in site.rglob("*.html"):
        assert not CDN.search(page.read_text()), page


def test_nav_title_wins_and_kernels_are_quiet(course):
    """The title mkdocs.yml gives the notebook is the page's; kernel start-up logs nothing."""
    _, site, output = course
    assert (
        "<title>Lab one, as the course calls it - Course notebooks</title>"
        in (site / "course/lab/index.html").read_text()
    )
    assert "without encryption" not in output and "IPKernelApp" not in output


def test_files_beside_a_notebook_are_in_its_cache_key(course):
    """Editing the data file the notebook reads runs the notebook again; an unchanged
    project uses the cache."""
    project, _, _ = course
    build = [str(BIN / "mkdocs"), "build", "--strict"]
    again = run_in(project, build, env={"MPLBACKEND": "Agg"})
    assert "Cache hit: " in again.stdout + again.stderr
    data = project / "docs/course/data.csv"
    data.write_text(data.read_text() + "3,7\n")
    edited = run_in(project, build, env={"MPLBACKEND": "Agg"})
    output = edited.stdout + edited.stderr
    assert edited.returncode == 0, output
    assert "Cache miss, writing: " + str(project / "docs/course/lab.ipynb") in output
    assert "rows: 4" in (project / "site/course/lab/index.html").read_text()
