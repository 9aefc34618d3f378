"""What a notebook page shows: its Markdown cells as Jupyter shows them, with math rendered
at build time, links that resolve, and nothing loaded from another host.

mkdocs-jupyter renders Markdown cells with nbconvert, which leaves math to MathJax in the
browser: it drops the backslashes of `\\(...\\)` and `\\[...\\]`, shows bare `align` as text,
and cannot tell a price from math. Here each Markdown cell is rendered again, from its
source, with nbconvert's own public Markdown renderer (the one mkdocs-jupyter uses, so
headings keep their anchors): its math is taken out first, with Jupyter's delimiters, and
rendered by KaTeX with the notebook's own macros; its relative links and images are pointed
at the published files, and checked. Widget outputs, which need a live kernel, become a
note, and scripts from other hosts are dropped. Code cells are left alone, so their copy
buttons copy the code as written.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

RENDERED_MARKDOWN = re.compile(
    r'<div class="jp-Cell jp-MarkdownCell[^"]*"(?: id="cell-id=(?P<id>[^"]*)")?>.*?'
    r'<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown[^"]*"[^>]*>',
    re.S,
)
DIV_TAG = re.compile(r"<div\b|</div>")

# Jupyter's math, in the order they are tried: code first, so math inside it stays code.
MATH = re.compile(
    r"(?P<fence>^[ \t]*(?P<ticks>`{3,}|~{3,}).*?(?:^[ \t]*(?P=ticks)[ \t]*$|\Z))"
    r"|(?P<code>(?P<backticks>`+).+?(?P=backticks))"
    r"|(?P<escaped>\\\$)"
    r"|\$\$(?P<display_dollars>.+?)\$\$"
    r"|\\\[(?P<display_brackets>.+?)\\\]"
    r"|\\\((?P<inline_parens>.+?)\\\)"
    r"|(?P<environment>\\begin\{(?P<env>[A-Za-z]+\*?)\}.*?\\end\{(?P=env)\})"
    # Pandoc's rule, so prices are not math: no space inside either dollar, no digit after.
    r"|\$(?P<inline_dollar>[^\s$](?:[^$\n]|\n(?![ \t]*\n))*?(?<![\s\\]))\$(?!\d)",
    re.S | re.M,
)
PLACEHOLDER = "NOTESITEMATH{}X"
PLACEHOLDERS = re.compile(r"NOTESITEMATH(\d+)X")
SLUGGED_PLACEHOLDER = re.compile(r"notesitemath(\d+)x")

# MathJax-isms KaTeX lacks, turned into what KaTeX has: Jupyter shows no equation numbers,
# so the numbered environments render unnumbered.
COMPATIBLE = [
    (re.compile(r"\\require\{[^}]*\}"), ""),
    (re.compile(r"\\label\{[^}]*\}"), ""),
    (re.compile(r"\\mbox\b"), r"\\text"),
    (re.compile(r"\\begin\{eqnarray\*?\}"), r"\\begin{array}{rcl}"),
    (re.compile(r"\\end\{eqnarray\*?\}"), r"\\end{array}"),
    (re.compile(r"\\(begin|end)\{multline\*?\}"), r"\\\1{gather*}"),
    (re.compile(r"\\(begin|end)\{(align|equation|gather|alignat|flalign)\}"), r"\\\1{\2*}"),
]

LINKS = re.compile(r'(?P<attr>\b(?:src|href))="(?P<url>[^"]*)"')
WIDGET = re.compile(
    r'<div class="jupyter-widgets jp-OutputArea-output"[^>]*>.*?'
    r'<script type="application/vnd.jupyter.widget-view\+json">.*?</script>\s*</div>',
    re.S,
)
WIDGET_NOTE = (
    '<div class="jp-OutputArea-output notesite-widget"><p><em>An interactive widget was '
    "here. Widgets need a running Jupyter kernel, so the published page cannot show it: "
    "run the notebook to use it.</em></p></div>"
)
SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S)
# Scripts that load code from another host, or only serve MathJax and widgets (which this
# page does without).
FOREIGN_SCRIPT = re.compile(
    r"https?://|application/vnd\.jupyter\.widget-state|text/x-mathjax-config|data:text/javascript,"
)


@dataclass
class NotebookPage:
    """The finished HTML of a notebook page, and what went wrong on the way."""

    html: str
    problems: list[str] = field(default_factory=list)
    linked: set[str] = field(default_factory=set)  # src_uris of files the notebook links


def _closing_div(content: str, start: int) -> int:
    """Where the <div> opened just before `start` closes."""
    depth = 1
    for tag in DIV_TAG.finditer(content, start):
        depth += 1 if tag.group(0) == "<div" else -1
        if depth == 0:
            return tag.start()
    return len(content)


def _line(source: str, offset: int) -> int:
    return source.count("\n", 0, offset) + 1


def take_out_math(source: str) -> tuple[str, list[tuple[str, bool, int, str]]]:
    """The cell's Markdown with each formula replaced by a placeholder, and the formulas:
    (tex for KaTeX, display, line in the cell, the formula as written)."""
    formulas: list[tuple[str, bool, int, str]] = []

    def replace(match: re.Match) -> str:
        if match["fence"] or match["code"] or match["escaped"]:
            return match.group(0)
        tex = next(
            match[name]
            for name in (
                "display_dollars",
                "display_brackets",
                "inline_parens",
                "environment",
                "inline_dollar",
            )
            if match[name] is not None
        )
        display = match["inline_parens"] is None and match["inline_dollar"] is None
        for pattern, replacement in COMPATIBLE:
            tex = pattern.sub(replacement, tex)
        formulas.append((tex.strip(), display, _line(source, match.start()), match.group(0)))
        return PLACEHOLDER.format(len(formulas) - 1)

    return MATH.sub(replace, source), formulas


def render_markdown(source: str, attachments: dict) -> str:
    """A Markdown cell as nbconvert's HTML exporter renders it."""
    from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

    renderer = IPythonRenderer(escape=False, attachments=attachments)
    return MarkdownWithMath(renderer=renderer).render(source)


