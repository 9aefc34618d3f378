"""Code blocks with lines a phone cannot show take keyboard focus before Material measures them."""

from notesite.code_focus import WIDE, focusable_wide_code


def block(code: str) -> str:
    return f'<div class="highlight"><pre><span></span><code>{code}</code></pre></div>'


def test_a_block_with_a_long_line_is_focusable_and_a_short_one_is_not():
    long_line = '<span class="n">x</span> = ' + "1 + " * WIDE
    page = block("short = 1\n" + long_line) + block("a = 1\nb = 2")
    marked = focusable_wide_code(page)
    assert marked.count('<code tabindex="0">') == 1
    assert marked.index('<code tabindex="0">') < marked.index("short = 1")
    assert focusable_wide_code(block("a = 1")) == block("a = 1")


def test_line_length_counts_characters_not_markup_or_entities():
    """Forty `&lt;` are forty characters, and highlighting spans add none."""
    fits = "&lt;" * WIDE
    assert focusable_wide_code(block(fits)) == block(fits)
    spans = "".join(f'<span class="p">{c}</span>' for c in "x" * WIDE)
    assert focusable_wide_code(block(spans)) == block(spans)
    assert 'tabindex="0"' in focusable_wide_code(block(fits + "&lt;"))
