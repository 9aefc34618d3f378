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
from pymdownx.snippets import SnippetExtension, SnippetMissingError, SnippetPreprocessor

from notesite import fences

INCLUDE = re.compile(r"""^[ \t]*-{1,}8<-{1,}[ \t]+(?P<quot>["'])(?P<target>.+?)(?P=quot)[ \t]*$""")
# The fences notesite runs: markdown-exec's Python languages.
EXECUTED_LANGS = ("python", "py", "pycon")
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
    lang: str = "python"  # python, py, or pycon (a console session: only its prompts run)

    @property
    def location(self) -> str:
        return f"{self.page}:{self.line}"

    @property
    def namespace(self) -> str:
        """Blocks share variables with the earlier blocks of their page, per `session`."""
        return self.options.get("session", "")


def utf8_problem(data: bytes, name: str) -> str:
    """`file:line: not valid UTF-8`, for a file that cannot be read as text."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return f"{name}:{line}: not valid UTF-8 (byte 0x{data[error.start]:02x}): save the file as UTF-8"
    return f"{name}: not valid UTF-8"


def first_line_of(raw: str, body: str) -> int:
    """The file line where `body` starts: `raw` without the front matter MkDocs cut off."""
    return raw[: len(raw) - len(body)].count("\n") + 1 if raw.endswith(body) else 1


def is_executed(lang: str, options: dict[str, str]) -> bool:
    """markdown-exec's own rule: exec="..." with a truthy value, or the language listed in
    the MARKDOWN_EXEC_AUTO environment variable."""
    if lang not in EXECUTED_LANGS:
        return False
    auto = [name.strip() for name in os.environ.get("MARKDOWN_EXEC_AUTO", "").split(",")]
    return lang in auto or options.get("exec", "").lower() not in {"", "no", "off", "false", "0"}


class SnippetNotUTF8(Exception):
    """An included file that is not valid UTF-8; the message names it and its line."""


class _RecordingSnippets(SnippetPreprocessor):
    """pymdownx.snippets, telling us which file each include read, through its documented
    process_snippet_lines hook, so origins come from the path snippets itself resolved."""

    def __init__(self, config, md, resolver: IncludeResolver) -> None:
        super().__init__(config, md)
        self.resolver = resolver
        self.included: list[tuple[Path, list[str]]] = []

    def process_snippet_lines(self, lines, target):
        if not target["is_url"]:
            self.included.append((Path(target["snippet"]), list(lines)))
        return lines

    def read_lines(self, path):
        # Overridden only to name the file and line when it is not UTF-8 (the default
        # raises a UnicodeDecodeError that names neither).
        try:
            return super().read_lines(path)
        except UnicodeDecodeError:
            problem = utf8_problem(Path(path).read_bytes(), self.resolver.relative(Path(path)))
            raise SnippetNotUTF8(problem) from None


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
    def _preprocessor(self) -> _RecordingSnippets:
        # One instance: building a Markdown object per block costs more than the expansion.
        md = markdown.Markdown(
            extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": self._config}
        )
        extension = next(e for e in md.registeredExtensions if isinstance(e, SnippetExtension))
        return _RecordingSnippets(extension.getConfigs(), md, self)

    def expand(self, lines: list[str]) -> tuple[list[str], list[tuple[Path, list[str]]]]:
        """The lines with their includes expanded, and each file included with its lines."""
        self._preprocessor.included = []
        return self._preprocessor.run(list(lines)), self._preprocessor.included

    def relative(self, path: Path) -> str:
        try:
            return str(path.resolve().relative_to(self.project_root.resolve()))
        except ValueError:
            return str(path)


def _origins_of_include(
    resolver: IncludeResolver,
    included: list[tuple[Path, list[str]]],
    expanded: list[str],
    fallback: tuple[str, int],
) -> list[tuple[str, int]]:
    """Where the expanded lines sit in the file snippets read (whole, a range or a section)."""
    if len(included) != 1 or not expanded:  # nested includes: point at the fence
        return [fallback] * len(expanded)
    path, _ = included[0]
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
        whole, _ = resolver.expand(body)
    except SnippetMissingError as error:
        raise BlockError(location, f"include not found: {error}") from None
    except SnippetNotUTF8 as error:
        raise BlockError(location, str(error)) from None

    code: list[str] = []
    origins: list[tuple[str, int]] = []
    for offset, line in enumerate(body, start=1):
        here = (page, fence_line + offset)
        include = INCLUDE.match(line)
        if include is None:
            code.append(line)
            origins.append(here)
            continue
        expanded, included = resolver.expand([line])
        code.extend(expanded)
        origins.extend(_origins_of_include(resolver, included, expanded, here))
    if code != whole:
        # Block-form includes (--8<-- on its own line) and the like: trust the
        # expansion, and point every line at the fence.
        return whole, [(page, fence_line)] * len(whole)
    return code, origins


# Where markdown-exec shows the source (its `source` option); anything else it cannot render.
SOURCE_LOCATIONS = {
    "",
    "above",
    "below",
    "block",
    "material-block",
    "tabbed-left",
    "tabbed-right",
    "console",
}


def _check_options(location: str, options: dict[str, str], project_root: Path) -> None:
    """Options markdown-exec could not use: it would leave the fence as text, unreported."""
    for name in ("returncode", "width"):
        if name in options and not re.fullmatch(r"-?\d+", options[name].strip()):
            raise BlockError(location, f'{name}="{options[name]}" is not a whole number')
    if options.get("source", "") not in SOURCE_LOCATIONS:
        allowed = ", ".join(sorted(SOURCE_LOCATIONS - {""}))
        raise BlockError(location, f'source="{options["source"]}" is not one of: {allowed}')
    workdir = options.get("workdir")
    if workdir and not (project_root / workdir).is_dir():
        raise BlockError(location, f'workdir="{workdir}" is not a folder of the project')


PROMPTS = (">>> ", "... ")


def pycon_transform(code: str) -> tuple[str, str]:
    """markdown-exec's reading of a console session: (the code it runs, the code it shows)."""
    prompted = [line for line in code.split("\n") if line.startswith(PROMPTS)]
    return "\n".join(line[4:] for line in prompted), "\n".join(prompted)