class NotebookPages:
    """Finishes notebook pages for one build: math through the build's KaTeX, links
    through the build's files."""

    def __init__(self, katex_renderer, project_root: Path) -> None:
        self.katex = katex_renderer
        self.project_root = project_root
        self.rendered = 0  # a macro group per page render

    def finish(self, content: str, notebook: Path, page_file, files) -> NotebookPage:
        import nbformat

        name = self._name(notebook)
        cells = nbformat.read(notebook, as_version=4).cells
        markdown_cells = [(n, c) for n, c in enumerate(cells, start=1) if c.cell_type == "markdown"]
        by_id = {c.get("id"): (n, c) for n, c in markdown_cells if c.get("id")}
        page = NotebookPage(content)
        pieces, formulas, last = [], [], 0
        for order, match in enumerate(RENDERED_MARKDOWN.finditer(content)):
            number, cell = by_id.get(match["id"]) or markdown_cells[order]
            where = f"{name}: cell {number} of {len(cells)} (Markdown)"
            end = _closing_div(content, match.end())
            text, cell_formulas = take_out_math(cell.source)
            rendered = render_markdown(text, cell.get("attachments") or {})
            # A heading's id is a slug of its text: slug the formula as written there, as
            # nbconvert did, so the table of contents' links still land.
            rendered = SLUGGED_PLACEHOLDER.sub(
                lambda m, found=cell_formulas: re.sub(
                    r"[^a-z0-9]+", "", found[int(m[1])][3].lower()
                ),
                rendered,
            )
            rendered = self._links(rendered, cell.source, where, notebook, page_file, files, page)
            offset = len(formulas)
            rendered = PLACEHOLDERS.sub(
                lambda m, offset=offset: PLACEHOLDER.format(int(m[1]) + offset), rendered
            )
            formulas += [
                (tex, display, f"{where}, line {line}", written)
                for tex, display, line, written in cell_formulas
            ]
            pieces += [content[last : match.end()], "\n", rendered]
            last = end
        pieces.append(content[last:])
        finished = "".join(pieces)
        if self.katex is not None:
            finished = self._math(finished, formulas, page)
        else:  # `math: off`: the formulas as written, for whatever the site uses instead
            finished = PLACEHOLDERS.sub(lambda m: html.escape(formulas[int(m[1])][3]), finished)
        finished = WIDGET.sub(WIDGET_NOTE, finished)
        # A long line scrolls the code sideways: focusable, so a keyboard can scroll it too.
        finished = finished.replace(
            '<div class="highlight-ipynb', '<div tabindex="0" class="highlight-ipynb'
        )
        page.html = SCRIPT.sub(
            lambda m: "" if FOREIGN_SCRIPT.search(m.group(0)) else m.group(0), finished
        )
        return page

    def _name(self, notebook: Path) -> str:
        try:
            return str(notebook.relative_to(self.project_root))
        except ValueError:
            return str(notebook)

    def _math(self, content: str, formulas, page: NotebookPage) -> str:
        if not formulas:
            return content
        self.rendered += 1
        results = self.katex.render_many(
            [(tex, display) for tex, display, _, _ in formulas], group=f"notebook-{self.rendered}"
        )

        def replace(match: re.Match) -> str:
            tex, _, where, _ = formulas[int(match[1])]
            rendered, error = results[int(match[1])]
            if error is not None:
                page.problems.append(f'{where}: KaTeX cannot render "{tex}": {error}')
                return html.escape(tex)
            return rendered

        return PLACEHOLDERS.sub(replace, content)

    @staticmethod
    def _links(rendered, source, where, notebook, page_file, files, page) -> str:
        """Point relative links and images at the published files; a missing one is a
        problem, named with its cell and line."""
        folder = posixpath.dirname(page_file.src_uri)

        def replace(match: re.Match) -> str:
            url = html.unescape(match["url"])
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith(("/", "#")) or not parts.path:
                return match.group(0)
            target_uri = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
            target = files.get_file_from_path(target_uri)
            if target is None:
                line = next(
                    (n for n, text in enumerate(source.splitlines(), 1) if parts.path in text), 1
                )
                page.problems.append(
                    f"{where}, line {line}: links to '{url}', "
                    f"which is not in the site ({target_uri} not found)"
                )
                return match.group(0)
            page.linked.add(target.src_uri)
            if not target.inclusion.is_included():  # left out, but linked after all
                from mkdocs.structure.files import InclusionLevel

                target.inclusion = InclusionLevel.INCLUDED
            new = target.url_relative_to(page_file)
            if parts.fragment:
                new += "#" + parts.fragment
            return f'{match["attr"]}="{html.escape(new, quote=True)}"'

        return LINKS.sub(replace, rendered)


