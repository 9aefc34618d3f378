"""An on-disk cache of what executed blocks printed, so a rebuild runs only what changed.

A block's key chains what is known before it runs: its code after includes are
resolved (so editing a snippet file changes the key of exactly the blocks that
include it), the keys of the blocks before it in the same page namespace, its
options, and the environment (Python, every installed package, and notesite's own
code). Prose is not in the key, so editing prose re-runs nothing. What a block turns
out to read while it runs (project modules it imports, project files it opens,
environment variables) is stored in its entry with a digest of each: the entry
counts only while every one is unchanged. An entry also holds, per rendering set-up,
the HTML markdown-exec made of the output (rendering costs more than reading it
back). Failed blocks are never stored. Entries are written atomically; an unreadable
entry counts as a miss and is rewritten.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sys
import threading
from pathlib import Path

from notesite.execution.worker import Reads

FORMAT = 1  # bump when the entry layout changes


@functools.cache
def environment_fingerprint() -> str:
    """Python, every installed distribution and version, and notesite's own source."""
    digest = hashlib.sha256(f"format {FORMAT}\n{sys.version}\n".encode())
    # A distribution's metadata folder is named after it and its version
    # (numpy-2.4.6.dist-info): listing those folders is as good as reading every
    # METADATA file, and a hundred times faster.
    for folder in sorted({p for p in sys.path if p and os.path.isdir(p)}):
        for entry in sorted(os.listdir(folder)):
            if entry.endswith((".dist-info", ".egg-info")):
                digest.update(f"{entry}\n".encode())
    for source in sorted(Path(__file__).parent.parent.rglob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()


def block_key(previous: str, code: str, options: dict[str, str], environment: str) -> str:
    """The key of a block, given the key of the block before it in its namespace."""
    material = json.dumps([previous, code, sorted(options.items()), environment])
    return hashlib.sha256(material.encode()).hexdigest()


class ExecutionCache:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        # Entries of blocks that ran, held until every page is rendered: a cold build writes
        # each entry once, with its rendering, reads none back, and writes them on a thread
        # while MkDocs renders templates on one core (write_in_background); flush() ends it.
        self._unwritten: dict[str, dict] = {}
        self._writing: dict[str, dict] = {}  # handed to the writer thread, read-only now
        self._writer: threading.Thread | None = None
        self._folders: set[Path] = set()  # made already: one mkdir per folder, not per entry

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def _read(self, key: str) -> dict:
        for held in (self._unwritten, self._writing):
            if key in held:
                return held[key]
        try:
            entry = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return entry if isinstance(entry, dict) and entry.get("key") == key else {}

    def get(self, key: str, field: str = "output") -> str | None:
        """A stored field (the output, or a rendering of it), or None when missing or corrupt."""
        value = self._read(key).get(field)
        return value if isinstance(value, str) else None

    def output_and_reads(self, key: str) -> tuple[str | None, Reads | None]:
        """The block's output and what it read when it ran, from one read of the entry
        (None for what is missing or malformed)."""
        entry = self._read(key)
        output, reads = entry.get("output"), entry.get("reads")
        output = output if isinstance(output, str) else None
        if not isinstance(reads, dict):
            return output, None
        files, env = reads.get("files"), reads.get("env")
        return output, Reads(files, env) if isinstance(files, dict) and isinstance(
            env, dict
        ) else None

    def store(self, key: str, output: str, reads: Reads) -> None:
        """A new entry for a block that ran: its output and what it read, nothing older."""
        self._unwritten[key] = {
            "key": key,
            "output": output,
            "reads": {"files": reads.files, "env": reads.env},
        }

    def put(self, key: str, field: str, value: str) -> None:
        """Add a field (a rendering) to an existing entry."""
        entry = self._read(key)
        if entry:
            self._unwritten[key] = {**entry, field: value}  # a copy: the writer may hold entry

    def write_in_background(self) -> None:
        """Start writing the entries held so far on a thread; flush() waits for it."""
        if self._writer is not None or not self._unwritten:
            return
        self._writing, self._unwritten = self._unwritten, {}
        batch = list(self._writing.items())
        self._writer = threading.Thread(
            target=lambda: [self._write(k, e) for k, e in batch], name="notesite-cache"
        )
        self._writer.start()

    def flush(self) -> None:
        """Write every entry still held (the end of a build)."""
        if self._writer is not None:
            self._writer.join()
            self._writer = None
            self._writing = {}
        while self._unwritten:
            self._write(*self._unwritten.popitem())

    def _write(self, key: str, entry: dict) -> None:
        """Write an entry atomically; a write that fails (full disk, read-only) is skipped,
        never fatal."""
        path = self._path(key)
        # Write beside the target and rename: readers and concurrent builds see either
        # the old entry or the whole new one, never half a file. The name is this
        # process's and thread's own, so no two writers share one.
        tmp = path.with_name(f".tmp-{os.getpid()}-{threading.get_ident()}-{path.name}")
        try:
            if path.parent not in self._folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(path.parent)
            tmp.write_text(json.dumps(entry), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()
