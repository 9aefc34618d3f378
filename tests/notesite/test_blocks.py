"""find_blocks: which fences run, their lines, and where included lines came from."""

import pytest

from notesite.blocks import BlockError, IncludeResolver, find_blocks, tag_fences


@pytest.fixture
def resolver(tmp_path):
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "f.py").write_text("def f():\n    return 1\n")
    return IncludeResolver({"base_path": ["."], "check_paths": True}, tmp_path)


PAGE = """# Title

```python
print("not executed")
```

````markdown
```python exec="on"
print("shown inside another fence, not executed")
```
````

!!! note

    ```python exec="on" session="s"
    --8<-- "snippets/f.py"
    print(f())
    ```
"""


def test_only_executed_fences_outside_other_fences(resolver):
    """Plain fences and fences quoted inside a fence are skipped."""
    blocks = find_blocks(PAGE, "docs/p.md", resolver)
    assert [b.line for b in blocks] == [15]
    assert blocks[0].namespace == "s"


def test_included_lines_point_at_the_snippet_file(resolver):
    """Lines pulled in with --8<-- map to the snippet file; the rest to the page."""
    (b,) = find_blocks(PAGE, "docs/p.md", resolver)
    assert b.code.splitlines()[:2] == ["def f():", "    return 1"]
    assert b.origins[:2] == [("snippets/f.py", 1), ("snippets/f.py", 2)]
    assert b.origins[-1] == ("docs/p.md", 17)


def test_first_line_offsets_for_front_matter(resolver):
    """MkDocs strips front matter; `first_line` puts lines back where they are in the file."""
    (b,) = find_blocks('```python exec="1"\nx = 1\n```\n', "docs/p.md", resolver, first_line=5)
    assert (b.line, b.origins) == (5, [("docs/p.md", 6)])


def test_missing_include_names_page_and_line(resolver):
    """An include of a file that does not exist is an error at the fence's line."""
    with pytest.raises(BlockError, match=r"docs/p.md:2: include not found"):
        find_blocks(
            '\n```python exec="on"\n--8<-- "snippets/nope.py"\n```\n', "docs/p.md", resolver
        )


def test_tag_fences_adds_the_block_tag(resolver):
    """Each executed fence gets notesite_block="TAG", others are untouched."""
    blocks = find_blocks(PAGE, "docs/p.md", resolver)
    tagged = tag_fences(PAGE, blocks, ["7"])
    assert '    ```python exec="on" session="s" notesite_block="7"' in tagged
    assert tagged.count("notesite_block") == 1