LINK_TARGET = re.compile(r"\]\(\s*<?(?P<md>[^)\s>]+)|\b(?:src|href)=[\"'](?P<html>[^\"']+)")


def _targets(text: str, folder: str) -> set[str]:
    """The src_uris that the links and images in `text` point at, from `folder`."""
    found = set()
    for match in LINK_TARGET.finditer(text):
        parts = urlsplit(match["md"] or match["html"])
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            continue
        found.add(posixpath.normpath(posixpath.join(folder, unquote(parts.path))))
    return found


def keep_only_linked_beside_notebooks(files) -> list[str]:
    """Leave out of the site the files that sit beside notebooks (helper modules, data) unless
    a page links them; MkDocs would otherwise publish every one. Returns those left out."""
    import json

    from mkdocs.structure.files import InclusionLevel

    notebook_folders = {posixpath.dirname(f.src_uri) for f in files if f.src_uri.endswith(".ipynb")}
    if not notebook_folders:
        return []
    linked: set[str] = set()
    # By suffix: mkdocs-jupyter may not have made notebooks pages yet (plugin order).
    for file in (f for f in files if f.src_uri.endswith((".md", ".ipynb"))):
        folder = posixpath.dirname(file.src_uri)
        try:
            text = Path(file.abs_src_path).read_text(encoding="utf-8")
            if file.src_uri.endswith(".ipynb"):
                cells = json.loads(text).get("cells", [])
                text = "\n".join(
                    "".join(c.get("source", "")) for c in cells if c.get("cell_type") == "markdown"
                )
        except (OSError, ValueError, TypeError):
            continue  # reported where the page itself is read
        linked |= _targets(text, folder)
    left_out = []
    for file in files:
        folder_of_file = posixpath.dirname(file.src_uri)
        # Beside: in a notebook's folder or below it (only in it, for notebooks at the top).
        beside = any(
            folder_of_file == folder or (folder and file.src_uri.startswith(folder + "/"))
            for folder in notebook_folders
        )
        if (
            beside
            and not file.src_uri.endswith((".md", ".ipynb"))
            and file.src_uri not in linked
            and file.abs_src_path  # generated files (notesite's own assets) stay
            and file.inclusion.is_included()
        ):
            file.inclusion = InclusionLevel.EXCLUDED
            left_out.append(file.src_uri)
    return left_out


def notebook_inputs(docs_dir: Path) -> set[Path]:
    """The files beside notebooks (in their folders, and below), which a notebook may read."""
    found: set[Path] = set()
    for notebook in docs_dir.rglob("*.ipynb"):
        if ".ipynb_checkpoints" in notebook.parts:
            continue
        folder = notebook.parent
        candidates = folder.rglob("*") if folder != docs_dir else folder.glob("*")
        found |= {
            path
            for path in candidates
            if path.is_file()
            and path.suffix != ".ipynb"
            and ".ipynb_checkpoints" not in path.parts
            and "__pycache__" not in path.parts
        }
    return found
