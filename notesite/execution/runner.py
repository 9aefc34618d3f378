"""The parent side: run pages' blocks in worker processes, in parallel, with hard limits.

Each page that has a block to run gets a fresh process, forked from a server that
has already imported numpy and matplotlib (zygote.py), so a page starts in
milliseconds and inherits nothing another page did. The parent enforces the time limit by killing the worker, whatever the block
ignores or catches, in C code or not; a worker that dies or exits is a failure naming
the page, the block's line and what happened. Used by the build and the tests alike.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from notesite.blocks import Block
from notesite.execution.cache import ExecutionCache, block_key, environment_fingerprint
from notesite.execution.worker import (
    STACK_SIGNAL,
    Limits,
    Locator,
    PageJob,
    Reads,
    digest,
    file_digest,
    frames_from_dump,
)
from notesite.execution.zygote import READY, REPLY, receive, send

# How long a worker out of time has to write its stack (STACK_SIGNAL) before the kill.
KILL_GRACE = 1.0
# Forking a worker and loading what a page imports, before its first block starts.
START_TIMEOUT = 60.0


class BlockFailure(Exception):
    """A block raised, did not compile, exited, or went past a limit."""

    def __init__(self, report: str) -> None:
        super().__init__(report)
        self.report = report
        self.summary, _, self.details = report.partition("\n")


@dataclass
class BlockResult:
    block: Block
    output: str | None = None
    failure: str | None = None  # the whole report: summary line, traceback, exception
    key: str = ""
    from_cache: bool = False
    seconds: float = 0.0
    reads: Reads | None = None

    def output_or_raise(self) -> str:
        if self.failure is not None:
            raise BlockFailure(self.failure)
        return self.output or ""


@dataclass
class RunStats:
    """What the build reports in its one-line summary."""

    run: int = 0
    cached: int = 0
    replayed: int = 0  # cached blocks run again to rebuild a namespace for a later block
    seconds: float = 0.0
    workers: int = 0
    server_start: float | None = None  # when this build started the worker server

    def summary(self) -> str:
        replay = f" (+{self.replayed} re-run for their variables)" if self.replayed else ""
        server = (
            ""
            if self.server_start is None
            else f", worker server ready in {self.server_start:.2f} s"
        )
        return (
            f"{self.run + self.cached} blocks: {self.run} run{replay}, {self.cached} from cache, "
            f"{self.seconds:.2f} s executing in {self.workers} page workers{server}"
        )


class _Zygote:
    """The build's handle on zygote.py: forks workers, reaps them, kills them by pid."""

    def __init__(self) -> None:
        control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        # The server imports notesite as this process does, wherever that comes from.
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                f"from notesite.execution.zygote import main; main({theirs.fileno()})",
            ],
            pass_fds=[theirs.fileno()],
            env=env,
        )
        theirs.close()
        self.control = control
        self.lock = threading.Lock()
        self.started = time.monotonic()
        self.ready: float | None = None
        atexit.register(self.stop)

    def stop(self) -> None:
        """End the server (it exits when its socket closes)."""
        self.control.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def _ask(self, request: bytes, fds: list[int] = ()) -> int:
        with self.lock:
            if self.ready is None:
                message = self.control.recv(READY.size)
                if len(message) != READY.size:
                    raise RuntimeError("notesite: the worker server did not start")
                (self.ready,) = READY.unpack(message)
            socket.send_fds(self.control, [request], list(fds))
            reply = self.control.recv(REPLY.size)
        if len(reply) != REPLY.size:
            raise RuntimeError("notesite: the worker server stopped")
        return REPLY.unpack(reply)[0]

    def fork(self) -> tuple[int, socket.socket]:
        """A new worker's pid, and the socket to talk to it."""
        mine, theirs = socket.socketpair()
        try:
            return self._ask(b"fork", [theirs.fileno()]), mine
        finally:
            theirs.close()

    def wait(self, pid: int) -> str:
        """How the worker ended, once it has."""
        code = self._ask(f"wait {pid}".encode())
        if code < 0:
            name = signal.Signals(-code).name
            return f"killed by {name}" + (" (out of memory?)" if code == -signal.SIGKILL else "")
        return f"exit status {code}"


_zygote: _Zygote | None = None
_zygote_lock = threading.Lock()


