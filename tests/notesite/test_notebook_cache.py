"""Notebooks are cached by mkdocs-jupyter under a key that includes every snippet file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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
    assert Path(first["cache_dir"]).is_dir()
    snippet = project / "snippets" / "statistics.py"
    snippet.write_text(snippet.read_text() + "\n# edited\n")
    second = jupyter_settings(project, monkeypatch)
    assert second["cache_dir"] != first["cache_dir"]
    assert not Path(first["cache_dir"]).exists()


def test_a_fresh_build_does_not_use_the_notebook_cache(project, monkeypatch):
    """NOTESITE_FRESH=1 turns mkdocs-jupyter's cache off too."""
    assert jupyter_settings(project, monkeypatch, fresh=True)["cache"] is False


def test_a_damaged_notebook_cache_entry_is_dropped(project, monkeypatch):
    """An entry mkdocs-jupyter could not parse is deleted before it reads it: a miss, not a crash."""
    folder = Path(jupyter_settings(project, monkeypatch)["cache_dir"])
    (folder / "damaged.json").write_text('{"content": "half an ent')
    assert jupyter_settings(project, monkeypatch)["cache"] is True
    assert not (folder / "damaged.json").exists()


def test_an_unwritable_notebook_cache_is_skipped(project, monkeypatch):
    """A cache folder that cannot be written turns mkdocs-jupyter's cache off instead of failing."""
    (project / ".cache").write_text("a file where the folder should be")
    assert jupyter_settings(project, monkeypatch)["cache"] is False


def test_builds_survive_a_damaged_or_unwritable_notebook_cache(project):
    """A real build with a notebook: damaged entries, then a cache that cannot be written."""
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, str(project / "docs" / "nb.ipynb"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict"]

    def build():
        return subprocess.run(
            command, cwd=project, env=env, capture_output=True, text=True, timeout=300
        )

    assert build().returncode == 0
    entries = list((project / ".cache").rglob("*.json"))
    assert entries
    for entry in entries:
        entry.write_text("{not json")
    result = build()
    assert result.returncode == 0, result.stderr
    shutil.rmtree(project / ".cache")
    (project / ".cache").write_text("a file where the folder should be")
    result = build()
    assert result.returncode == 0, result.stderr
    assert "42" in (project / "site" / "nb" / "index.html").read_text()
