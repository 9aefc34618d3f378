"""Code blocks whose lines may not fit a phone take keyboard focus from the start.

Material makes a code block focusable (tabindex) once it has measured that the block
scrolls sideways, so keyboard readers can scroll it; notesite has Material do that only
when a block comes into view (content.lazy, see assets/stylesheets/pages.css), so a
block further down would not be reachable before then. Material removes the tabindex
again where the block turns out to fit.
"""

from __future__ import annotations

import html
import re

WIDE = 40  # characters: about what a phone's code block shows without scrolling
CODE = re.compile(r"(<pre[^>]*>(?:<span></span>)?)<code>(.*?)</code>", re.S)
TAG = re.compile(r"<[^>]+>")


def focusable_wide_code(page_html: str) -> str:
    def mark(match: re.Match) -> str:
        text = html.unescape(TAG.sub("", match[2]))
        if max((len(line) for line in text.split("\n")), default=0) <= WIDE:
            return match[0]
        return f'{match[1]}<code tabindex="0">{match[2]}</code>'

    return CODE.sub(mark, page_html)
