"""What the example site holds, read from docs/: tests follow the content, so a learner who
deletes the example notes, posts and notebooks keeps a green `make test`."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

DOCS = ROOT / "docs"


def front_matter(page: Path) -> dict:
    import yaml

    text = page.read_text(encoding="utf-8")
    return (yaml.safe_load(text.split("---\n")[1]) or {}) if text.startswith("---\n") else {}


def note_pages() -> list[Path]:
    """docs/notes/<topic>/<note>.md, topic index pages left out."""
    return sorted(p for p in DOCS.glob("notes/*/*.md") if p.name != "index.md")


def published_posts() -> list[Path]:
    return sorted(p for p in DOCS.glob("blog/posts/*.md") if not front_matter(p).get("draft"))


def url_of(page: Path) -> str:
    """The site path of a note or notebook page (posts use their own slugs)."""
    return page.relative_to(DOCS).with_suffix("").as_posix() + "/"


def need_example(relative: str) -> Path:
    """A page of this repository's example content, or skip: the test is about that page."""
    path = ROOT / relative
    if not path.exists():
        pytest.skip(f"{relative} is gone: this test is about that example page")
    return path


def fixture_project(name: str, tmp_path: Path) -> Path:
    """A copy of tests/fixtures/<name>, to build and test."""
    project = tmp_path / name
    shutil.copytree(ROOT / "tests" / "fixtures" / name, project)
    return project


def run_in(
    project: Path, command: list[str], without: tuple[str, ...] = (), env: dict | None = None
) -> subprocess.CompletedProcess:
    """Run a command in a project, with the environment (plus `env`) but the variables
    `without`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    for name in without:
        env.pop(name, None)
    return subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, timeout=300
    )
