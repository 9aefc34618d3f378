"""The execution cache: what makes a block run again, and what never goes wrong."""

from __future__ import annotations

import json
import py_compile
import threading
from pathlib import Path

import pytest

from notesite.blocks import IncludeResolver, find_blocks
from notesite.execution import BlockFailure, ExecutionCache, Executor, Limits, RunStats
from notesite.execution.worker import Reads

PAGE = """# Page

```python exec="on"
--8<-- "snippets/helper.py"
print(double(21))
```

Some prose.

```python exec="on"
print(double(x))
```
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "helper.py").write_text(
        "x = 5\n\n\ndef double(n):\n    return 2 * n\n"
    )
    return tmp_path


def build(project: Path, text: str = PAGE) -> tuple[list[str], RunStats]:
    """Run a page's blocks as the build does, with the cache under the project."""
    resolver = IncludeResolver({"base_path": ["."], "check_paths": True}, project)
    executor = Executor(project, Limits(timeout=20), ExecutionCache(project / ".cache"))
    blocks = find_blocks(text, "docs/page.md", resolver)
    executor.prepare({"docs/page.md": blocks})
    stats = executor.stats
    try:
        return [executor.result("docs/page.md", b).output_or_raise() for b in blocks], stats
    finally:
        executor.forget()  # the end of a build, failed or not: entries in memory are written


def test_second_build_runs_nothing(project):
    """Unchanged blocks come from the cache, with the same output."""
    first, cold = build(project)
    second, warm = build(project)
    assert first == second == ["42\n", "10\n"]
    assert (cold.run, cold.cached) == (2, 0)
    assert (warm.run, warm.cached) == (0, 2)


def test_prose_edit_runs_nothing(project):
    """Text around the blocks, and their line numbers, are not part of the key."""
    build(project)
    _, stats = build(
        project, "Intro paragraph.\n\n" + PAGE.replace("Some prose.", "Other prose, longer.")
    )
    assert (stats.run, stats.cached) == (0, 2)


def test_code_change_reruns_that_block_and_the_ones_after(project):
    """Editing the second block reruns it alone; editing the first reruns both."""
    build(project)
    _, stats = build(project, PAGE.replace("print(double(x))", "print(double(x) + 1)"))
    assert (stats.run, stats.cached) == (1, 1)
    _, stats = build(project, PAGE.replace("print(double(21))", "print(double(20))"))
    assert (stats.run, stats.cached) == (2, 0)


def test_include_change_reruns_the_blocks_that_depend_on_it(project):
    """Editing the included snippet file is a change to the block that includes it."""
    build(project)
    (project / "snippets" / "helper.py").write_text(
        "x = 5\n\n\ndef double(n):\n    return n + n + 0\n"
    )
    outputs, stats = build(project)
    assert outputs == ["42\n", "10\n"]
    assert (stats.run, stats.cached) == (2, 0)


def test_a_cached_block_reruns_when_a_later_block_needs_its_variables(project):
    """The first block is cached, the second changed: the first runs again (not counted as
    a new run) so the second finds `double` and `x`."""
    build(project)
    outputs, stats = build(project, PAGE.replace("print(double(x))", "print(double(x) * 10)"))
    assert outputs == ["42\n", "100\n"]
    assert (stats.run, stats.cached, stats.replayed) == (1, 1, 1)


def test_options_are_part_of_the_key(project):
    """A block with different options (a session) runs again."""
    build(project)
    _, stats = build(
        project,
        PAGE.replace(
            '```python exec="on"\nprint(double(x))', '```python exec="on" session="s"\nprint(1)'
        ),
    )
    assert stats.run == 1


def test_failures_are_never_cached(project):
    """A failing block fails again on the next build instead of being served from the cache."""
    broken = PAGE.replace("print(double(x))", "print(double(x) / 0)")
    for _ in range(2):
        with pytest.raises(BlockFailure, match="ZeroDivisionError"):
            build(project, broken)
    entries = list((project / ".cache").rglob("*.json"))
    assert len(entries) == 1  # only the first, successful block


def test_corrupt_entry_is_ignored_and_rewritten(project):
    """A damaged entry counts as a miss, the block runs, and the entry is repaired."""
    build(project)
    for entry in (project / ".cache").rglob("*.json"):
        entry.write_text("{not json")
    outputs, stats = build(project)
    assert outputs == ["42\n", "10\n"] and stats.run == 2
    for entry in (project / ".cache").rglob("*.json"):
        assert json.loads(entry.read_text())["output"] in {"42\n", "10\n"}


def test_unwritable_cache_is_not_fatal(project):
    """A cache directory that cannot be created only means nothing is cached."""
    (project / ".cache").write_text("a file where the folder should be")
    outputs, stats = build(project)
    assert outputs == ["42\n", "10\n"] and stats.run == 2