def start_server() -> None:
    """Start the worker server now, so its imports overlap the build's own start-up."""
    threading.Thread(target=_server, daemon=True).start()


def _server() -> _Zygote:
    """The worker server of this process, started on first use (again if it died)."""
    global _zygote
    with _zygote_lock:
        if _zygote is None or _zygote.process.poll() is not None:
            _zygote = _Zygote()
        return _zygote


def run_page(
    page: str, blocks: list[Block], limits: Limits, project_root: Path
) -> list[BlockResult]:
    """Run a page's blocks, in order, in a worker of their own; one result per block."""
    results = [BlockResult(block) for block in blocks]
    if not blocks:
        return results
    server = _server()
    with tempfile.NamedTemporaryFile("r", prefix="notesite-stack-", suffix=".txt") as dump:
        job = PageJob(page, blocks, limits, str(project_root), dump.name, dict(os.environ))
        pid, channel = server.fork()
        current: int | None = None
        stopped = ""
        try:
            send(channel, job)
            deadline = time.monotonic() + START_TIMEOUT
            while True:
                ready, _, _ = select.select([channel], [], [], max(deadline - time.monotonic(), 0))
                if not ready:
                    if current is not None:
                        _ask_for_stack(pid, dump.name)
                    os.kill(pid, signal.SIGKILL)
                    if current is None:
                        stopped = "its worker did not start"
                    else:
                        results[current].failure = _timeout_report(
                            blocks, current, limits, dump.read()
                        )
                    break
                try:
                    message = receive(channel)
                except (EOFError, OSError):
                    ended = server.wait(pid)
                    pid = None
                    stopped = f"its worker ended ({ended})"
                    if current is not None:
                        results[current].failure = (
                            f"{blocks[current].location}: block ended its worker process ({ended}) "
                            "before it finished: os._exit(), a signal, or a crash in compiled code"
                        )
                    break
                if message[0] == "start":
                    current = message[1]
                    deadline = time.monotonic() + limits.timeout
                elif message[0] == "done":
                    _, index, output, failure, seconds, reads = message
                    result = results[index]
                    result.output, result.failure, result.seconds, result.reads = (
                        output,
                        failure,
                        seconds,
                        reads,
                    )
                    current = None
                    deadline = time.monotonic() + START_TIMEOUT
                else:  # "end"
                    break
        finally:
            channel.close()
            if pid is not None:
                # Done, stopped, or interrupted: a thread the page left running ends here too.
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                server.wait(pid)
    last = next((r.block for r in reversed(results) if r.failure), None)
    for result in results:
        if result.output is None and result.failure is None:
            why = stopped or "an earlier block was stopped"
            result.failure = f"{result.block.location}: block not run: {why} (at {last.location if last else page})"
    return results


