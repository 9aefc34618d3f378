"""Broken sites fail the build and the block tests, naming the file and line.

Each case in tests/fixtures/broken/<case>/docs is copied, with the shared
mkdocs.yml and snippets in _common/, into a temporary project; then both
`mkdocs build --strict` and `pytest` are run on it as a user would run them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "broken"
BIN = Path(sys.executable).parent

# case: the lines both the build and the tests must print
EXPECTED = {
    "raises": [
        "docs/index.md:5: block failed at snippets/statistics.py:6: ZeroDivisionError: division by zero",
        "docs/index.md:8, in <module>",
        "snippets/statistics.py:6, in mean",
    ],
    "syntax-error": ["docs/index.md:8: syntax error at docs/index.md:10: '(' was never closed"],
    "missing-include": [
        "docs/index.md:5: include not found: Snippet at path 'snippets/not-there.py' could not be found"
    ],
    "sys-exit": ["docs/index.md:5: block called sys.exit(3)", "docs/index.md:8, in <module>"],
    "runaway": [
        "docs/index.md:7: block ran longer than the 2 s time limit",
        "docs/index.md:9, in <module>",
    ],
    "bad-front-matter": [
        "docs/index.md:3: bad front matter: while scanning a quoted scalar: found unexpected end of stream"
    ],
    "unanswered-question": [
        'docs/notes/topic/note.md:5: question "What is a gradient?" has no answer'
    ],
    "duplicate-question": [
        'docs/notes/topic/second.md:9: question "Why does the  learning rate matter?" is also asked at docs/notes/topic/first.md:3'
    ],
    "bad-math": [
        r'docs/index.md:10: KaTeX cannot render "\frac{a}{b} + \notacommand{c}": KaTeX parse error: Undefined control sequence'
    ],
    "notebook": [
        "docs/index.ipynb: In[2] (cell 3 of 3), line 1 failed: ZeroDivisionError: division by zero",
        "  ----> 1 y = x / 0",
    ],
    # TeX in a notebook's Markdown cell goes through the same KaTeX as the notes.
    "notebook-bad-math": [
        r'docs/index.ipynb: cell 2 of 2 (Markdown), line 4: KaTeX cannot render "\frac{a}{b} + \notacommand{c}"'
    ],
    "notebook-broken-link": [
        "docs/index.ipynb: cell 1 of 2 (Markdown), line 3: links to 'images/missing.png', which is not in the site"
    ],
    # Prerequisites must be pages, and must not go round in a circle.
    "requires-unknown": [
        "docs/notes/topic/note.md:4: requires 'notes/topic/not-written-yet.md', which is not a page of the site"
    ],
    "requires-cycle": [
        "docs/notes/topic/second.md:3: prerequisites go round in a circle: notes/topic/first.md -> notes/topic/second.md -> notes/topic/first.md"
    ],
    # A page that silences logging cannot hide a later page's failure from strict mode.
    "logging-disabled": [
        "docs/b.md:3: block failed at docs/b.md:4: ZeroDivisionError: division by zero"
    ],
    "os-exit": ["docs/index.md:3: block ended its worker process (exit status 0)"],
    # Its worker is still running when the page is converted: the failure comes later.
    "late-raises": [
        "docs/index.md:5: block failed at docs/index.md:9: ZeroDivisionError: division by zero"
    ],
    # Per cell: the cell is named, long before the notebook's whole budget (44 s) runs out.
    "notebook-runaway": [
        "docs/index.ipynb: In[2] (cell 3 of 13) ran longer than the 2 s time limit and its kernel was stopped"
    ],
    # Fences that superfences would leave as text, or markdown-exec could not use.
    "fence-dropped": [
        "docs/index.md:5: executable fence would be shown as text: a line inside it is indented less than its opening"
    ],
    "fence-unquoted": ["docs/index.md:3: fence options `exec=on` cannot be read"],
    "fence-bad-option": ['docs/index.md:3: source="sideways" is not one of'],
    "fence-printed": [
        "docs/index.md: an executable fence that is not written in the page's Markdown"
    ],
    # Questions in a form the revision pages could not use, or that shows as plain text.
    "question-no-title": ["docs/notes/topic/note.md:5: question has no title"],
    "question-single-quotes": [
        "docs/notes/topic/note.md:5: a title in single quotes shows as plain text"
    ],
    "front-matter-list": ["docs/index.md:2: front matter is a list, not `key: value` lines"],
    "title-not-text": ["docs/index.md:3: `title:` must be text"],
    "bad-utf8-note": ["docs/index.md:4: not valid UTF-8 (byte 0xe9)"],
    "bad-utf8-snippet": ["docs/index.md:3: snippets/latin.py:2: not valid UTF-8 (byte 0xe9)"],
}


# Problems in the site's structure, not in a block: only the build reports them.
BUILD_ONLY = {
    "bad-front-matter",
    "unanswered-question",
    "duplicate-question",
    "bad-math",
    # The printed fence is only Markdown once the build renders the output.
    "fence-printed",
    "question-no-title",
    "question-single-quotes",
    "front-matter-list",
    "title-not-text",
    # What a notebook page shows is checked when the page is rendered, not when it runs.
    "notebook-bad-math",
    "notebook-broken-link",
    "requires-unknown",
    "requires-cycle",
}


def make_project(case: str, tmp_path: Path) -> Path:
    project = tmp_path / case
    shutil.copytree(FIXTURES / "_common", project)
    shutil.copytree(FIXTURES / case / "docs", project / "docs")
    if (FIXTURES / case / "snippets").is_dir():
        shutil.copytree(FIXTURES / case / "snippets", project / "snippets", dirs_exist_ok=True)
    (project / "pytest.ini").write_text("[pytest]\n")
    return project


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_build_fails_naming_file_and_line(case, tmp_path):
    """`mkdocs build --strict` exits non-zero and prints where the block broke."""
    project = make_project(case, tmp_path)
    result = run([str(BIN / "mkdocs"), "build", "--strict"], project)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    for line in EXPECTED[case]:
        assert output.count(line) == 1, output  # named, and once


@pytest.mark.parametrize("case", sorted(set(EXPECTED) - BUILD_ONLY))
def test_block_tests_fail_naming_file_and_line(case, tmp_path):
    """`pytest` on the broken docs fails, with the same location in its report."""
    project = make_project(case, tmp_path)
    result = run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "docs"], project)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    for line in EXPECTED[case]:
        assert line in output


def test_fixed_site_builds(tmp_path):
    """The fixture set-up itself is sound: the raising case builds once the snippet is fixed."""
    project = make_project("raises", tmp_path)
    page = project / "docs" / "index.md"
    page.write_text(page.read_text().replace("mean([])", "mean([1, 2, 3])"))
    result = run([str(BIN / "mkdocs"), "build", "--strict"], project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2.0" in (project / "site" / "index.html").read_text()


def isolated_project(tmp_path: Path) -> Path:
    project = tmp_path / "isolated"
    shutil.copytree(FIXTURES / "_common", project)
    shutil.copytree(FIXTURES.parent / "isolated" / "docs", project / "docs")
    (project / "pytest.ini").write_text("[pytest]\n")
    return project


def test_no_page_reaches_another(tmp_path):
    """A page that changes the working directory, sys.path, builtins, rcParams, the random
    state, logging, warnings and the environment leaves every other page a clean
    interpreter: in the build and under pytest."""
    project = isolated_project(tmp_path)
    result = run([str(BIN / "mkdocs"), "build", "--strict"], project)
    assert result.returncode == 0, result.stdout + result.stderr
    values = {
        (project / "site" / f"probe-{n}" / "index.html")
        .read_text()
        .split("global random state: ")[1][:14]
        for n in range(1, 7)
    }
    assert len(values) == 1  # every page starts from the same state, whatever ran before
    result = run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "docs"], project)
    assert result.returncode == 0, result.stdout + result.stderr


def build_with_jobs(project: Path, jobs: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "NOTESITE_FRESH": "1",
        "NOTESITE_JOBS": jobs,
        "SOURCE_DATE_EPOCH": "0",
    }
    command = [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", f"site-{jobs}"]
    return subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, timeout=300
    )


def test_parallel_build_is_byte_for_byte_the_serial_one(tmp_path):
    """Pages run in parallel give the same site as pages run one at a time."""
    project = isolated_project(tmp_path)
    sites = {}
    for jobs in ("1", "2"):
        result = build_with_jobs(project, jobs)
        assert result.returncode == 0, result.stdout + result.stderr
        assert f"{jobs} at once" in result.stderr
        root = project / f"site-{jobs}"
        sites[jobs] = {
            p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
        }
    assert sites["1"].keys() == sites["2"].keys()
    assert [p for p in sites["1"] if sites["1"][p] != sites["2"][p]] == []


LATE_PAGE = """# Late

