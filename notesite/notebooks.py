"""Execute notebooks and name the failing cell, for the build and for the tests."""

from __future__ import annotations

import atexit
import contextlib
import json
import math
import os
import re
import shutil
import signal
import tempfile
import threading
import types
from pathlib import Path

ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


class NotebookFailure(Exception):
    """A cell raised: names the notebook, the cell number and the exception."""


# nbclient quotes the failing cell's source between two dashed lines.
QUOTED_CELL = re.compile(r"\n-{18,}\n(.*?)\n-{18,}\n", re.S)


def _name(notebook: Path, project_root: Path) -> Path:
    return notebook.relative_to(project_root) if notebook.is_absolute() else notebook


def _which_cell(notebook: Path, message: str) -> tuple[int, int, int] | None:
    """(position, of how many cells, Jupyter's In[k]) of the cell nbclient quotes."""
    import nbformat

    cells = nbformat.read(notebook, as_version=4).cells
    quoted = QUOTED_CELL.search(message)
    source = quoted[1].strip() if quoted else None
    runs = 0  # the kernel numbers the code cells it runs; empty ones it skips
    for position, cell in enumerate(cells, start=1):
        if cell.cell_type == "code" and cell.source.strip():
            runs += 1
            if cell.source.strip() == source:
                return position, len(cells), runs
    return None


# IPython's traceback: a header per frame, then its lines, the failing one marked ---->.
FRAME = re.compile(r"^(Cell In\[\d+\], line \d+.*|File .*|\[\.\.\. skipping .*)$")
MOST_FRAMES = 4


def trimmed_traceback(message: str) -> list[str]:
    """The frames of IPython's traceback, each with its failing line only, at most the first
    and the last few, then the exception."""
    text = message.split("Traceback (most recent call last)", 1)[-1]
    lines = [line.rstrip() for line in text.splitlines()[1:] if line.strip()]
    frames: list[list[str]] = []
    tail: list[str] = []
    for line in lines:
        if FRAME.match(line):
            frames.append([line])
            tail = []
        elif re.match(r"\s*-+>", line) and frames:
            frames[-1].append(line.strip())
        elif not line.startswith((" ", "\t")) and not re.match(r"^\d+ ", line):
            tail.append(line)
    if len(frames) > MOST_FRAMES:
        frames = [frames[0], ["..."], *frames[-(MOST_FRAMES - 1) :]]
    return [line for frame in frames for line in frame] + tail[-3:]


def describe(notebook: Path, project_root: Path, error, limits=None) -> str:
    """Turn nbclient's CellExecutionError into `docs/x.ipynb: In[2] (cell 3 of 5), line 1
    failed: ...` with a trimmed traceback, and its CellTimeoutError into `docs/x.ipynb:
    In[2] (cell 3 of 5) ran longer than ...`."""
    from nbclient.exceptions import CellTimeoutError

    name = _name(notebook, project_root)
    message = ANSI_COLOUR.sub("", str(error))
    cell = _which_cell(notebook, message)
    where = f"In[{cell[2]}] (cell {cell[0]} of {cell[1]})" if cell else "a cell"
    if isinstance(error, CellTimeoutError) and limits is not None:
        return (
            f"{name}: {where} ran longer than the {limits.timeout:g} s time limit and its kernel "
            f"was stopped\n  (raise {limits.setting('timeout')})"
        )
    line = re.search(r"^Cell In\[\d+\], line (\d+)", message, re.M)
    if line:
        where += f", line {line[1]}"
    exception = f"{getattr(error, 'ename', type(error).__name__)}: {getattr(error, 'evalue', '')}"
    details = "\n".join("  " + line for line in trimmed_traceback(message))
    return f"{name}: {where} failed: {exception.rstrip(': ')}\n{details}"