def _ask_for_stack(pid: int, dump: str) -> None:
    """Have the worker write its stack, and wait (KILL_GRACE at most) until it has. A
    block that took the signal for itself leaves no stack: the report goes without."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, STACK_SIGNAL)
    size, until = -1, time.monotonic() + KILL_GRACE
    while time.monotonic() < until:
        time.sleep(0.02)
        now = os.path.getsize(dump)
        if now and now == size:  # written, and no longer growing
            return
        size = now


def _timeout_report(blocks: list[Block], index: int, limits: Limits, dump: str) -> str:
    block = blocks[index]
    return (
        f"{block.location}: block ran longer than the {limits.timeout:g} s time limit and was stopped\n"
        + Locator(blocks).traceback(frames_from_dump(dump))
        + f"  (raise {limits.setting('timeout')})"
    )


class Executor:
    """One per build: block keys, cache look-ups, and page workers for what must run.

    `prepare` takes every page's blocks before any page is rendered and starts the pages
    that need it, in parallel; `result` waits for a page's worker when the page renders.
    """

    def __init__(
        self, project_root: Path, limits: Limits, cache: ExecutionCache | None = None, jobs: int = 0
    ) -> None:
        self.project_root = project_root
        self.limits = limits
        self.cache = cache
        self.jobs = jobs or len(os.sched_getaffinity(0))
        self.stats = RunStats()
        self.created = time.monotonic()
        self._results: dict[tuple[str, int, str], BlockResult] = {}
        self._pending: dict[str, tuple[list[BlockResult], Future]] = {}
        self._file_digests: dict[str, str | None] = {}
        self._pool = ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix="notesite-page")

    def result(self, page: str, block: Block) -> BlockResult | None:
        """The block's result, waiting for its page's worker if it is still running."""
        pending = self._pending.pop(page, None)
        if pending is not None:
            self._collect(page, *pending)
        return self._results.get((page, block.line, block.code))

    def ready(self, page: str) -> bool:
        """Whether the page's results can be had without waiting for its worker."""
        pending = self._pending.get(page)
        return pending is None or pending[1].done()

    def prepare(self, pages: dict[str, list[Block]], wait: bool = False) -> None:
        """Start on every block of these pages: from the cache, or in page workers, many at
        once, in page order, while the build goes on to render the first pages."""
        for page, blocks in pages.items():
            pending = self._pending.get(page)
            if pending is not None and [r.block for r in pending[0]] != blocks[: len(pending[0])]:
                # The page changed since its run started (edited mid-build, or changed by
                # another plugin): finish that run, then plan what is there now.
                self._collect(page, *self._pending.pop(page))
            if page in self._pending or all(
                self._results.get((page, b.line, b.code)) for b in blocks
            ):
                continue
            planned = self._plan(blocks)
            misses = [i for i, r in enumerate(planned) if not r.from_cache]
            for result in planned[misses[-1] + 1 if misses else 0 :]:
                self._keep(page, result)
                self.stats.cached += 1
            if misses:
                to_run = planned[: misses[-1] + 1]
                blocks_to_run = [r.block for r in to_run]
                future = self._pool.submit(
                    run_page, page, blocks_to_run, self.limits, self.project_root
                )
                self._pending[page] = (to_run, future)
        if wait:
            for page in list(self._pending):
                self._collect(page, *self._pending.pop(page))

    def _collect(self, page: str, planned: list[BlockResult], future) -> None:
        self.stats.workers += 1
        for plan, outcome in zip(planned, future.result()):
            self._finish(page, plan, outcome)
        server = _zygote
        if (
            self.stats.server_start is None
            and server
            and server.ready
            and server.started >= self.created
        ):
            # Importing numpy and matplotlib once for the build: stock markdown-exec pays
            # that inside its blocks' time, so it counts with theirs.
            self.stats.server_start = server.ready - server.started

    def _finish(self, page: str, plan: BlockResult, outcome: BlockResult) -> None:
        outcome.key = plan.key
        self.stats.seconds += outcome.seconds
        if plan.from_cache:  # served from the cache, and run again for its variables
            self.stats.cached += 1
            self.stats.replayed += 1
        else:
            self.stats.run += 1
        if outcome.failure is None and self.cache is not None and outcome.reads is not None:
            self.cache.store(plan.key, outcome.output or "", outcome.reads)
        self._keep(page, outcome)

    def _keep(self, page: str, result: BlockResult) -> None:
        self._results[(page, result.block.line, result.block.code)] = result

    def _plan(self, blocks: list[Block]) -> list[BlockResult]:
        """Each block with its key, and its output when the cache holds a valid one."""
        previous: dict[str, str] = {}
        planned = []
        for block in blocks:
            key = block_key(
                previous.get(block.namespace, ""),
                block.code,
                block.options,
                environment_fingerprint(),
            )
            previous[block.namespace] = key
            output = self._cached_output(key)
            planned.append(
                BlockResult(block, output=output, key=key, from_cache=output is not None)
            )
        return planned

    def _cached_output(self, key: str) -> str | None:
        if self.cache is None:
            return None
        output, reads = self.cache.output_and_reads(key)
        if output is None or reads is None or not self._unchanged(reads):
            return None
        return output

    def _unchanged(self, reads: Reads) -> bool:
        """Whether every file and variable the block read is as it was when it ran."""
        for path, expected in reads.files.items():
            if path not in self._file_digests:
                self._file_digests[path] = file_digest(self.project_root / path)
            if self._file_digests[path] != expected:
                return False
        return all(digest(os.environ.get(name)) == expected for name, expected in reads.env.items())

    def forget(self) -> None:
        """Start the next build afresh (mkdocs serve keeps the plugin between builds)."""
        self.prepare({}, wait=True)  # pages never rendered still end their workers
        if self.cache is not None:
            self.cache.flush()
        self._results.clear()
        self._file_digests.clear()
        self.stats = RunStats()
        self.created = time.monotonic()  # a server started before does not count again
