"""The notesite plugin's options, each with its default and what it is for.

The defaults suit any MkDocs site that adds `notesite` to its plugins: Python blocks run
page by page, with the cache, limits and file:line errors. The study-notes features
(build-time math, the revision section and its house style) are switched on in the
site's own mkdocs.yml.
"""

from __future__ import annotations

from mkdocs.config import config_options
from mkdocs.config.base import Config

from notesite.execution import Limits


class RevisionConfig(Config):
    enabled = config_options.Type(bool, default=False)
    """Gather every note's interview questions and formulas into a revision section
    (question banks, flashcards, a cheat sheet, Anki decks)."""

    topics = config_options.ListOfItems(config_options.Type(str), default=[])
    """Topic folders under `notes_dir`, in the order the revision pages list them; empty:
    the order the nav first mentions them."""

    house_style = config_options.Type(bool, default=True)
    """Fail a note whose displayed formula has no "In plain English" reading after it,
    and warn on a note or post without a `description:`."""


class NotesiteConfig(Config):
    enabled = config_options.Type(bool, default=True)
    """Switch every part of the plugin off (blocks are then left to markdown-exec, if listed)."""

    timeout = config_options.Type((int, float), default=Limits.timeout)
    """Seconds one block (or notebook cell) may run before it is stopped and the build fails it."""

    memory_limit = config_options.Type(int, default=Limits.memory_mib)
    """MiB of memory (address space) a page's worker may use."""

    output_limit = config_options.Type((int, float), default=Limits.output_mib)
    """MiB of output one block may print."""

    jobs = config_options.Type(int, default=0)
    """Pages run at once on a cold build; 0: one per core (also NOTESITE_JOBS)."""

    cache = config_options.Type(bool, default=True)
    """Re-run only blocks whose inputs changed. NOTESITE_FRESH=1 in the environment ignores
    the cache for one build (`make build-fresh`, CI's deploy build)."""

    cache_dir = config_options.Type(str, default=".cache/notesite")
    """Where the cache lives, relative to mkdocs.yml."""

    snippets_dir = config_options.Type(str, default="snippets")
    """The folder of Python the notes include and notebooks import, relative to mkdocs.yml:
    a change there runs cached notebooks again."""

    notes_dir = config_options.Type(str, default="notes")
    """The folder of notes under docs_dir, one subfolder per topic (for revision)."""

    math = config_options.Choice(("katex", "off"), default="off")
    """`katex`: render the pages' math at build time with KaTeX (from node_modules, or
    `katex_path`), so pages need no math JavaScript; `off`: leave math to the theme."""

    katex_path = config_options.Type(str, default="")
    """The KaTeX package's folder, relative to mkdocs.yml; empty: Node finds it from the
    project (node_modules)."""

    revision = config_options.SubConfig(RevisionConfig)
    """The revision section; off unless `enabled: true`."""

    def limits(self) -> Limits:
        """The limits the options set, for the build and the tests alike."""
        return Limits(self.timeout, self.memory_limit, self.output_limit)