def test_concurrent_writers_leave_whole_entries(tmp_path):
    """Many writers (builds) writing the same keys leave only complete entries and no
    temp files."""
    keys = [f"{n:02d}" + "a" * 62 for n in range(5)]

    def write(n):
        for _ in range(20):
            writer = ExecutionCache(tmp_path)
            for key in keys:
                writer.store(key, f"output {key} " + "x" * 10_000, Reads())
            writer.flush()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    cache = ExecutionCache(tmp_path)
    for key in keys:
        assert cache.get(key) == f"output {key} " + "x" * 10_000
    assert not list(tmp_path.rglob(".tmp-*"))


def test_entries_written_in_background_stay_readable_and_take_late_renderings(tmp_path):
    """While the writer thread works, entries read as before; a rendering added meanwhile
    reaches the disk too, once flush() has waited for the thread."""
    cache = ExecutionCache(tmp_path)
    keys = [f"{n:02x}" + "b" * 62 for n in range(200)]
    for key in keys:
        cache.store(key, f"output {key}", Reads())
    cache.write_in_background()
    assert all(cache.get(key) == f"output {key}" for key in keys)
    cache.put(keys[0], "html", "<p>late</p>")
    cache.flush()
    fresh = ExecutionCache(tmp_path)
    assert all(fresh.get(key) == f"output {key}" for key in keys)
    assert fresh.get(keys[0], "html") == "<p>late</p>"
    assert not list(tmp_path.rglob(".tmp-*"))


def test_environment_change_reruns_everything(project, monkeypatch):
    """Another Python or package version (a different fingerprint) misses every entry."""
    build(project)
    monkeypatch.setattr(
        "notesite.execution.runner.environment_fingerprint", lambda: "another environment"
    )
    _, stats = build(project)
    assert (stats.run, stats.cached) == (2, 0)


IMPORTING = """# Page

```python exec="on"
from snippets.helper import double
import os
print(double(int(os.environ.get("NOTESITE_FACTOR", "1"))))
print(open("data/table.csv").read().strip())
```
"""


@pytest.fixture
def importing(project: Path) -> Path:
    (project / "snippets" / "__init__.py").write_text("")
    (project / "data").mkdir()
    (project / "data" / "table.csv").write_text("a,b\n")
    return project


def test_an_imported_project_module_is_in_the_key(importing):
    """`from snippets.x import f` (no --8<--): editing snippets/x.py runs the block again."""
    build(importing, IMPORTING)
    assert build(importing, IMPORTING)[1].run == 0
    (importing / "snippets" / "helper.py").write_text("def double(n):\n    return 1 / 0\n")
    with pytest.raises(BlockFailure, match="ZeroDivisionError"):
        build(importing, IMPORTING)


def test_a_module_loaded_from_its_bytecode_by_importlib_is_in_the_key(importing):
    """importlib.import_module raises no `import` event, and with the bytecode cached the
    source may never be opened: the .pyc read stands for its source."""
    text = IMPORTING.replace(
        "from snippets.helper import double",
        "import importlib\ndouble = importlib.import_module('snippets.helper').double",
    )
    py_compile.compile(str(importing / "snippets" / "helper.py"), doraise=True)
    build(importing, text)
    assert build(importing, text)[1].run == 0
    (importing / "snippets" / "helper.py").write_text("def double(n):\n    return 1 / 0\n")
    with pytest.raises(BlockFailure, match="ZeroDivisionError"):
        build(importing, text)


def test_a_data_file_the_block_opened_is_in_the_key(importing):
    """Editing a file the block read runs it again, with the new contents."""
    build(importing, IMPORTING)
    (importing / "data" / "table.csv").write_text("c,d\n")
    outputs, stats = build(importing, IMPORTING)
    assert stats.run == 1 and outputs == ["2\nc,d\n"]


def test_an_environment_variable_the_block_read_is_in_the_key(importing, monkeypatch):
    """Setting a variable the block read (unset before) runs it again; others do not."""
    build(importing, IMPORTING)
    monkeypatch.setenv("NOTESITE_UNRELATED", "1")
    assert build(importing, IMPORTING)[1].run == 0
    monkeypatch.setenv("NOTESITE_FACTOR", "21")
    outputs, stats = build(importing, IMPORTING)
    assert stats.run == 1 and outputs == ["42\na,b\n"]


def test_a_page_that_changes_while_its_run_is_pending_gets_its_new_blocks(project):
    """Blocks handed over again with other code (the page was edited mid-build) are run,
    not reported as never run."""
    resolver = IncludeResolver({"base_path": ["."], "check_paths": True}, project)
    executor = Executor(project, Limits(timeout=20), ExecutionCache(project / ".cache"))
    before = find_blocks(PAGE, "docs/page.md", resolver)
    executor.prepare({"docs/page.md": before})
    after = find_blocks(
        PAGE.replace("print(double(x))", "print(double(x) + 1)"), "docs/page.md", resolver
    )
    executor.prepare({"docs/page.md": after})
    try:
        assert [executor.result("docs/page.md", b).output_or_raise() for b in after] == [
            "42\n",
            "11\n",
        ]
    finally:
        executor.forget()
