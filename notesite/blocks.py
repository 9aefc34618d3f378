"""Find the executable Python blocks of a Markdown page and resolve their includes.

The build (our MkDocs plugin) and the tests (our pytest plugin) both read blocks
through this module, so both see the same code, in the same order, with every
line of it traced back to where it was written: a line of the Markdown file, or
a line of a snippet file pulled in with `--8<--`.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import markdown
from pymdownx.snippets import SnippetMissingError

# An opening fence for Python: ```python exec="on" ... (also ~~~ and {.python ...}).
FENCE_OPEN = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*\{?[ \t]*\.?(?P<lang>[\w+-]*)(?P<options>.*?)\}?[ \t]*$"
)
OPTION = re.compile(r"""(?P<key>[a-zA-Z][a-zA-Z0-9_]*)=(?P<quot>["'])(?P<value>.*?)(?P=quot)""")
INCLUDE = re.compile(r"""^[ \t]*-{1,}8<-{1,}[ \t]+(?P<quot>["'])(?P<target>.+?)(?P=quot)[ \t]*$""")
PYTHON_LANGS = {"python", "py"}
# The attribute our MkDocs plugin adds to each fence so its formatter knows the block.
TAG_OPTION = "notesite_block"


class BlockError(Exception):
    """A block that cannot even be read: a missing include, an unclosed fence."""

    def __init__(self, location: str, message: str) -> None:
        super().__init__(f"{location}: {message}")
        self.location = location


@dataclass
class Block:
    """One executable fence, with its code after includes are resolved."""

    page: str  # the Markdown file, relative to the project root
    line: int  # 1-based line of the opening fence in that file
    code: str
    origins: list[tuple[str, int]]  # (file, line) where each line of `code` was written
    options: dict[str, str] = field(default_factory=dict)

    @property
    def location(self) -> str:
        return f"{self.page}:{self.line}"

    @property
    def namespace(self) -> str:
        """Blocks share variables with the earlier blocks of their page, per `session`."""
        return self.options.get("session", "")


def first_line_of(raw: str, body: str) -> int:
    """The file line where `body` starts: `raw` without the front matter MkDocs cut off."""
    return raw[: len(raw) - len(body)].count("\n") + 1 if raw.endswith(body) else 1


def is_executed(lang: str, options: dict[str, str]) -> bool:
    # markdown-exec's own rule: exec="..." with a truthy value.
    value = options.get("exec", "")
    return lang in PYTHON_LANGS and value.lower() not in {"", "no", "off", "false", "0"}


class IncludeResolver:
    """Expands `--8<--` lines with pymdownx.snippets itself, configured as in mkdocs.yml."""

    def __init__(self, snippets_config: dict, project_root: Path) -> None:
        self.project_root = project_root
        config = dict(snippets_config)
        bases = config.get("base_path", ["."])
        bases = [bases] if isinstance(bases, (str, os.PathLike)) else bases
        # The build runs from the project root; tests may not, so anchor relative bases.
        config["base_path"] = [str(project_root / b) for b in bases]
        self._config = config

    @functools.cached_property
    def _preprocessor(self):
        # One instance: building a Markdown object per block costs more than the expansion.
        md = markdown.Markdown(
            extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": self._config}
        )
        return md.preprocessors["snippet"]

    def expand(self, lines: list[str]) -> list[str]:
        return self._preprocessor.run(list(lines))

    def resolve_path(self, target: str) -> Path | None:
        path = re.sub(r"(:-?\d*)+$|:[a-z][-_0-9a-z]*$", "", target, flags=re.I)
        found = self._preprocessor.get_snippet_path(path)
        return Path(found) if found else None

    def relative(self, path: Path) -> str:
        try:
            return str(path.resolve().relative_to(self.project_root.resolve()))
        except ValueError:
            return str(path)


def _origins_of_include(
    resolver: IncludeResolver, target: str, expanded: list[str], fallback: tuple[str, int]
) -> list[tuple[str, int]]:
    """Find where the expanded lines sit in the included file (whole file, range or section)."""
    path = resolver.resolve_path(target)
    if path is None or not expanded:
        return [fallback] * len(expanded)
    file_lines = path.read_text(encoding="utf-8").splitlines()
    # pymdownx.snippets may add a blank line after the file: match without it.
    stripped = [line.strip() for line in expanded]
    while len(stripped) > 1 and not stripped[-1]:
        stripped.pop()
    for start in range(len(file_lines) - len(stripped) + 1):
        if all(file_lines[start + i].strip() == s for i, s in enumerate(stripped)):
            name = resolver.relative(path)
            return [(name, start + 1 + i) for i in range(len(expanded))]
    return [fallback] * len(expanded)


def _resolve_block(
    resolver: IncludeResolver, page: str, fence_line: int, body: list[str]
) -> tuple[list[str], list[tuple[str, int]]]:
    location = f"{page}:{fence_line}"
    try:
        whole = resolver.expand(body)
    except SnippetMissingError as error:
        raise BlockError(location, f"include not found: {error}") from None

    code: list[str] = []
    origins: list[tuple[str, int]] = []
    for offset, line in enumerate(body, start=1):
        here = (page, fence_line + offset)
        include = INCLUDE.match(line)
        if include is None:
            code.append(line)
            origins.append(here)
            continue
        expanded = resolver.expand([line])
        code.extend(expanded)
        origins.extend(_origins_of_include(resolver, include["target"], expanded, here))
    if code != whole:
        # Block-form includes (--8<-- on its own line) and the like: trust the
        # expansion, and point every line at the fence.
        return whole, [(page, fence_line)] * len(whole)
    return code, origins


def find_blocks(
    text: str, page: str, resolver: IncludeResolver, first_line: int = 1
) -> list[Block]:
    """Every executable Python fence in `text`, in page order.

    `first_line` is the file line of `text`'s first line (MkDocs strips front matter
    before plugins see a page).
    """
    blocks: list[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        opening = FENCE_OPEN.match(lines[i])
        if opening is None:
            i += 1
            continue
        indent, fence = opening["indent"], opening["fence"]
        options = {m["key"]: m["value"] for m in OPTION.finditer(opening["options"])}
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = i + 1
        while end < len(lines) and not closing.match(lines[end]):
            end += 1
        fence_line = first_line + i
        if end == len(lines):
            if is_executed(opening["lang"], options):
                raise BlockError(f"{page}:{fence_line}", "code fence is never closed")
            break
        if is_executed(opening["lang"], options):
            body = [
                line[len(indent) :] if line.startswith(indent) else line.lstrip()
                for line in lines[i + 1 : end]
            ]
            code, origins = _resolve_block(resolver, page, fence_line, body)
            blocks.append(Block(page, fence_line, "\n".join(code), origins, options))
        # Skip the whole fence, so fences shown inside other fences are not run.
        i = end + 1
    return blocks


def tag_fences(text: str, blocks: list[Block], tags: list[str], first_line: int = 1) -> str:
    """Add `notesite_block="TAG"` to each executable fence, for the MkDocs formatter."""
    lines = text.splitlines(keepends=True)
    for block, tag in zip(blocks, tags):
        index = block.line - first_line
        header = lines[index].rstrip("\r\n")
        newline = lines[index][len(header) :]
        if header.rstrip().endswith("}"):
            header = header.rstrip()[:-1] + f' {TAG_OPTION}="{tag}"}}'
        else:
            header = f'{header} {TAG_OPTION}="{tag}"'
        lines[index] = header + newline
    return "".join(lines)
