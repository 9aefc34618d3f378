"""Page workers: per-page namespaces, captured output, every kind of failure, hard limits,
and nothing a block does reaching another page or the process that runs them."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest

from notesite.blocks import Block
from notesite.execution import BlockFailure, Limits, run_page

ROOT = Path(__file__).resolve().parents[2]


def block(code: str, line: int = 3, page: str = "docs/page.md", **options) -> Block:
    origins = [(page, line + i) for i in range(1, code.count("\n") + 2)]
    return Block(page, line, code, origins, options)


def run(*codes: str, limits: Limits | None = None, page: str = "docs/page.md", root: Path = ROOT):
    """Run blocks (code, or Block) as one page; their results in order."""
    blocks = [
        c if isinstance(c, Block) else block(c, line=10 * n + 3, page=page)
        for n, c in enumerate(codes)
    ]
    return run_page(page, blocks, limits or Limits(timeout=5), root)


def outputs(*codes: str, **kwargs) -> list[str]:
    return [result.output_or_raise() for result in run(*codes, **kwargs)]


def failure(*codes: str, **kwargs) -> str:
    """The report of the first failing block."""
    failed = [r.failure for r in run(*codes, **kwargs) if r.failure]
    assert failed, "no block failed"
    return failed[0]


def test_blocks_of_a_page_share_variables_in_order():
    """A later block sees what an earlier block of the same page defined."""
    assert outputs("x = 41", "print(x + 1)") == ["", "42\n"]


def test_pages_share_nothing():
    """A variable from one page is not defined on another page."""
    outputs("secret = 1", page="docs/a.md")
    assert "NameError: name 'secret' is not defined" in failure("secret", page="docs/b.md")


def test_a_session_is_its_own_namespace_within_the_page():
    """`session="other"` keeps its variables apart from the page's default namespace."""
    assert "NameError" in failure("x = 1", block("x", line=20, session="other"))


def test_stdout_writes_are_captured_as_well_as_print():
    """Output written with sys.stdout.write appears in the result, not on the console."""
    assert outputs("import sys\nsys.stdout.write('raw\\n')\nprint('printed')") == ["raw\nprinted\n"]


def test_dataclasses_work_in_a_block():
    """Blocks run in a real module, so code that inspects __module__ works."""
    code = "from dataclasses import dataclass\n@dataclass\nclass P:\n    x: int\nprint(P(3))"
    assert outputs(code) == ["P(x=3)\n"]


def test_a_warning_fails_the_block():
    """Warnings are errors in blocks, as they are under pytest."""
    assert "RuntimeWarning" in failure("import numpy as np\nnp.float64(1.0) / 0.0")


def test_failure_names_the_line_in_the_markdown_file():
    """The report points at the fence and at the failing line of the page."""
    report = failure(block("a = 1\nb = a / 0", line=10))
    with pytest.raises(BlockFailure) as caught:
        raise BlockFailure(report)
    assert (
        caught.value.summary
        == "docs/page.md:10: block failed at docs/page.md:12: ZeroDivisionError: division by zero"
    )
    assert "b = a / 0" in caught.value.details


def test_failure_in_a_function_from_an_earlier_block_names_where_it_was_written():
    """A later block calling a function defined (or included) earlier points at its line."""
    first = Block(
        "docs/page.md",
        3,
        "def f(x):\n    return 1 / x",
        [("snippets/s.py", 7), ("snippets/s.py", 8)],
        {},
    )
    report = failure(first, block("f(0)", line=10))
    assert report.startswith(
        "docs/page.md:10: block failed at snippets/s.py:8: ZeroDivisionError: division by zero"
    )
    assert "snippets/s.py:8, in f\n      return 1 / x" in report


@pytest.mark.parametrize(
    "code",
    [
        "while True:\n    try:\n        pass\n    except BaseException:\n        pass",
        # Every signal it may ignore, the one that asks for its stack (SIGUSR1) too.
        "import signal\nfor s in signal.valid_signals() - {signal.SIGKILL, signal.SIGSTOP}:\n    signal.signal(s, signal.SIG_IGN)\nwhile True:\n    pass",
        "import time\ntime.sleep(3600)",
        # One long call in compiled code: no Python bytecode runs until it returns.
        "import numpy as np\na = np.random.default_rng(0).random((4000, 4000))\nfor _ in range(10**6):\n    a = a @ a",
    ],
    ids=["swallows-everything", "ignores-signals", "sleeps", "numpy-call"],
)
def test_the_time_limit_stops_whatever_the_block_does(code):
    """The worker is killed at the limit: no handler, ignored signal or C call outlives it."""
    started = time.monotonic()
    report = failure(code, "print('after')", limits=Limits(timeout=1))
    assert time.monotonic() - started < 15
    assert report.startswith("docs/page.md:3: block ran longer than the 1 s time limit")
    assert "(raise `timeout` under the notesite plugin in mkdocs.yml)" in report


def test_a_timeout_shows_where_the_block_was():
    """The stack at the limit maps back to the page's lines."""
    report = failure("n = 0\nwhile True:\n    n += 1", limits=Limits(timeout=1))
    # Stopped somewhere in the loop: its jump back counts as the `while` line.
    assert "docs/page.md:6, in <module>" in report or "docs/page.md:5, in <module>" in report


def test_later_blocks_of_a_stopped_page_are_failures_not_silence():
    """Blocks after a killed one are reported as not run."""
    results = run("while True:\n    pass", "print('later')", limits=Limits(timeout=1))
    assert results[1].failure.startswith("docs/page.md:13: block not run")


