"""The child side: one page's blocks, run in a process of their own.

The build never runs a block itself. runner.py forks a worker per page from a
pre-warmed server (numpy and matplotlib already imported), hands it the page's
blocks, and reads back, block by block, what each printed or how it failed, and
which project files and environment variables it read (for the cache key).
Whatever a block does to the interpreter (chdir, sys.path, rcParams, logging,
builtins, the random state, os._exit) dies with this process.
"""

from __future__ import annotations

import contextlib
import faulthandler
import hashlib
import importlib.util
import io
import linecache
import os
import random
import re
import resource
import signal
import sys
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from notesite.blocks import Block

MIB = 1024 * 1024
STACK_SIGNAL = signal.SIGUSR1  # "write your stack": the build's last word to a block out of time
# Folders of a project whose files are tools or outputs, not inputs of a block.
NOT_INPUTS = {
    ".venv",
    "venv",
    ".git",
    ".cache",
    "site",
    "node_modules",
    "__pycache__",
    ".pytest_cache",
}


@dataclass(frozen=True)
class Limits:
    """What one block may use; the worker is stopped when it goes past them."""

    timeout: float = 60.0  # seconds per block
    memory_mib: int = 4096  # address space of the page's worker
    output_mib: float = 10.0  # what one block may print

    def setting(self, name: str) -> str:
        return f"`{name}` under the notesite plugin in mkdocs.yml"


@dataclass
class PageJob:
    page: str
    blocks: list[Block]
    limits: Limits
    project_root: str
    dump_path: str  # where faulthandler writes the stack of a block that runs out of time
    environ: dict[str, str]  # the build's environment now (the fork server's may be older)


@dataclass
class Reads:
    """Project files (path -> sha256, None when absent) and environment variables
    (name -> sha256 of the value, None when unset) that blocks read."""

    files: dict[str, str | None] = field(default_factory=dict)
    env: dict[str, str | None] = field(default_factory=dict)


