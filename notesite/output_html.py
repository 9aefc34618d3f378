"""A block's printed text as HTML, the way markdown-exec renders it, for less.

markdown-exec's `MarkdownConverter` builds a new Markdown instance, with every extension
of the site, for each conversion: 0.6 ms, for a few lines of output. On a cold build
that is ~1,400 instances (one per text result and per folded snippet box), and the
build process spends it while page workers want the cores. `OutputConverter` builds
the same instance once per page's Markdown, from markdown-exec's public pieces
(`markdown_config`, `IdPrependingTreeprocessor`), and resets it between conversions.
It serves the outputs that cannot carry headings (a `result` code block, folded code);
the rest go through `base_format`, whose heading reporting feeds the table of contents.
tests/notesite/test_output_html.py checks both give the same HTML.
"""

from __future__ import annotations

from markdown import Markdown
from markdown_exec import IdPrependingTreeprocessor, code_block, markdown_config
from markupsafe import Markup


class OutputConverter:
    """One reusable Markdown, set up as markdown-exec sets up its own for `md`."""

    def __init__(self, md: Markdown) -> None:
        self.page_md = md
        extensions = markdown_config.exts or list(md.registeredExtensions)
        extensions = [*extensions] + [e for e in ("tables", "md_in_html") if e not in extensions]
        self.md = Markdown()
        self.md.registerExtensions(extensions, markdown_config.exts_config or {})
        self.ids = IdPrependingTreeprocessor(self.md, "")
        # Right after `toc`, which gives headings their ids: as markdown-exec registers it.
        self.md.treeprocessors.register(self.ids, IdPrependingTreeprocessor.name, priority=4)
        # markdown-exec marks its inner instances so, should one of its formatters run
        # inside, they convert with the page's Markdown: the same mark, no public route.
        self.md._original_md = md

    def convert(self, text: str, id_prefix: str = "") -> Markup:
        self.md.reset()
        self.ids.id_prefix = id_prefix
        return Markup(self.md.convert(text))

    def result(self, output: str, language: str, id_prefix: str) -> Markup:
        """`result="text"` and no `source`: the output in a code block of that language."""
        return self.convert(code_block(language, output), id_prefix)
