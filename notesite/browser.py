"""The browser the tests drive, found or installed before any test needs it.

`python -m notesite.browser` prints the path of a Chromium or Chrome, and says on stderr
where it came from:

1. `$CHROMIUM`, when set;
2. a system Chromium or Chrome on the PATH;
3. one Playwright has downloaded before;
4. Playwright's installer (`playwright install chromium`);
5. as root on Debian or Ubuntu, where Playwright cannot download: Debian's `chromium`
   package, with apt-get.

When none can be had, it exits with one line that says what to install. `make test`
runs it and hands the path to the tests as $CHROMIUM.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"]
PLAYWRIGHT_CACHE = Path(
    os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache" / "ms-playwright"
)


def say(message: str) -> None:
    print(f"browser: {message}", file=sys.stderr)


def find() -> Path | None:
    """A browser already on this machine."""
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    downloaded = sorted(PLAYWRIGHT_CACHE.glob("chromium-*/chrome-linux*/chrome"))
    return downloaded[-1] if downloaded else None


def _run(command: list[str]) -> bool:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as error:
        say(f"{' '.join(command)} failed: {error}")
        return False
    if result.returncode != 0:
        lines = [
            line.strip() for line in (result.stderr or result.stdout).splitlines() if line.strip()
        ]
        errors = [line for line in lines if "error" in line.lower()]
        reason = (errors or lines or [f"exit status {result.returncode}"])[0]
        say(f"{' '.join(command)} failed: {reason[:200]}")
    return result.returncode == 0


def provide() -> Path:
    configured = os.environ.get("CHROMIUM")
    if configured:
        if Path(configured).is_file():
            say(f"{configured} (from $CHROMIUM)")
            return Path(configured)
        raise SystemExit(f"browser: $CHROMIUM is {configured}, which does not exist")
    found = find()
    if found:
        say(f"{found} (found on this machine)")
        return found
    say("none found; trying Playwright's installer")
    if _run([sys.executable, "-m", "playwright", "install", "chromium"]) and (found := find()):
        say(f"{found} (installed by Playwright)")
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("installing Debian's chromium package with apt-get")
        if _run(["apt-get", "update", "-qq"]) and _run(
            ["apt-get", "install", "-y", "-qq", "chromium"]
        ):
            found = find()
            if found:
                say(f"{found} (installed with apt-get)")
                return found
    raise SystemExit(
        "browser: no Chromium for the browser tests: install one (Debian/Ubuntu: "
        "`sudo apt-get install chromium`; elsewhere: `.venv/bin/playwright install chromium`), "
        "or set CHROMIUM=/path/to/chrome"
    )


if __name__ == "__main__":
    print(provide())