def digest(data: bytes | str | None) -> str | None:
    if data is None:
        return None
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def file_digest(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except OSError:
        return None


def block_filename(block: Block) -> str:
    """The name a block's code is compiled under; tracebacks map it back to its origins."""
    return f"<block {block.location}>"


class Locator:
    """Turns frames of compiled blocks into `file:line` where the line was written."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = {block_filename(b): b for b in blocks}

    def where(self, filename: str, lineno: int) -> str:
        block = self.blocks.get(filename)
        if block is None:
            return f"{filename}:{lineno}"
        if 1 <= lineno <= len(block.origins):
            path, line = block.origins[lineno - 1]
            return f"{path}:{line}"
        return block.location

    def source_line(self, filename: str, lineno: int) -> str:
        block = self.blocks.get(filename)
        if block is None:
            return linecache.getline(filename, lineno).strip()
        lines = block.code.split("\n")
        return lines[lineno - 1].strip() if 1 <= lineno <= len(lines) else ""

    def traceback(self, frames: list[tuple[str, int, str]]) -> str:
        """Frames (file, line, function), outermost first, from the first block frame on:
        the worker's and the server's own frames above it are not the reader's business."""
        start = next((i for i, frame in enumerate(frames) if frame[0] in self.blocks), 0)
        lines = ["  Traceback (most recent call last):"]
        for filename, lineno, name in frames[start:]:
            if filename == __file__:
                continue
            lines.append(f"    {self.where(filename, lineno)}, in {name}")
            source = self.source_line(filename, lineno)
            if source:
                lines.append(f"      {source}")
        return "\n".join(lines) + "\n"

    def innermost(self, frames: list[tuple[str, int, str]], block: Block) -> str:
        """The innermost line written in this page or a snippet it includes."""
        ours = [f for f in frames if f[0] in self.blocks]
        return self.where(ours[-1][0], ours[-1][1]) if ours else block.location


# A stack as faulthandler prints it: `  File "<block docs/a.md:7>", line 3 in <module>`.
FAULTHANDLER_FRAME = re.compile(r'^\s*File "(?P<file>.*)", line (?P<line>\d+) in (?P<name>.*)$')


def frames_from_dump(dump: str) -> list[tuple[str, int, str]]:
    """The main thread's frames from a faulthandler dump, outermost first."""
    threads = re.split(r"^(?:Current thread|Thread) 0x[0-9a-f]+ .*$", dump, flags=re.M)[1:]
    main = next((t for t in threads if "<block " in t), threads[0] if threads else "")
    frames = [m for m in (FAULTHANDLER_FRAME.match(line) for line in main.splitlines()) if m]
    return [(m["file"], int(m["line"]), m["name"]) for m in reversed(frames)]


class OutputLimit(BaseException):
    """A block printed more than it may. A BaseException: `except Exception` cannot hide it."""


class CappedOutput(io.StringIO):
    """stdout for a block: keeps what it prints, up to the limit."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def write(self, text: str) -> int:
        if self.tell() + len(text) > self.limit:
            raise OutputLimit
        return super().write(text)


class _RecordingEnviron(os._Environ):
    """os.environ that notes which names are read. Private base class: os offers no
    hook for environment reads, and the cache must know them."""

    names: set[str] = set()

    def __getitem__(self, key):
        type(self).names.add(key)
        return super().__getitem__(key)

    def __iter__(self):
        names = list(super().__iter__())
        type(self).names.update(names)
        return iter(names)


class PageWorker:
    """Runs one page's blocks in order, each session in its own module namespace."""

    def __init__(self, job: PageJob) -> None:
        self.job = job
        self.root = Path(job.project_root).resolve()
        self.locator = Locator(job.blocks)
        self.namespaces: dict[str, dict] = {}
        self.opened: set[str] = set()
        # Names of modules imported while blocks ran. Not a copy of sys.modules to compare
        # with: that touches every module name the server loaded, and in a forked worker
        # each touched page is copied (250 of the 1,450 page faults of a page of empty blocks).
        self.imported: list[str] = []

    def isolate(self) -> None:
        """Make the process the block's own: its folder, its imports, its limits, its records."""
        os.chdir(self.root)
        sys.path.insert(0, str(self.root))  # `import snippets.x` finds this project's modules
        limit = self.job.limits.memory_mib * MIB
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        # Forked children get fresh entropy; an unseeded block would then publish other
        # numbers on every build. Every page starts from the same global random state.
        random.seed(0)
        if "numpy" in sys.modules:
            sys.modules["numpy"].random.seed(0)
        # The build's environment now; only what differs is written (a page it touches is
        # a page copied).
        for name in set(os.environ) - set(self.job.environ):
            del os.environ[name]
        for name, value in self.job.environ.items():
            if os.environ.get(name) != value:
                os.environ[name] = value
        os.environ.__class__ = _RecordingEnviron
        sys.addaudithook(self._audit)

    def _audit(self, event: str, args: tuple) -> None:
        if event == "import" and args and isinstance(args[0], str):
            self.imported.append(args[0])  # `import x` of a module not loaded yet
            return
        if event != "open" or not args or not isinstance(args[0], (str, bytes, os.PathLike)):
            return
        mode, flags = (args + (None, None))[1:3]
        if isinstance(mode, str) and any(c in mode for c in "wax+"):
            return
        if mode is None and isinstance(flags, int) and flags & os.O_ACCMODE != os.O_RDONLY:
            return
        self.opened.add(os.fsdecode(args[0]))

    def _project_file(self, path: str) -> str | None:
        """The path relative to the project, when it is an input file of the project."""
        try:
            relative = Path(os.path.abspath(path)).relative_to(self.root)
        except ValueError:
            return None
        if relative.suffix == ".pyc":
            # An import that found its bytecode cached reads the .pyc, and not always the
            # source: the source is the input.
            try:
                return self._project_file(importlib.util.source_from_cache(path))
            except ValueError:
                return None
        if NOT_INPUTS & set(relative.parts):
            return None
        return str(relative)

    def reads(self) -> Reads:
        paths = set(self.opened)
        for name in self.imported:  # compiled extensions are loaded, not opened
            path = getattr(sys.modules.get(name), "__file__", None)
            if path:
                paths.add(path)
        files = {}
        for path in paths:
            relative = self._project_file(path)
            if relative is not None and not (self.root / relative).is_dir():
                files[relative] = file_digest(self.root / relative)
        env = {name: digest(self.job.environ.get(name)) for name in sorted(_RecordingEnviron.names)}
        return Reads(files, env)

    def namespace(self, block: Block) -> dict:
        name = block.namespace
        if name not in self.namespaces:
            # Code that inspects `__module__` (dataclasses, pickle) needs a real module.
            module = ModuleType("notesite_page_" + re.sub(r"\W+", "_", f"{self.job.page}_{name}"))
            sys.modules[module.__name__] = module
            self.namespaces[name] = module.__dict__
        return self.namespaces[name]

    @contextlib.contextmanager
    def fence_settings(self, block: Block):
        """markdown-exec's `workdir` (a folder of the project) and `width` (COLUMNS, for
        rich and the like), for this block only."""
        workdir = block.options.get("workdir")
        width = int(block.options.get("width") or 0)
        columns = os.environ.get("COLUMNS")
        if width:
            os.environ["COLUMNS"] = str(width)
        try:
            with contextlib.chdir(self.root / workdir) if workdir else contextlib.nullcontext():
                yield
        finally:
            if width and columns is None:
                os.environ.pop("COLUMNS", None)
            elif width:
                os.environ["COLUMNS"] = columns

    def run(self, block: Block) -> tuple[str | None, str | None]:
        """(output, None) when the block succeeds; (None, report) when it fails."""
        filename = block_filename(block)
        code = block.code
        linecache.cache[filename] = (len(code), None, code.splitlines(keepends=True), filename)
        limits = self.job.limits
        output = CappedOutput(int(limits.output_mib * MIB))
        stdout = sys.stdout
        try:
            compiled = compile(code, filename, "exec")
            sys.stdout = output
            with warnings.catch_warnings(), self.fence_settings(block):
                warnings.simplefilter("error")  # a warning in a note is a failure, as under pytest
                exec(compiled, self.namespace(block))
        except SyntaxError as error:
            where = self.locator.where(filename, error.lineno or 1)
            return (
                None,
                f"{block.location}: syntax error at {where}: {error.msg}\n  {(error.text or '').strip()}",
            )
        except OutputLimit:
            return None, self._report(
                block,
                f"block printed more than the {limits.output_mib:g} MiB output limit",
                f"  (raise {limits.setting('output_limit')})",
            )
        except MemoryError:
            return None, self._report(
                block,
                f"block ran out of memory under the {limits.memory_mib} MiB memory limit",
                f"  (raise {limits.setting('memory_limit')})",
            )
        except SystemExit as error:
            return None, self._report(block, f"block called sys.exit({error.code!r})", "")
        except BaseException as error:  # noqa: BLE001 - every failure is reported
            exception = "".join(traceback.format_exception_only(error)).strip()
            frames = self._frames(error.__traceback__)
            where = self.locator.innermost(frames, block)
            return None, self._report(
                block, f"block failed at {where}: {exception}", f"  {exception}", frames
            )
        finally:
            sys.stdout = stdout
        return output.getvalue(), None

    @staticmethod
    def _frames(tb) -> list[tuple[str, int, str]]:
        return [(f.filename, f.lineno or 0, f.name) for f in traceback.extract_tb(tb)]

    def _report(self, block: Block, what: str, tail: str, frames=None) -> str:
        frames = frames if frames is not None else self._frames(sys.exc_info()[2])
        return f"{block.location}: {what}\n{self.locator.traceback(frames)}{tail}".rstrip()


def serve_page(channel, job: PageJob) -> None:
    """The worker's main: run the blocks, report each, and end without waiting for
    threads a block left running."""
    from notesite.execution.zygote import send

    try:
        worker = PageWorker(job)
        worker.isolate()
        with open(job.dump_path, "w") as dump:
            # Sent by the build when a block runs out of time, just before it kills the
            # worker: the handler, in C, writes where the block is, in Python or C code.
            # (Not faulthandler's timer: its watchdog thread makes every worker a
            # two-thread process, whose page faults cost more.)
            faulthandler.register(STACK_SIGNAL, file=dump, all_threads=True)
            for index, block in enumerate(job.blocks):
                send(channel, ("start", index))
                started = time.perf_counter()
                output, failure = worker.run(block)
                seconds = time.perf_counter() - started
                send(channel, ("done", index, output, failure, seconds, worker.reads()))
        send(channel, ("end",))
    finally:
        os._exit(0)
