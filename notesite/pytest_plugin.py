"""pytest plugin: every executable block under docs/ is a test item.

`pytest` alone then catches a broken note, whichever site generator builds the
pages. Blocks are read and run by the same code as the build (blocks.py,
execution/), with the settings of the project's mkdocs.yml, in page order.
Notebooks under docs/ are executed too, one item per notebook.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from notesite import settings
from notesite.blocks import Block, BlockError, find_blocks, utf8_problem
from notesite.execution import BlockFailure, BlockResult, run_page


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--notesite",
        action="store_true",
        help="run the Python blocks of the Markdown files under docs_dir even when mkdocs.yml "
        "does not list the notesite plugin",
    )


def _settings(config: pytest.Config) -> settings.Settings | None:
    """The project's settings, where this plugin should collect: mkdocs.yml beside the
    rootdir lists notesite (or --notesite asks for it). Elsewhere, pytest is left alone."""
    config_file = Path(config.rootpath) / "mkdocs.yml"
    if not config_file.exists():
        return None
    project = settings.load(config_file)
    return project if project.configured or config.getoption("notesite") else None


def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    project = _settings(parent.config)
    if project is None or project.docs_dir not in file_path.parents:
        return None
    if file_path.suffix == ".md":
        return MarkdownPage.from_parent(parent, path=file_path, project=project)
    if file_path.suffix == ".ipynb" and ".ipynb_checkpoints" not in file_path.parts:
        return Notebook.from_parent(parent, path=file_path, project=project)
    return None


class MarkdownPage(pytest.File):
    def __init__(self, *, project: settings.Settings, **kwargs) -> None:
        super().__init__(**kwargs)
        self.project = project
        self.blocks: list[Block] = []
        self.results: dict[int, BlockResult] = {}

    def _relative(self) -> str:
        return str(self.path.relative_to(self.project.project_root))

    def collect(self):
        page = self._relative()
        try:
            text = self.path.read_text(encoding="utf-8-sig")
            blocks = find_blocks(text, page, self.project.resolver)
        except UnicodeDecodeError:
            location, _, message = utf8_problem(self.path.read_bytes(), page).partition(": ")
            error = BlockError(location, message)
            yield UnreadableBlock.from_parent(self, name=location.rsplit(":", 1)[1], error=error)
            return
        except BlockError as error:
            yield UnreadableBlock.from_parent(
                self, name=error.location.rsplit(":", 1)[1], error=error
            )
            return
        self.blocks = blocks
        for block in blocks:
            yield ExecBlock.from_parent(self, name=str(block.line), block=block)

    def setup(self) -> None:
        """Run the page's blocks in a worker of their own, as the build does."""
        results = run_page(
            self._relative(), self.blocks, self.project.limits, self.project.project_root
        )
        self.results = {result.block.line: result for result in results}


class ExecBlock(pytest.Item):
    """One block, named after its fence line; runs after the page's earlier blocks."""

    def __init__(self, *, block: Block, **kwargs) -> None:
        super().__init__(**kwargs)
        self.block = block

    def runtest(self) -> None:
        self.parent.results[self.block.line].output_or_raise()

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, BlockFailure):
            return excinfo.value.report
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, self.block.line - 1, self.block.location


class UnreadableBlock(pytest.Item):
    def __init__(self, *, error: BlockError, **kwargs) -> None:
        super().__init__(**kwargs)
        self.error = error

    def runtest(self) -> None:
        raise self.error

    def repr_failure(self, excinfo, style=None):
        return str(self.error)

    def reportinfo(self):
        return self.path, None, self.error.location


class Notebook(pytest.File):
    def __init__(self, *, project: settings.Settings, **kwargs) -> None:
        super().__init__(**kwargs)
        self.project = project

    def collect(self):
        yield NotebookRun.from_parent(self, name="cells", project=self.project)


class NotebookRun(pytest.Item):
    """Runs every cell of the notebook in a fresh kernel, as mkdocs-jupyter does."""

    def __init__(self, *, project: settings.Settings, **kwargs) -> None:
        super().__init__(**kwargs)
        self.project = project

    def runtest(self) -> None:
        from notesite.notebooks import execute_notebook, import_from

        import_from(self.project.project_root)
        execute_notebook(self.path, self.project.project_root, self.project.limits)

    def repr_failure(self, excinfo, style=None):
        from notesite.notebooks import NotebookFailure

        if isinstance(excinfo.value, NotebookFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, None, str(self.path.relative_to(self.project.project_root))
