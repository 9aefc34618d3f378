"""OutputConverter renders a block's output as markdown-exec does, with one Markdown."""

from __future__ import annotations

import pytest
from markdown import Markdown
from markdown_exec import MarkdownConverter, base_format, markdown_config

from notesite.output_html import OutputConverter

EXTENSIONS = ["attr_list", "md_in_html", "admonition", "pymdownx.details", "pymdownx.superfences"]
SETTINGS = {
    "pymdownx.highlight": {"anchor_linenums": True, "line_spans": "__span", "linenums": True},
}

OUTPUTS = [
    "mean 0.0123, std 0.9876, n 2000\n",
    "<script>alert('x')</script> & \"quotes\"\n\n\nblank lines above",
    "````\nfour backticks in the output\n````\n# not a heading, a line of text",
]


@pytest.fixture
def md():
    """A page's Markdown, with the settings saved as markdown-exec's plugin saves them."""
    extensions = [*EXTENSIONS, "pymdownx.highlight"]
    markdown_config.save(extensions, SETTINGS)
    yield Markdown(extensions=extensions, extension_configs=SETTINGS)
    markdown_config.reset()


# Code blocks keep their ids (Pygments' anchors are raw HTML markdown-exec does not
# prefix); the prefix must still pass through as markdown-exec passes it.
@pytest.mark.parametrize("prefix", ["exec-0123456789-", "my-id-", ""])
def test_text_results_render_as_markdown_exec_renders_them(md, prefix):
    converter = OutputConverter(md)
    for output in OUTPUTS * 2:  # reused: the second round must not differ from the first
        expected = base_format(
            language="python",
            run=lambda code, **_: output,  # noqa: B023 - called at once
            code="print()",
            md=md,
            result="text",
            id_prefix=prefix,
        )
        assert converter.result(output, "text", prefix) == expected
        assert 'class="highlight"' in expected
        # Line anchors count code blocks per conversion: a reused instance starts at 0 too.
        assert 'id="__codelineno-0-1"' in expected


def test_folded_code_renders_as_markdown_exec_renders_it(md):
    boxes = '??? example "The code: `snippets/a.py` (2 lines)"\n    ````python\n    def f():\n        return 1\n    ````\n'
    converter = OutputConverter(md)
    expected = MarkdownConverter(md, update_toc=False).convert(boxes)
    assert converter.convert(boxes) == expected
    assert converter.convert(boxes) == expected
