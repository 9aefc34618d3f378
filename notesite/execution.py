"""Run the blocks of one page, in order, in that page's own namespace.

Used by the build and by the tests alike. What markdown-exec leaves out and this
adds: a namespace per page (markdown-exec's sessions are site-wide), a time
limit, `sys.exit` and warnings treated as failures, output written with
`sys.stdout.write` captured too, and failures reported against the Markdown file
and the snippet file where the failing line was written.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import linecache
import os
import re
import signal
import sys
import threading
import traceback
import time
import warnings
from dataclasses import dataclass
from types import ModuleType

from notesite.blocks import Block
from notesite.cache import ExecutionCache, block_key, environment_fingerprint

# Blocks run headless; set before anything imports pyplot.
os.environ.setdefault("MPLBACKEND", "Agg")

DEFAULT_TIMEOUT = 60.0
_HERE = os.path.abspath(__file__)


class BlockTimeout(BaseException):
    """Raised inside a block that runs past its time limit.

    A BaseException, so that a snippet's own `except Exception` cannot swallow it.
    """


class BlockFailure(Exception):
    """A block raised, did not compile, called sys.exit or ran out of time."""

    def __init__(self, block: Block, summary: str, details: str) -> None:
        self.block = block
        self.summary = summary  # one line: where and what
        self.details = details  # the traceback, with file:line for every frame
        super().__init__(self.report)

    @property
    def report(self) -> str:
        return f"{self.summary}\n{self.details}".rstrip()


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise BlockTimeout in the running code after `seconds`."""
    if threading.current_thread() is threading.main_thread():
        # A signal also interrupts sleeps and blocking calls.
        def on_alarm(signum, frame):
            raise BlockTimeout

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    # `mkdocs serve` rebuilds in a worker thread, where signals cannot be used:
    # inject the exception into that thread instead (stops pure-Python loops).
    thread_id = threading.get_ident()
    finished = threading.Event()

    def interrupt():
        if not finished.is_set():
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(thread_id), ctypes.py_object(BlockTimeout)
            )

    timer = threading.Timer(seconds, interrupt)
    timer.start()
    try:
        yield
    finally:
        finished.set()
        timer.cancel()


@dataclass
class RunStats:
    """What the build reports in its one-line summary."""

    run: int = 0
    cached: int = 0
    replayed: int = 0  # cached blocks run again to rebuild a namespace for a later block
    seconds: float = 0.0

    def summary(self) -> str:
        replay = f" (+{self.replayed} re-run for their variables)" if self.replayed else ""
        return (
            f"{self.run + self.cached} blocks: {self.run} run{replay}, {self.cached} from cache, "
            f"{self.seconds:.2f} s executing"
        )


