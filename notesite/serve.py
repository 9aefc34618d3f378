"""What `make serve` shows instead of stalling: a problem in place on its page, and a banner
on every page while any page has one.

`make serve` runs MkDocs without strict mode (NOTESITE_STRICT=false, read by `strict:` in
mkdocs.yml). There, a broken block, a missing include, bad front matter, bad TeX or a
failing notebook cell no longer aborts the rebuild, which would leave the server
looking stuck with the error only in the terminal. Each shows on its page, the banner
links to every one, and both go away on the first rebuild without problems. Builds stay
strict: `make build`, `make build-fresh`, CI and pytest fail on the same problems.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from mkdocs.utils import get_relative_url

BODY = re.compile(r"<body[^>]*>")
STYLE = (
    "background:#b00020;color:#fff;padding:.6rem 1rem;font:14px/1.4 sans-serif;"
    "position:relative;z-index:10"
)


def error_box(title: str, message: str) -> str:
    """A failure box in place of what could not be built (raw HTML: any Markdown set-up)."""
    return (
        f'<div class="admonition failure notesite-problem"><p class="admonition-title">{escape(title)}</p>'
        f"<pre><code>{escape(message)}</code></pre></div>\n"
    )


def _banner(problems: list[tuple[str, str]], page_url: str) -> str:
    items = "".join(
        f'<li><a style="color:#fff" href="{escape(get_relative_url(url, page_url) or ".")}">'
        f"{escape(summary)}</a></li>"
        for summary, url in problems
    )
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    return (
        f'<div class="notesite-problems" role="alert" style="{STYLE}">'
        f"<strong>{count} in this site</strong> (a strict build fails on "
        f"{'these' if len(problems) != 1 else 'it'}; fix and save, and this goes away):"
        f'<ul style="margin:.3rem 0 0 1.2rem">{items}</ul></div>'
    )


def add_banner(site_dir: Path, problems: list[tuple[str, str]]) -> None:
    """Put the list of problems at the top of every built page."""
    for page in site_dir.rglob("*.html"):
        relative = page.relative_to(site_dir)
        if relative.parts[0] == "assets":
            continue
        page_url = "" if relative.as_posix() == "index.html" else relative.parent.as_posix() + "/"
        html = page.read_text(encoding="utf-8")
        banner = _banner(problems, page_url)
        html = BODY.sub(lambda body: body.group(0) + banner, html, count=1)  # noqa: B023 - used at once
        page.write_text(html, encoding="utf-8")
