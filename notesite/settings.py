"""Read the settings that the build and the tests must share from mkdocs.yml."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from notesite.blocks import IncludeResolver
from notesite.execution import Limits


@dataclass(frozen=True)
class Settings:
    project_root: Path
    docs_dir: Path
    limits: Limits
    snippets_config: dict
    configured: bool = True  # mkdocs.yml lists the notesite plugin (and has it enabled)

    @functools.cached_property
    def resolver(self) -> IncludeResolver:
        """One resolver for every page, as the build has (it keeps one Markdown instance)."""
        return IncludeResolver(self.snippets_config, self.project_root)


@functools.cache
def load(config_file: Path) -> Settings:
    """Load mkdocs.yml exactly as `mkdocs build` does, and keep what blocks depend on."""
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    cwd = os.getcwd()
    os.chdir(config_file.parent)  # relative paths in mkdocs.yml are relative to it
    try:
        config = load_config(str(config_file))
    finally:
        os.chdir(cwd)
    plugin = config.plugins.get("notesite")
    limits = plugin.config.limits() if plugin is not None else Limits()
    return Settings(
        project_root=config_file.parent,
        docs_dir=Path(config.docs_dir),
        limits=limits,
        snippets_config=dict(config.mdx_configs.get("pymdownx.snippets", {})),
        configured=plugin is not None and plugin.config.enabled,
    )
