"""The one fence scanner: where pymdownx.superfences will see fenced blocks, and the code
it will hand their formatter.

It follows superfences' own rules, with its own patterns: the opening line and its
options (`key="value"`, a bare `key`, or `{.lang key="value"}`), blockquote markers and
indentation in front of every line (lists, admonitions, tabs), and a closing fence of
exactly the opening's characters. A fence superfences would drop (a line indented less
than its opening, a blockquote level that changes, no closing fence) is reported as
dropped, so an executable one fails the build instead of showing up as text.

The plugin still checks, fence by fence, that superfences formats exactly the blocks
found here with exactly this code: a difference is a build error, never a silent one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown.extensions.attr_list import get_attrs
from pymdownx.superfences import NESTED_FENCE_END, PREFIX_CHARS, RE_NESTED_FENCE_START, RE_OPTIONS


@dataclass
class Fence:
    start: int  # 0-based index of the opening line
    lang: str
    options: dict[str, str]
    braces: bool  # options written as {.lang key="value"}
    body: list[str] = field(default_factory=list)  # what superfences hands the formatter
    end: int | None = None  # index of the closing line
    dropped: str = ""  # why superfences would not treat it as a fence, when it would not
    unreadable: str = ""  # options superfences cannot read: it leaves the line as text

    @property
    def closed(self) -> bool:
        return self.end is not None


def _options(match: re.Match) -> tuple[str, dict[str, str], bool] | None:
    """Language, options and brace form of an opening line; None when superfences cannot
    read its options (it then leaves the line as text)."""
    lang = match["lang"] or ""
    if match["unrecognized"]:
        return None
    if match["attrs"] is not None:
        classes, options = [], {}
        for key, value in get_attrs(match["attrs"]):
            if key == ".":
                classes.append(value)
            elif key != "id":
                options[key] = value
        if not lang and classes:
            lang = classes[0]
        return lang, options, True
    options = {}
    for option in RE_OPTIONS.finditer(match["options"] or ""):
        options[option["key"]] = option["key"] if option["value"] is None else option["value"]
    return lang, options, False


def scan(lines: list[str], tab_len: int = 4) -> list[Fence]:
    """Every fence superfences would start in `lines`, in order, with its body."""
    fences: list[Fence] = []
    current: _Open | None = None
    for index, raw in enumerate(lines):
        line = raw.rstrip("\r")
        if current is None:
            ws_len = len(line) - len(line.lstrip("".join(PREFIX_CHARS)))
            match = RE_NESTED_FENCE_START.match(line, ws_len)
            parsed = _options(match) if match else None
            if parsed is not None:
                fence = Fence(index, *parsed)
                fences.append(fence)
                current = _Open(fence, match["fence"], line[:ws_len], tab_len)
            elif match:
                fences.append(
                    Fence(index, match["lang"] or "", {}, False, unreadable=match["unrecognized"])
                )
            continue
        if not current.feed(line, index):
            current = None
    if current is not None:
        current.fence.dropped = "it is never closed"
    return fences


class _Open:
    """A fence being read, line by line, as superfences reads it (search_nested)."""

    def __init__(self, fence: Fence, chars: str, ws: str, tab_len: int) -> None:
        self.fence = fence
        self.tab_len = tab_len
        self.ws_len = len(ws)
        self.ws_virtual_len = len(ws.expandtabs(tab_len))
        self.quote_level = ws.count(">")
        self.end = re.compile(NESTED_FENCE_END % re.escape(chars))
        self.empty_lines = 0
        self.code: list[str] = []

    def _split(self, line: str) -> tuple[str, str]:
        """The line's prefix (tabs expanded) up to the opening's width, and the rest."""
        ws, width, taken = [], 0, 0
        for char in line:
            if width >= self.ws_virtual_len or char not in PREFIX_CHARS:
                break
            taken += 1
            size = self.tab_len - (width % self.tab_len) if char == "\t" else 1
            ws.append(" " * size if char == "\t" else char)
            width += size
        return "".join(ws), line[taken:]

    def feed(self, line: str, index: int) -> bool:
        """Take the next line; False once the fence is closed or dropped."""
        ws, content = self._split(line)
        level = ws.count(">")
        if self.quote_level:
            if level > self.quote_level:
                return self._drop(index, "a line inside it is quoted deeper than its opening")
            if content == "":
                self.empty_lines += 1
                self.code.append(ws + content)
                return True
            if len(ws) < self.ws_len:
                return self._drop(index, "a line inside it is indented less than its opening")
            if self.empty_lines and level < self.quote_level:
                return self._drop(index, "the blockquote ends before the fence does")
            if self.end.match(content):
                return self._close(index)
        elif level == 0:
            if (ws + content).strip() == "":
                self.empty_lines += 1
                self.code.append(ws + content)
                return True
            if len(ws) != self.ws_virtual_len:
                return self._drop(index, "a line inside it is indented less than its opening")
            if self.end.match(content) and not content.startswith((" ", "\t")):
                return self._close(index)
        else:
            return self._drop(index, "a line inside it is quoted (>) but its opening is not")
        self.empty_lines = 0
        self.code.append(ws + content)
        return True

    def _close(self, index: int) -> bool:
        self.fence.end = index
        self.fence.body = [line[self.ws_virtual_len :] for line in self.code]
        return False

    def _drop(self, index: int, why: str) -> bool:
        self.fence.dropped = f"{why} (line {index - self.fence.start + 1} of the fence)"
        return False