def execute_notebook(notebook: Path, project_root: Path, limits) -> None:
    """Run every cell in a fresh kernel, in the notebook's folder, as mkdocs-jupyter does,
    each cell within the time limit."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        nb,
        timeout=cell_timeout(limits.timeout),
        kernel_name="python3",
        extra_arguments=KERNEL_ARGUMENTS,
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as error:
        raise NotebookFailure(describe(notebook, project_root, error, limits)) from None


def import_from(project_root: Path) -> None:
    """Let kernels import the project's modules (`from snippets.x import f`), wherever the
    notebook sits: kernels start with the notebook's folder as their working directory,
    and inherit PYTHONPATH."""
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if str(project_root) not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([str(project_root), *paths])


def cell_timeout(seconds: float) -> int:
    return max(1, math.ceil(seconds))  # nbclient counts whole seconds


_config_folder: Path | None = None


# Kernels show figures as Jupyter does (inline PNGs after each cell, `plt.show()` or not),
# whatever MPLBACKEND the build inherits; ipykernel only picks inline when it is unset.
KERNEL_ARGUMENTS = ["--matplotlib=inline"]


def configure_kernels(seconds: float) -> None:
    """Give every notebook kernel that mkdocs-jupyter starts the block time limit per cell,
    inline figures, and a local transport.

    mkdocs-jupyter has no options for these, but it loads the user's nbconvert configuration
    (NbConvertApp.load_config_file), and JUPYTER_CONFIG_PATH's folders come first there.
    Ours sets NotebookClient's `timeout` and `extra_arguments` (its ExecutePreprocessor
    inherits both): a cell that runs past the limit stops the notebook with
    CellTimeoutError, and nbclient shuts the kernel down, whatever the cell ignores. The
    kernel talks over Unix sockets in a folder of our own, not TCP on localhost (which
    ipykernel warns about on every start).
    """
    global _config_folder
    if _config_folder is None:
        _config_folder = Path(tempfile.mkdtemp(prefix="notesite-jupyter-"))
        atexit.register(shutil.rmtree, _config_folder, ignore_errors=True)
    settings = {
        "NotebookClient": {"timeout": cell_timeout(seconds), "extra_arguments": KERNEL_ARGUMENTS},
        "KernelManager": {"transport": "ipc", "ip": str(_config_folder / "kernel")},
    }
    (_config_folder / "jupyter_nbconvert_config.json").write_text(json.dumps(settings))
    folders = [p for p in os.environ.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p]
    if str(_config_folder) not in folders:
        os.environ["JUPYTER_CONFIG_PATH"] = os.pathsep.join([str(_config_folder), *folders])


def usable_cache(folder: Path) -> bool:
    """Whether mkdocs-jupyter may use this cache folder: writable, and every entry whole
    (damaged entries are deleted, so they count as misses)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".probe-"):
            pass
    except OSError:
        return False
    for entry in folder.glob("*.json"):
        try:
            content = json.loads(entry.read_text(encoding="utf-8"))
            if not isinstance(content, dict) or not isinstance(content.get("content"), str):
                raise ValueError
        except (OSError, ValueError):
            entry.unlink(missing_ok=True)
    return True


# Starting a kernel and importing what the notebook needs, before its cells count.
KERNEL_START = 20.0


def time_budget(notebook: Path, per_cell: float) -> float:
    """What a notebook may take: the kernel's start, and the per-block time limit for each
    of its code cells."""
    import nbformat

    try:
        cells = nbformat.read(notebook, as_version=4).cells
    except Exception:  # noqa: BLE001 - mkdocs-jupyter reports an unreadable notebook itself
        return KERNEL_START + per_cell
    return KERNEL_START + per_cell * max(1, sum(cell.cell_type == "code" for cell in cells))


def _kernels() -> list[int]:
    """Pids of this process's Jupyter kernels (children running ipykernel)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
            if (
                int(fields[1]) == os.getpid()
                and b"ipykernel" in (status.parent / "cmdline").read_bytes()
            ):
                found.append(int(status.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    return found


@contextlib.contextmanager
def kernel_watchdog(seconds: float):
    """Kill this process's kernels after `seconds`. mkdocs-jupyter offers no cell timeout,
    and a cell that never ends would hang the build; killing its kernel ends the run with
    nbclient's DeadKernelError, which the caller reports."""
    state = types.SimpleNamespace(fired=False)
    done = threading.Event()

    def watch():
        if not done.wait(seconds):
            state.fired = True
            for pid in _kernels():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        done.set()
        thread.join()


def overran(notebook: Path, project_root: Path, budget: float, limits) -> str:
    name = _name(notebook, project_root)
    return (
        f"{name}: notebook ran longer than {budget:g} s ({KERNEL_START:g} s to start, "
        f"{limits.timeout:g} s per code cell) "
        f"and its kernel was stopped\n  (raise {limits.setting('timeout')})"
    )
