"""Shared fixtures: the project's own site, built once per test run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).parent / "mkdocs"
# Fixture sites in temporary folders have no node_modules of their own: their builds take
# KaTeX and ts-fsrs from this project's, through Node's own NODE_PATH.
os.environ.setdefault("NODE_PATH", str(ROOT / "node_modules"))


def _source_date_epoch() -> str:
    """As the Makefile sets it: the last commit's time, so builds are reproducible."""
    result = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True
    )
    return result.stdout.strip() or "0"


def _build(site_dir: Path, fresh: bool = False) -> subprocess.CompletedProcess:
    env = {"SOURCE_DATE_EPOCH": _source_date_epoch(), **os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if fresh:
        env["NOTESITE_FRESH"] = "1"
    return subprocess.run(
        [str(MKDOCS), "build", "--strict", "--site-dir", str(site_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """A strict build of the real site that runs every block (the execution cache is off)."""
    site = tmp_path_factory.mktemp("site")
    result = _build(site, fresh=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def build_site():
    """Build the real site into a given folder, with the execution cache; returns the process."""
    return _build
