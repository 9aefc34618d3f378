"""Execute notebooks and name the failing cell, for the build and for the tests."""

from __future__ import annotations

import re
from pathlib import Path

ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
SEPARATOR = "------------------"


class NotebookFailure(Exception):
    """A cell raised: names the notebook, the cell number and the exception."""


def describe(notebook: Path, project_root: Path, error) -> str:
    """Turn nbclient's CellExecutionError into `docs/x.ipynb: cell 3: ...`."""
    import nbformat

    name = notebook.relative_to(project_root) if notebook.is_absolute() else notebook
    message = ANSI_COLOUR.sub("", str(error))
    cells = nbformat.read(notebook, as_version=4).cells
    # nbclient quotes the failing cell's source between two dashed lines.
    quoted = message.split(SEPARATOR)[1].strip() if message.count(SEPARATOR) >= 2 else None
    numbers = [n for n, cell in enumerate(cells, start=1) if cell.source.strip() == quoted]
    where = f"cell {numbers[0]} of {len(cells)}" if numbers else "a cell"
    exception = f"{getattr(error, 'ename', type(error).__name__)}: {getattr(error, 'evalue', '')}"
    return f"{name}: {where} failed: {exception.rstrip(': ')}\n{message}"


def execute_notebook(notebook: Path, project_root: Path, timeout: float) -> None:
    """Run every cell in a fresh kernel, in the notebook's folder, as mkdocs-jupyter does."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}}
    )
    try:
        client.execute()
    except CellExecutionError as error:
        raise NotebookFailure(describe(notebook, project_root, error)) from None
