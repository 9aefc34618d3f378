"""Block outputs put into their page after MkDocs has converted the page's Markdown.

On a cold build, page workers run the blocks while MkDocs converts the pages, in nav
order. A page whose worker is still running would hold the conversion up, and every page
after it; MkDocs then renders templates on one core, once every page is converted, while
the workers' cores go idle. So a fence whose output cannot feed the page's table of
contents (the output as a code block, or as HTML) whose worker has not finished becomes
a marker, and its rendering waits here. The plugin puts the HTML in place of the markers
in on_page_context, before search indexes the page and its template shows it, and in
on_post_page, for what templates add (blog excerpts). A marker found in any written file
fails the build: a plugin copied a page's HTML before its outputs were in.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from pathlib import Path

from markdown import Markdown

SUFFIXES = {".html", ".xml", ".json", ".txt"}


class DeferredOutputs:
    """One build's markers and the renderings they stand for."""

    def __init__(self) -> None:
        # A page cannot hold a marker by accident: it carries this build's random number.
        self.nonce = secrets.token_hex(8)
        self._renders: list[tuple[Callable[[], str], Markdown]] = []
        self._html: dict[int, str] = {}
        marker = rf'<notesite-deferred n="{self.nonce}-(\d+)"></notesite-deferred>'
        self._marker = re.compile(f"<p>{marker}</p>|{marker}")

    def __len__(self) -> int:
        return len(self._renders)

    def marker(self, render: Callable[[], str], md: Markdown) -> str:
        """A marker for the page (`md` converts it), to be replaced by what `render` returns."""
        self._renders.append((render, md))
        number = len(self._renders) - 1
        # Not a block-level tag: Markdown wraps it in a paragraph, as it wraps the fence's
        # own HTML; fill() then unwraps it where Markdown would have unwrapped the HTML.
        return f'<notesite-deferred n="{self.nonce}-{number}"></notesite-deferred>'

    def fill(self, html: str) -> str:
        """`html` with each marker replaced by its rendering (made once, when first needed)."""
        if self.nonce not in html:
            return html
        return self._marker.sub(self._substitute, html)

    def _substitute(self, match: re.Match) -> str:
        """As Markdown's RawHtmlPostprocessor puts stashed HTML back: out of its paragraph
        when it is block-level."""
        in_paragraph = match[1] is not None
        number = int(match[1] if in_paragraph else match[2])
        html = self._rendered(number)
        raw_html = self._renders[number][1].postprocessors["raw_html"]
        if in_paragraph and not raw_html.isblocklevel(html):
            return f"<p>{html}</p>"
        return html

    def _rendered(self, number: int) -> str:
        if number not in self._html:
            self._html[number] = str(self._renders[number][0]())
        return self._html[number]

    def finish(self) -> None:
        """Render what no page showed (an excerpt a template left out): its block's failure
        is reported like any other."""
        for number in range(len(self._renders)):
            self._rendered(number)

    def left_in(self, site_dir: Path) -> list[str]:
        """Written files that still hold a marker of this build."""
        if not self._renders:
            return []
        nonce = self.nonce.encode()
        return sorted(
            str(path.relative_to(site_dir))
            for path in site_dir.rglob("*")
            if path.suffix in SUFFIXES and path.is_file() and nonce in path.read_bytes()
        )