@pytest.mark.parametrize(
    "code", ["import os\nos._exit(0)", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"]
)
def test_a_block_that_ends_its_process_is_a_failure(code):
    """os._exit(0) or a signal is reported with the block's line and how the worker ended."""
    report = failure(code)
    assert report.startswith("docs/page.md:3: block ended its worker process")
    assert "exit status 0" in report or "killed by SIGKILL" in report


def test_sys_exit_is_a_failure():
    assert failure("import sys\nsys.exit(3)").startswith("docs/page.md:3: block called sys.exit(3)")


def test_a_non_daemon_thread_does_not_hold_the_page_open():
    """A thread that never ends dies with the worker once the page's blocks are done."""
    started = time.monotonic()
    code = "import threading, time\nthreading.Thread(target=lambda: time.sleep(3600)).start()\nprint('ok')"
    assert outputs(code) == ["ok\n"]
    assert time.monotonic() - started < 15


def test_the_output_limit():
    """One huge print fails the block, naming the limit and how to raise it."""
    report = failure("print('x' * (2 * 1024 * 1024))", limits=Limits(output_mib=1))
    assert "block printed more than the 1 MiB output limit" in report
    assert "`output_limit`" in report


def test_the_memory_limit():
    """An allocation past the limit fails the block, naming the limit and how to raise it."""
    report = failure("import numpy as np\na = np.ones(10**9)", limits=Limits(memory_mib=1024))
    assert "ran out of memory under the 1024 MiB memory limit" in report
    assert "`memory_limit`" in report


HOSTILE = [
    "import os\nos.chdir('/')",
    "import sys\nsys.path.insert(0, '/nowhere')\nsys.modules['json'] = None",
    "import builtins\nbuiltins.print = lambda *a, **k: None",
    "import matplotlib as mpl\nmpl.rcParams['lines.linewidth'] = 99",
    "import numpy as np\nnp.random.seed(1234)",
    "import logging\nlogging.disable(logging.CRITICAL)",
    "import os\nos.environ['LEAKED'] = '1'",
    "import warnings\nwarnings.simplefilter('ignore')",
]
PROBE = (
    "import os, sys, json, logging, warnings\nimport matplotlib as mpl\nimport numpy as np\n"
    "print(os.getcwd() == os.environ['EXPECTED_CWD'], '/nowhere' in sys.path, 'LEAKED' in os.environ,\n"
    "      mpl.rcParams['lines.linewidth'], np.random.rand() == np.random.RandomState(0).rand() or 'seeded',\n"
    "      logging.root.manager.disable)"
)


def test_nothing_a_page_does_reaches_the_next_page_or_this_process(monkeypatch):
    """chdir, sys.path, builtins, rcParams, the random state, logging, the environment: the
    next page sees a clean interpreter whatever the pages before did, and so does this one."""
    monkeypatch.setenv("EXPECTED_CWD", str(ROOT))
    clean = outputs(PROBE, page="docs/probe.md")
    cwd, path = os.getcwd(), list(sys.path)
    for code in HOSTILE:
        outputs(code, page="docs/hostile.md")
    assert outputs(PROBE, page="docs/probe.md") == clean
    assert clean[0].startswith("True False False")
    assert (os.getcwd(), sys.path, os.environ.get("LEAKED")) == (cwd, path, None)


def test_a_warning_filter_in_one_block_does_not_hide_a_later_pages_warning():
    """`warnings.simplefilter('ignore')` dies with its page."""
    outputs("import warnings\nwarnings.simplefilter('ignore')", page="docs/a.md")
    assert "RuntimeWarning" in failure(
        "import numpy as np\nnp.float64(1.0) / 0.0", page="docs/b.md"
    )


def test_an_edited_module_is_imported_afresh(tmp_path):
    """A project module imported with `import` is read anew by every page's worker."""
    (tmp_path / "mod.py").write_text("VALUE = 1\n")
    assert outputs("import mod\nprint(mod.VALUE)", root=tmp_path) == ["1\n"]
    (tmp_path / "mod.py").write_text("VALUE = 2\n")
    assert outputs("import mod\nprint(mod.VALUE)", root=tmp_path) == ["2\n"]


def test_reads_record_modules_files_and_environment(tmp_path, monkeypatch):
    """A worker reports the project modules it imported, project files it opened, and
    environment variables it read; nothing from outside the project."""
    monkeypatch.setenv("NOTESITE_TEST_VAR", "x")
    (tmp_path / "helper.py").write_text("def f():\n    return 1\n")
    (tmp_path / "data.csv").write_text("1,2\n")
    code = (
        "import os, json, helper\n"
        "open('data.csv').read()\n"
        "open('out.txt', 'w').write('written, not read')\n"
        "os.environ.get('NOTESITE_TEST_VAR')\n"
        "os.getenv('NOTESITE_UNSET')"
    )
    [result] = run(code, root=tmp_path)
    assert result.failure is None, result.failure
    assert sorted(result.reads.files) == ["data.csv", "helper.py"]
    assert {"NOTESITE_TEST_VAR", "NOTESITE_UNSET"} <= set(result.reads.env)
    assert result.reads.env["NOTESITE_UNSET"] is None


def test_pages_run_at_once_from_threads():
    """The build runs pages from several threads; each gets its own worker."""
    results = {}

    def page(n):
        results[n] = outputs(
            f"import os\nprint({n}, os.getpid() != {os.getpid()})", page=f"docs/{n}.md"
        )

    threads = [threading.Thread(target=page, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert results == {n: [f"{n} True\n"] for n in range(6)}
