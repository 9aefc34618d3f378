"""`make serve`'s preview in a real browser: a broken block shows on its page and in a banner
on every page, without the server stalling, and both go once the snippet is fixed."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
from pathlib import Path

from notesite.pages_server import mkdocs_serve
from tests.content import fixture_project, run_in

MKDOCS = Path(sys.executable).parent / "mkdocs"
SNIPPET = "snippets/calc.py"


def serve(project: Path) -> tuple[subprocess.Popen, int]:
    """`mkdocs serve` as `make serve` runs it (NOTESITE_STRICT=false), once it serves."""
    process, port = mkdocs_serve(project, NOTESITE_STRICT="false")
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(
        target=lambda: [lines.put(line) for line in process.stdout], daemon=True
    ).start()
    while "Serving on" not in (line := lines.get(timeout=120)):
        assert process.poll() is None, line
    return process, port


def test_a_broken_block_shows_on_the_pages_and_goes_when_fixed(browser, tmp_path):
    project = fixture_project("serve", tmp_path)
    snippet = project / SNIPPET
    working = snippet.read_text()
    server, port = serve(project)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/other/")
        assert page.locator(".notesite-problems").count() == 0

        snippet.write_text(working.replace("return x / 2", "return x / 0"))
        # The server rebuilds and the page reloads itself (MkDocs' live reload).
        banner = page.wait_for_selector(".notesite-problems", timeout=90_000)
        assert (
            "docs/index.md:3: block failed at snippets/calc.py:5: ZeroDivisionError"
            in banner.inner_text()
        )
        banner.query_selector("a").click()
        page.wait_for_url(f"http://127.0.0.1:{port}/")
        box = page.wait_for_selector(".notesite-problem", timeout=30_000)
        assert "snippets/calc.py:5, in half" in box.inner_text()
        page.screenshot(path=str(tmp_path / "serve-error.png"), full_page=True)

        snippet.write_text(working)
        page.wait_for_selector(".notesite-problems", state="detached", timeout=90_000)
        assert "half of 10 is 5.0" in page.inner_text(".md-content")

        # A missing include and bad front matter: each on its own page, both in the banner.
        docs = project / "docs"
        (docs / "other.md").write_text(
            '# Another page\n\n```python exec="on"\n--8<-- "snippets/gone.py"\n```\n'
        )
        (docs / "meta.md").write_text('---\ntitle: "never closed\n---\n\n# Meta\n')
        banner = page.wait_for_selector(".notesite-problems", timeout=90_000)
        text = banner.inner_text()
        assert (
            "docs/other.md:3: include not found" in text
            and "docs/meta.md:2: bad front matter" in text
        )
        page.goto(f"http://127.0.0.1:{port}/other/")
        assert "include not found" in page.wait_for_selector(".notesite-problem").inner_text()
        assert server.poll() is None
    finally:
        context.close()
        server.terminate()
        server.wait(timeout=30)
        server.stdout.close()


def test_the_same_problem_fails_a_strict_build(tmp_path):
    """Outside the preview, nothing changed: the strict build fails on the broken block."""
    project = fixture_project("serve", tmp_path)
    snippet = project / SNIPPET
    snippet.write_text(snippet.read_text().replace("return x / 2", "return x / 0"))
    result = run_in(project, [str(MKDOCS), "build"])  # strict: mkdocs.yml's default
    assert result.returncode != 0
    assert "docs/index.md:3: block failed at snippets/calc.py:5: ZeroDivisionError" in result.stderr
