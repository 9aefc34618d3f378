"""When each file was last changed, from git history: the sitemap's `lastmod` then says
when a page's source last changed, not when the site was built."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def last_changed(project_root: Path) -> dict[Path, str]:
    """Absolute path -> date (YYYY-MM-DD) of the last commit that touched it, for files
    committed and unchanged since; empty outside a git repository."""
    git = shutil.which("git")
    if git is None:
        return {}

    def run(*args: str) -> str | None:
        result = subprocess.run(
            [git, *args], cwd=project_root, capture_output=True, text=True, check=False
        )
        return result.stdout if result.returncode == 0 else None

    top = run("rev-parse", "--show-toplevel")
    log = run("log", "--format=%x00%cs", "--name-only", "--no-renames", "--", ".")
    if top is None or log is None:
        return {}
    root = Path(top.strip())
    dates: dict[Path, str] = {}
    for entry in log.split("\0")[1:]:
        date, *names = entry.strip("\n").split("\n")
        for name in names:
            if name:
                dates.setdefault(root / name, date)  # newest commit first
    changed = run("status", "--porcelain", "--untracked-files=no", "--", ".") or ""
    for line in changed.splitlines():
        dates.pop(root / line[3:].split(" -> ")[-1], None)  # edited since: the build's date
    return dates
