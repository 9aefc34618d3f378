"""Every fence form and markdown-exec option notesite supports for Python runs, in the
build and under pytest, and none is left on the page as text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.content import fixture_project, run_in

MKDOCS = Path(sys.executable).parent / "mkdocs"

# What each block prints, built at run time: the page shows it only if the block ran.
OUTPUTS = [
    "FORM-blockquote",
    "FORM-list",
    "FORM-admonition",
    "FORM-tab",
    "FORM-tilde",
    "FORM-braces",
    "FORM-bare-option",
    "FORM-four-backticks",
    "FORM-pycon",
    "FORM-page-wide-1",
    "FORM-session-False",
    "FORM-workdir-from-data-folder",
    "FORM-width-40",
    "FORM-INCLUDED!",
    "FORM-tabbed-source",
    "<b>FORM-html</b>",
    "FORM-stdout-write",
]


def forms_project(tmp_path: Path) -> Path:
    return fixture_project("forms", tmp_path)


def run(command: list[str], project: Path) -> subprocess.CompletedProcess:
    return run_in(project, command)


def test_every_form_runs_in_the_build(tmp_path):
    """Each block's output is on the page; no fence header or notesite tag is left as text;
    a line marked `markdown-exec: hide` stays out of the folded snippet box."""
    project = forms_project(tmp_path)
    result = run([str(MKDOCS), "build", "--strict"], project)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (project / "site" / "index.html").read_text()
    missing = [text for text in OUTPUTS if text not in page]
    assert not missing
    assert "```" not in page and "~~~" not in page and "notesite_block" not in page
    assert "hidden-value" not in page
    # The folded box holds the rest of the snippet: 7 lines but the hidden one.
    assert "snippets/helper.py</code> (6 lines)" in page and 'nf">shout</span>' in page


def test_every_form_runs_under_pytest(tmp_path):
    """pytest finds the same blocks in the same forms, and they pass."""
    project = forms_project(tmp_path)
    result = run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "docs"], project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(OUTPUTS) + 1} passed" in result.stdout  # and the block that only sets a variable


def test_a_block_in_a_post_excerpt_shows_its_output_on_the_blog_index(tmp_path):
    """Material renders a post's excerpt again for the blog index: the block's output is
    there too, not its code; a raising block there fails the build, reported once."""
    project = fixture_project("excerpt", tmp_path)
    result = run([str(MKDOCS), "build", "--strict"], project)
    assert result.returncode == 0, result.stdout + result.stderr
    index = (project / "site" / "blog" / "index.html").read_text()
    assert "EXCERPT-42" in index and "```" not in index and "notesite_block" not in index
    post = project / "docs" / "blog" / "posts" / "post.md"
    post.write_text(post.read_text().replace("6 * 7", "6 / 0"))
    result = run([str(MKDOCS), "build"], project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert output.count("block failed at docs/blog/posts/post.md:8") == 1, output
