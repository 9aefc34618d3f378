"""The course-notebook fixture in a real browser: figures drawn, math typeset, the copy
button copying the code as written, the relative image loaded, and no other host asked."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from notesite.pages_server import serve
from tests.browser.conftest import Visit
from tests.content import fixture_project, run_in

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def course_url(tmp_path_factory):
    project = fixture_project("notebooks", tmp_path_factory.mktemp("course-browser"))
    result = run_in(project, [str(BIN / "mkdocs"), "build", "--strict"], env={"MPLBACKEND": "Agg"})
    assert result.returncode == 0, result.stdout + result.stderr
    server = serve(project / "site", "/course/")
    yield f"http://127.0.0.1:{server.server_port}/course/"
    server.shutdown()
    server.server_close()


def test_course_notebook_as_jupyter_shows_it(browser, course_url, tmp_path):
    """Both figures and the relative image have loaded pixels, the math is KaTeX with no
    raw TeX in sight, and nothing came from another host."""
    tab = Visit(browser, course_url, permissions=["clipboard-read", "clipboard-write"])
    try:
        tab.open("course/lab/")
        images = tab.page.eval_on_selector_all(
            ".jupyter-wrapper img",
            "imgs => imgs.map(i => [i.getAttribute('src').slice(0, 22), i.naturalWidth])",
        )
        assert len(images) == 3 and all(width > 0 for _, width in images), images
        markdown = tab.page.inner_text(".jupyter-wrapper .jp-RenderedMarkdown >> nth=1")
        assert "\\begin" not in markdown and "\\(" not in markdown and "$$" not in markdown
        assert tab.page.locator(".jupyter-wrapper .jp-RenderedMarkdown .katex").count() >= 6
        assert "The course costs $5 and the book $10" in markdown
        tab.page.locator(".jupyter-wrapper").screenshot(path=str(tmp_path / "lab.png"))
        tab.page.locator("clipboard-copy >> nth=0").click()
        copied = tab.page.evaluate("navigator.clipboard.readText()")
        assert "plt.xlabel('$x$')" in copied
        assert not tab.third_party, tab.third_party
        assert not tab.console_errors, tab.console_errors
        tab.open("course/widgets/")
        assert "An interactive widget was here" in tab.page.inner_text(".md-content")
        assert not tab.third_party, tab.third_party
    finally:
        tab.context.close()
