"""`make new-site`: a notes site of the learner's own, with none of this site's notes,
whose own two commands pass, and which keeps its guarantees."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from notesite import scaffold

ROOT = Path(__file__).resolve().parent.parent
SITE = [
    "--name",
    "Ada's ML notes",
    "--author",
    "Ada Lovelace",
    "--repo",
    "https://github.com/ada/ml-notes",
]


def new_site(target: Path, *extra: str) -> int:
    return scaffold.main(["site", "--dir", str(target), *SITE, *extra])


def run(command: list[str], cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=1500)


def test_refusals(tmp_path, capsys):
    """A folder that is not empty, a repository that is not on GitHub, a missing name."""
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("mine")
    assert new_site(taken) == 1
    assert "refusing to write into" in capsys.readouterr().err
    assert (taken / "notes.txt").read_text() == "mine" and len(list(taken.iterdir())) == 1
    assert (
        scaffold.main(
            [
                "site",
                "--dir",
                str(tmp_path / "a"),
                "--name",
                "N",
                "--author",
                "A",
                "--repo",
                "https://gitlab.com/x/y",
            ]
        )
        == 1
    )
    assert "must be a GitHub address" in capsys.readouterr().err
    assert (
        scaffold.main(
            [
                "site",
                "--dir",
                str(tmp_path / "b"),
                "--author",
                "A",
                "--repo",
                "https://github.com/x/y",
            ]
        )
        == 1
    )
    assert "usage: make new-site" in capsys.readouterr().err
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_the_new_site_is_its_own(tmp_path):
    """Its settings filled in, its own git repository, no example note, no nav to keep up,
    and it builds with its starter content and after the starter notes are deleted."""
    target = tmp_path / "ada"
    assert new_site(target, "--topics", "calculus,probability") == 0
    config = (target / "mkdocs.yml").read_text()
    assert "site_url: https://ada.github.io/ml-notes/" in config and "\nnav:" not in config
    assert "site_author: Ada Lovelace" in config
    notes = sorted(
        p.relative_to(target).as_posix() for p in (target / "docs" / "notes").rglob("*.md")
    )
    assert notes == [
        "docs/notes/calculus/first-note.md",
        "docs/notes/calculus/index.md",
        "docs/notes/probability/first-note.md",
        "docs/notes/probability/index.md",
    ]
    ours = {p.name for p in (ROOT / "docs" / "notes").rglob("*.md")} - {"index.md"}
    assert not ours & {p.name for p in (target / "docs").rglob("*.md")}
    assert run(["git", "log", "--oneline"], target).stdout.count("\n") == 1
    build = [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict"]
    result = run(build, target)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (target / "site" / "revision" / "calculus" / "index.html").is_file()
    # The author deletes the starter notes: nothing else needs editing.
    shutil.rmtree(target / "docs" / "notes" / "probability")
    shutil.rmtree(target / "snippets" / "probability")
    shutil.rmtree(target / "tests" / "snippets" / "probability")
    index = target / "docs" / "index.md"
    index.write_text(index.read_text().replace("- [Probability](notes/probability/index.md)\n", ""))
    result = run(build, target)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (target / "site" / "revision" / "probability").exists()


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_the_new_sites_two_commands_pass_and_a_broken_snippet_fails(tmp_path):
    """In the new site, `make build` and `make test` set everything up and pass; a snippet
    that raises then fails its build with the note's and the snippet's file and line."""
    target = tmp_path / "ada"
    assert new_site(target) == 0
    env = {"NODE_PATH": ""}  # the new site uses its own node_modules
    for target_name in ("build", "test"):
        result = run(["make", target_name], target, env)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    snippet = target / "snippets" / "linear_algebra" / "mean.py"
    snippet.write_text(
        snippet.read_text().replace("return sum(values) / len(values)", "return sum(values) / 0")
    )
    result = run(["make", "build"], target, env)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert (
        "docs/notes/linear-algebra/first-note.md:21: block failed at snippets/linear_algebra/mean.py:9: ZeroDivisionError"
        in output
    )