def _pycon_code(code: list[str], origins: list[tuple[str, int]]):
    """The lines of a console session that run, each with its origin."""
    kept = [(line[4:], origin) for line, origin in zip(code, origins) if line.startswith(PROMPTS)]
    return [line for line, _ in kept], [origin for _, origin in kept]


def find_blocks(
    text: str, page: str, resolver: IncludeResolver, first_line: int = 1, tab_len: int = 4
) -> list[Block]:
    """Every executable Python fence in `text`, in page order, found as superfences finds
    fences (fences.py): in blockquotes, lists, admonitions and tabs too.

    `first_line` is the file line of `text`'s first line (MkDocs strips front matter
    before plugins see a page). A fence that would be left as text (dropped by
    superfences, unreadable options, options markdown-exec cannot use) is a BlockError.
    """
    blocks: list[Block] = []
    for fence in fences.scan(text.splitlines(), tab_len):
        location = f"{page}:{first_line + fence.start}"
        if fence.unreadable:
            if fence.lang in EXECUTED_LANGS and re.search(r"\bexec\b", fence.unreadable):
                raise BlockError(
                    location,
                    f"fence options `{fence.unreadable.strip()}` cannot be read, so the fence would "
                    'be shown as text: quote every value (exec="on")',
                )
            continue
        if not is_executed(fence.lang, fence.options):
            continue
        if not fence.closed:
            raise BlockError(location, f"executable fence would be shown as text: {fence.dropped}")
        _check_options(location, fence.options, resolver.project_root)
        code, origins = _resolve_block(resolver, page, first_line + fence.start, fence.body)
        if fence.lang == "pycon":
            code, origins = _pycon_code(code, origins)
        options = dict(fence.options)
        blocks.append(
            Block(page, first_line + fence.start, "\n".join(code), origins, options, fence.lang)
        )
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