```python exec="on" result="text"
import time

time.sleep(1.5)
print("LATE-text & <b>")
```

```python exec="on" html="on"
print('<img alt="LATE-inline" src="data:,">')
```

```python exec="on" html="on"
print("<div>LATE-block</div>")
```

- In a list:

    ```python exec="on" result="text"
    print("LATE-in-list")
    ```
"""


def late_project(tmp_path: Path, hook: str = "") -> Path:
    project = tmp_path / "late"
    shutil.copytree(FIXTURES / "_common", project)
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text(LATE_PAGE)
    (project / "docs" / "other.md").write_text("# Other\n\nNo blocks.\n")
    config = project / "mkdocs.yml"  # with search, which indexes what the pages show
    config.write_text(config.read_text().replace("plugins:\n", "plugins:\n  - search\n", 1))
    if hook:
        (project / "hook.py").write_text(hook)
        with (project / "mkdocs.yml").open("a") as config:
            config.write("hooks:\n  - hook.py\n")
    return project


def test_outputs_put_in_after_their_page_are_what_a_serial_build_shows(tmp_path):
    """A page converted while its worker still runs gets its outputs afterwards: the same
    bytes as a serial build (paragraphs around inline HTML, none around blocks), and in
    the search index."""
    project = late_project(tmp_path)
    late = build_with_jobs(project, "2")
    assert late.returncode == 0, late.stdout + late.stderr
    assert "4 outputs put in after their page" in late.stderr
    serial = build_with_jobs(project, "1")
    assert serial.returncode == 0, serial.stdout + serial.stderr
    assert "put in after" not in serial.stderr
    page = (project / "site-2" / "index.html").read_text()
    assert page == (project / "site-1" / "index.html").read_text()
    assert '<p><img alt="LATE-inline"' in page and "<div>LATE-block</div>" in page
    assert "LATE-text &amp; &lt;b&gt;" in page and "LATE-in-list" in page
    assert "notesite-deferred" not in page
    index = (project / "site-2" / "search" / "search_index.json").read_text()
    assert "LATE-text" in index and "notesite-deferred" not in index


COPYING_HOOK = """
from pathlib import Path

copies = {}


def on_page_content(html, page, config, files):
    copies[page.file.src_uri] = html  # the page's HTML, before notesite puts outputs in


def on_post_build(config):
    Path(config.site_dir, "copies.txt").write_text("\\n".join(copies.values()))
"""


def test_a_plugin_that_copies_a_page_before_its_outputs_are_in_fails_the_build(tmp_path):
    """What a page shows is what its code gives, in every file: a copy of a page made
    before its outputs were put in fails the build, naming the file."""
    project = late_project(tmp_path, COPYING_HOOK)
    result = build_with_jobs(project, "2")
    assert result.returncode != 0
    assert "block outputs are missing from copies.txt" in result.stderr
    assert build_with_jobs(project, "1").returncode == 0
