"""A Material site that only adds `notesite` to its plugins (no notes folder, snippets,
math or revision) gets per-page execution, the cache, the time limit and file:line
errors, in the build (strict or not) and under pytest, and nothing it did not ask for."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.content import fixture_project, run_in

MKDOCS = Path(sys.executable).parent / "mkdocs"


def bare_project(tmp_path: Path) -> Path:
    return fixture_project("bare", tmp_path)


def run(command: list[str], project: Path) -> subprocess.CompletedProcess:
    return run_in(project, command, without=("NODE_PATH",))  # a bare site has no npm packages


def build(project: Path, *options: str) -> tuple[int, str]:
    result = run([str(MKDOCS), "build", *options], project)
    return result.returncode, result.stdout + result.stderr


def add_block(project: Path, code: str) -> int:
    """Append a block to the page; the line of its opening fence."""
    page = project / "docs" / "index.md"
    text = page.read_text()
    page.write_text(f'{text}\n```python exec="on"\n{code}\n```\n')
    return text.count("\n") + 2


def test_builds_with_output_and_nothing_unasked(tmp_path):
    """Blocks run and share the page's variables; no revision section, no math rendering,
    no house-style errors; a second build takes every block from the cache."""
    project = bare_project(tmp_path)
    code, output = build(project, "--strict")
    assert code == 0, output
    page = (project / "site" / "index.html").read_text()
    assert "total is 6" in page and "twice the total is 12" in page
    assert not (project / "site" / "revision").exists()
    assert "katex" not in page.lower()
    assert "2 blocks: 2 run, 0 from cache" in output
    code, output = build(project, "--strict")
    assert code == 0 and "2 blocks: 0 run, 2 from cache" in output, output


def test_a_raising_block_fails_the_build_strict_or_not(tmp_path):
    """The build fails with the file and line, even without --strict."""
    project = bare_project(tmp_path)
    line = add_block(project, "print(total / 0)")
    for options in [(), ("--strict",)]:
        code, output = build(project, *options)
        assert code != 0, output
        expected = (
            f"docs/index.md:{line}: block failed at docs/index.md:{line + 1}: ZeroDivisionError"
        )
        assert expected in output


def test_the_time_limit_holds(tmp_path):
    """`timeout` under the plugin stops a block that never ends."""
    project = bare_project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - notesite\n", "  - notesite:\n      timeout: 1\n")
    )
    line = add_block(project, "while True:\n    pass")
    code, output = build(project)
    assert code != 0
    assert f"docs/index.md:{line}: block ran longer than the 1 s time limit" in output


def test_pytest_runs_the_blocks(tmp_path):
    """`pytest` in the project collects the page's blocks because mkdocs.yml lists notesite,
    and fails a raising block with its file and line."""
    project = bare_project(tmp_path)
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "docs"]
    result = run(command, project)
    assert result.returncode == 0 and "2 passed" in result.stdout, result.stdout + result.stderr
    line = add_block(project, "print(total / 0)")
    result = run(command, project)
    assert result.returncode == 1
    assert (
        f"docs/index.md:{line}: block failed at docs/index.md:{line + 1}: ZeroDivisionError"
        in result.stdout
    )


def test_pytest_leaves_other_projects_alone(tmp_path):
    """Where mkdocs.yml does not list notesite, a bare `pytest` collects no Markdown
    (here: a raising block that would fail), unless asked with --notesite."""
    project = bare_project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("plugins:\n  - notesite\n", "plugins:\n  - search\n")
    )
    add_block(project, "print(1 / 0)")
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "docs"]
    result = run(command, project)
    assert result.returncode == 5, result.stdout  # 5: no tests collected
    result = run([*command, "--notesite"], project)
    assert result.returncode == 1 and "ZeroDivisionError" in result.stdout
