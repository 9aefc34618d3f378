"""Notebooks are cached by mkdocs-jupyter under a key that includes every snippet file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "broken" / "_common"


def jupyter_settings(project: Path, monkeypatch, fresh: bool = False) -> dict:
    from mkdocs.config import load_config

    monkeypatch.setenv("NOTESITE_FRESH", "1" if fresh else "")
    config = load_config(str(project / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    return dict(config.plugins["mkdocs-jupyter"].config)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "project")
    (tmp_path / "project" / "docs").mkdir()
    (tmp_path / "project" / "docs" / "index.md").write_text("# Home\n")
    return tmp_path / "project"


def test_a_snippet_edit_moves_the_notebook_cache(project, monkeypatch):
    """Same snippets, same cache folder; one edited snippet, a new folder (old ones removed)."""
    first = jupyter_settings(project, monkeypatch)
    assert first["cache"] is True
    assert jupyter_settings(project, monkeypatch)["cache_dir"] == first["cache_dir"]
    Path(first["cache_dir"]).mkdir(parents=True)
    snippet = project / "snippets" / "statistics.py"
    snippet.write_text(snippet.read_text() + "\n# edited\n")
    second = jupyter_settings(project, monkeypatch)
    assert second["cache_dir"] != first["cache_dir"]
    assert not Path(first["cache_dir"]).exists()


def test_a_fresh_build_does_not_use_the_notebook_cache(project, monkeypatch):
    """NOTESITE_FRESH=1 turns mkdocs-jupyter's cache off too."""
    assert jupyter_settings(project, monkeypatch, fresh=True)["cache"] is False
