"""PageRunner: per-page namespaces, captured output, and every kind of failure."""

import threading
from pathlib import Path

import pytest

from notesite.blocks import Block
from notesite.execution import BlockFailure, PageRunner


def block(code: str, line: int = 3, page: str = "docs/page.md", **options) -> Block:
    origins = [(page, line + i) for i in range(1, code.count("\n") + 2)]
    return Block(page, line, code, origins, options)


def test_blocks_of_a_page_share_variables_in_order():
    """A later block sees what an earlier block of the same page defined."""
    runner = PageRunner("docs/page.md")
    runner.run(block("x = 41"))
    assert runner.run(block("print(x + 1)")) == "42\n"


def test_pages_share_nothing():
    """A variable from one page is not defined on another page."""
    PageRunner("docs/a.md").run(block("secret = 1", page="docs/a.md"))
    with pytest.raises(BlockFailure, match="NameError: name 'secret' is not defined"):
        PageRunner("docs/b.md").run(block("secret", page="docs/b.md"))


def test_a_session_is_its_own_namespace_within_the_page():
    """`session="other"` keeps its variables apart from the page's default namespace."""
    runner = PageRunner("docs/page.md")
    runner.run(block("x = 1"))
    with pytest.raises(BlockFailure, match="NameError"):
        runner.run(block("x", session="other"))


def test_stdout_writes_are_captured_as_well_as_print():
    """Output written with sys.stdout.write appears in the result, not on the console."""
    out = PageRunner("docs/page.md").run(block("import sys\nsys.stdout.write('raw\\n')\nprint('printed')"))
    assert out == "raw\nprinted\n"


def test_dataclasses_work_in_a_block():
    """Blocks run in a real module, so code that inspects __module__ works."""
    code = "from dataclasses import dataclass\n@dataclass\nclass P:\n    x: int\nprint(P(3))"
    assert PageRunner("docs/page.md").run(block(code)) == "P(x=3)\n"


def test_a_warning_fails_the_block():
    """Warnings are errors in blocks, as they are under pytest."""
    with pytest.raises(BlockFailure, match="RuntimeWarning"):
        PageRunner("docs/page.md").run(block("import numpy as np\nnp.float64(1.0) / 0.0"))


def test_failure_names_the_line_in_the_markdown_file():
    """The report points at the fence and at the failing line of the page."""
    with pytest.raises(BlockFailure) as caught:
        PageRunner("docs/page.md").run(block("a = 1\nb = a / 0", line=10))
    assert caught.value.summary == "docs/page.md:10: block failed at docs/page.md:12: ZeroDivisionError: division by zero"
    assert "b = a / 0" in caught.value.details


def test_an_exception_handler_cannot_swallow_the_time_limit():
    """`except Exception` in a runaway block does not stop the time limit."""
    code = "while True:\n    try:\n        pass\n    except Exception:\n        pass"
    with pytest.raises(BlockFailure, match="longer than the 0.5 s time limit"):
        PageRunner("docs/page.md", timeout=0.5).run(block(code))


def test_time_limit_applies_in_a_worker_thread():
    """`mkdocs serve` builds in a worker thread; the limit works there too."""
    errors = []

    def work():
        try:
            PageRunner("docs/page.md", timeout=0.5).run(block("while True:\n    pass"))
        except BlockFailure as failure:
            errors.append(failure.summary)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert errors == ["docs/page.md:3: block ran longer than the 0.5 s time limit"]


def test_close_closes_leftover_figures():
    """Figures a block leaves open are closed when the page ends."""
    import matplotlib.pyplot as plt

    runner = PageRunner("docs/page.md")
    runner.run(block("import matplotlib.pyplot as plt\nplt.figure()"))
    assert plt.get_fignums()
    runner.close()
    assert not plt.get_fignums()


def test_failure_in_a_function_from_an_earlier_block_names_where_it_was_written():
    """A later block calling a function defined (or included) earlier points at its line."""
    runner = PageRunner("docs/page.md")
    first = Block("docs/page.md", 3, "def f(x):\n    return 1 / x", [("snippets/s.py", 7), ("snippets/s.py", 8)], {})
    runner.run(first)
    with pytest.raises(BlockFailure) as caught:
        runner.run(block("f(0)", line=10))
    assert caught.value.summary == "docs/page.md:10: block failed at snippets/s.py:8: ZeroDivisionError: division by zero"
    assert "snippets/s.py:8, in f\n      return 1 / x" in caught.value.details
