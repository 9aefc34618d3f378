"""An on-disk cache of what executed blocks printed, so a rebuild runs only what changed.

A block's key chains everything its output can depend on: its code after
includes are resolved (so editing a snippet file changes the key of exactly the
blocks that include it), the keys of the blocks before it in the same page
namespace, its options, and the environment (Python, every installed package,
and this package's own code). Prose is not in the key, so editing prose re-runs
nothing. Failed blocks are never stored. Entries are written atomically; an
unreadable entry counts as a miss and is rewritten.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import tempfile
from importlib import metadata
from pathlib import Path

FORMAT = 1  # bump when the entry layout changes


@functools.cache
def environment_fingerprint() -> str:
    """Python, every installed distribution and version, and notesite's own source."""
    digest = hashlib.sha256(f"format {FORMAT}\n{sys.version}\n".encode())
    for name, version in sorted({(d.metadata["Name"] or "", d.version) for d in metadata.distributions()}):
        digest.update(f"{name}=={version}\n".encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()


def block_key(previous: str, code: str, options: dict[str, str], environment: str) -> str:
    """The key of a block, given the key of the block before it in its namespace."""
    material = json.dumps([previous, code, sorted(options.items()), environment])
    return hashlib.sha256(material.encode()).hexdigest()


class ExecutionCache:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> str | None:
        """The stored output, or None when missing, unreadable or corrupt."""
        try:
            entry = json.loads(self._path(key).read_text(encoding="utf-8"))
            if entry["key"] != key or not isinstance(entry["output"], str):
                return None
            return entry["output"]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, output: str) -> None:
        """Store an output; a write that fails (full disk, read-only) is skipped, never fatal."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Write beside the target and rename: readers and concurrent builds see
            # either the old entry or the whole new one, never half a file.
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=path.parent, prefix=".tmp-", suffix=".json", delete=False
            ) as tmp:
                json.dump({"key": key, "output": output}, tmp)
            os.replace(tmp.name, path)
        except OSError:
            try:
                os.unlink(tmp.name)
            except (OSError, NameError):
                pass