class PageRunner:
    """Runs one page's blocks; blocks of a page share variables, pages share nothing.

    With a cache, a block whose key is stored is not run: its output is returned and
    the block is remembered, so that if a later block of the same namespace must run,
    the skipped blocks run first and the later block finds their variables.
    """

    def __init__(
        self,
        page: str,
        timeout: float = DEFAULT_TIMEOUT,
        cache: ExecutionCache | None = None,
        stats: RunStats | None = None,
    ) -> None:
        self.page = page
        self.timeout = timeout
        self.cache = cache
        self.stats = stats if stats is not None else RunStats()
        self._namespaces: dict[str, dict] = {}
        self._modules: list[str] = []
        self._last_key: dict[str, str] = {}
        self._skipped: dict[str, list[tuple[Block, str]]] = {}
        self._ran: dict[str, Block] = {}  # compile filename -> block, for tracebacks

    def _namespace(self, name: str) -> dict:
        if name not in self._namespaces:
            # Code that inspects `__module__` (dataclasses, pickle) needs a real module.
            module_name = "notesite_page_" + re.sub(r"\W+", "_", f"{self.page}_{name}")
            module = ModuleType(module_name)
            sys.modules[module_name] = module
            self._modules.append(module_name)
            self._namespaces[name] = module.__dict__
        return self._namespaces[name]

    def key(self, block: Block, code: str) -> str:
        """Advance the key chain of the block's namespace and return the block's key."""
        name = block.namespace
        key = block_key(self._last_key.get(name, ""), code, block.options, environment_fingerprint())
        self._last_key[name] = key
        return key

    def from_cache(self, block: Block, code: str, key: str, field: str = "output") -> str | None:
        """A stored field of the block's entry; on a hit the block counts as skipped."""
        value = self.cache.get(key, field) if self.cache is not None else None
        if value is not None:
            self.stats.cached += 1
            self._skipped.setdefault(block.namespace, []).append((block, code))
        return value

    def run(self, block: Block, code: str | None = None, key: str | None = None) -> str:
        """Return what the block prints, from the cache or by running it; raise BlockFailure."""
        code = block.code if code is None else code
        key = self.key(block, code) if key is None else key
        output = self.from_cache(block, code, key)
        if output is not None:
            return output
        # Blocks skipped earlier in this namespace run first: this one may use their variables.
        for earlier, earlier_code in self._skipped.pop(block.namespace, []):
            self._timed(earlier, earlier_code, replay=True)
        output = self._timed(block, code)
        if self.cache is not None:
            self.cache.put(key, "output", output)  # only reached when the block succeeded
        return output

    def _timed(self, block: Block, code: str, replay: bool = False) -> str:
        start = time.perf_counter()
        try:
            return self._execute(block, code)
        finally:
            self.stats.seconds += time.perf_counter() - start
            if replay:
                self.stats.replayed += 1
            else:
                self.stats.run += 1

    def _execute(self, block: Block, code: str) -> str:
        filename = f"<block {block.location}>"
        # Functions defined here may fail when a later block calls them: keep this
        # block's origins and source lines until the page ends.
        self._ran[filename] = block
        linecache.cache[filename] = (len(code), None, code.splitlines(keepends=True), filename)
        namespace = self._namespace(block.namespace)
        output = io.StringIO()
        try:
            compiled = compile(code, filename, "exec")
            with (
                contextlib.redirect_stdout(output),
                warnings.catch_warnings(),
                time_limit(self.timeout),
            ):
                # A warning in a note is a failure, as it is under pytest.
                warnings.simplefilter("error")
                exec(compiled, namespace)  # noqa: S102
        except SyntaxError as error:
            raise BlockFailure(
                block,
                f"{block.location}: syntax error at {self._where(filename, error.lineno or 1)}: {error.msg}",
                f"  {(error.text or '').strip()}",
            ) from None
        except BlockTimeout:
            raise BlockFailure(
                block,
                f"{block.location}: block ran longer than the {self.timeout:g} s time limit",
                self._traceback(sys.exc_info()[2])
                + "  (the limit is `timeout` under the notesite plugin in mkdocs.yml)",
            ) from None
        except SystemExit as error:
            raise BlockFailure(
                block,
                f"{block.location}: block called sys.exit({error.code!r})",
                self._traceback(sys.exc_info()[2]),
            ) from None
        except Exception as error:  # noqa: BLE001 - every failure is reported, none is fatal here
            tb = error.__traceback__
            # The innermost line written in this page or a snippet it includes.
            ours = [f for f in traceback.extract_tb(tb) if f.filename in self._ran]
            where = self._where(ours[-1].filename, ours[-1].lineno) if ours else block.location
            exception = "".join(traceback.format_exception_only(error)).strip()
            raise BlockFailure(
                block,
                f"{block.location}: block failed at {where}: {exception}",
                self._traceback(tb) + f"  {exception}",
            ) from None
        return output.getvalue()

    def _where(self, filename: str, lineno: int) -> str:
        """`file:line` where a line of a block's code was written."""
        block = self._ran[filename]
        if 1 <= lineno <= len(block.origins):
            path, line = block.origins[lineno - 1]
            return f"{path}:{line}"
        return block.location

    def _traceback(self, tb) -> str:
        lines = ["  Traceback (most recent call last):"]
        for frame in traceback.extract_tb(tb):
            if frame.filename == _HERE:
                continue  # our own exec() call
            where = self._where(frame.filename, frame.lineno) if frame.filename in self._ran else f"{frame.filename}:{frame.lineno}"
            lines.append(f"    {where}, in {frame.name}")
            if frame.line:
                lines.append(f"      {frame.line.strip()}")
        return "\n".join(lines) + "\n"

    def close(self) -> None:
        """Forget the page's variables and close any figure a block left open."""
        for filename in self._ran:
            linecache.cache.pop(filename, None)
        self._ran.clear()
        for name in self._modules:
            sys.modules.pop(name, None)
        self._namespaces.clear()
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")
