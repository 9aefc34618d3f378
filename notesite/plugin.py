"""MkDocs plugin: run the pages' Python blocks page by page, and fail precisely.

notesite registers its own superfences entries for markdown-exec's Python languages
(markdown-exec renders the output; notesite decides how blocks run). Before any page is
rendered (on_nav), it finds every page's blocks (fences.py, blocks.py) and hands them to
the Executor (execution/), which runs each page that needs it in a worker process of its
own, several at once; the fence formatter then only reads a block's result. A failing
block is a warning that names the Markdown file and line, the snippet file and line, and
the exception; strict mode fails the build on it, and so does on_post_build without
strict mode. `mkdocs serve` without strict shows problems on the pages instead (serve.py).
Options are in config.py; the study-notes parts switch on there: KaTeX at build time
(katex.py), the revision pages (revision.py), their assets (assets.py). It also moves
plots into files (plots.py) and names the failing cell of a notebook (notebooks.py).
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import posixpath
import re
import shutil
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import markdown_exec
import yaml
from markdown_exec import base_format
from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_build_timestamp
from mkdocs.utils.meta import YAML_RE, get_data
from pymdownx.superfences import SuperFencesException

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

from notesite import (
    assets,
    feeds,
    git_dates,
    katex,
    notebooks,
    paths,
    plots,
    previews,
    revision,
    revision_site,
    serve,
)
from notesite.blocks import (
    EXECUTED_LANGS,
    TAG_OPTION,
    Block,
    BlockError,
    IncludeResolver,
    find_blocks,
    first_line_of,
    pycon_transform,
    tag_fences,
    utf8_problem,
)
from notesite.code_focus import focusable_wide_code
from notesite.config import NotesiteConfig
from notesite.deferred import DeferredOutputs
from notesite.execution import ExecutionCache, Executor, environment_fingerprint
from notesite.execution.runner import start_server
from notesite.notebook_pages import (
    NotebookPages,
    keep_only_linked_beside_notebooks,
    notebook_inputs,
)
from notesite.notebooks import describe
from notesite.output_html import OutputConverter

log = get_plugin_logger("notesite")  # prefixes every message with "notesite: "
FEED_LOGO = "feed-logo.png"


def _iso_date(value) -> str | None:
    """A post's `date:` (a date, a datetime, or Material's `created:` mapping) in ISO 8601."""
    if isinstance(value, dict):
        value = value.get("created")
    if isinstance(value, datetime.datetime):
        return value.isoformat() if value.tzinfo else value.isoformat() + "Z"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value) if value else None


HEADING_TAG = re.compile(r"<h[1-6][\s>]")


# libyaml's loader when PyYAML has it: every page's front matter is read again here.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FenceError(SuperFencesException, PluginError):
    """Raised from the fence formatter: superfences lets a SuperFencesException through
    (it swallows any other exception and leaves the fence as text), and MkDocs reports a
    PluginError as one line, without a traceback."""


HIDDEN = "markdown-exec: hide"  # markdown-exec leaves lines that say this out of the shown code


# Besides the notes, pages shared as links need a description for search results and previews.
POSTS_DIR = "blog/posts/"


def check_front_matter(
    raw: str, page_path: str, meta: dict, src_uri: str, needs_description: tuple[str, ...] = ()
) -> None:
    """Fail on front matter MkDocs would silently print as text; warn on a missing description."""
    match = YAML_RE.match(raw)
    if match:
        try:
            data = yaml.load(match.group(1), Loader=SAFE_LOADER)
        except yaml.YAMLError as error:
            # Where the broken construct starts (an unclosed quote) beats where parsing gave up.
            mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
            line = mark.line + 2 if mark else 1  # +1 for the opening ---, +1 to count from 1
            parts = [getattr(error, "context", None), getattr(error, "problem", None)]
            problem = ": ".join(p for p in parts if p) or str(error)
            raise PluginError(f"{page_path}:{line}: bad front matter: {problem}") from None
        if data is not None and not isinstance(data, dict):
            # MkDocs would print it on the page as text.
            raise PluginError(
                f"{page_path}:2: front matter is a {type(data).__name__}, not `key: value` lines"
            )
        title = (data or {}).get("title")
        if title is not None and not isinstance(title, str):
            line = next(
                (
                    n
                    for n, text in enumerate(match.group(1).splitlines(), 2)
                    if text.startswith("title:")
                ),
                2,
            )
            raise PluginError(
                f'{page_path}:{line}: `title:` must be text; put it in quotes: title: "..."'
            )
    elif raw.startswith("---"):
        raise PluginError(f"{page_path}:1: front matter is opened with --- but never closed")
    if (
        needs_description
        and src_uri.startswith(needs_description)
        and not src_uri.endswith("index.md")
        and not meta.get("description")
    ):
        log.warning(
            f"{page_path}:1: front matter needs a `description:` (used for search results and link previews)"
        )


def _nav_entries(nav, title: str | None = None):
    """(title given in the nav or None, page) for every page the nav lists, in its order."""
    if isinstance(nav, dict):
        for key, value in nav.items():
            yield from _nav_entries(value, key)
    elif isinstance(nav, list):
        for value in nav:
            yield from _nav_entries(value)
    elif isinstance(nav, str):
        yield title, nav


def _nav_titles(nav) -> dict[str, str]:
    """page -> the title mkdocs.yml's nav gives it, for entries that give one."""
    return {page: title for title, page in _nav_entries(nav) if title is not None}


def _topics_in_nav(nav, notes_dir: str = "notes") -> list[str]:
    """Topic folders (<notes_dir>/<topic>/) in the order the nav first mentions them."""
    prefix = notes_dir.rstrip("/") + "/"
    return list(
        dict.fromkeys(
            page[len(prefix) :].split("/")[0]
            for _, page in _nav_entries(nav)
            if page.startswith(prefix) and page.count("/") >= prefix.count("/") + 1
        )
    )


# A highlighted code block as pymdownx.highlight writes it (Pygments, no line numbers).
HIGHLIGHTED = re.compile(
    r'(<div class="(?:language-\w+ )?highlight"><pre[^>]*><span></span><code[^>]*>)(.*?)(</code></pre></div>)',
    re.S,
)


def _defer_highlighting(boxes: str) -> Markup:
    """Folded code with its highlighted lines moved into a <template> beside an empty code
    block: nothing of it is styled or laid out until a reader opens the box, and
    folded-code.js puts it in. (Plain text left in the box would still count as page
    text: Lighthouse then finds most of a note's text too small to read.)"""

    def moved(match: re.Match) -> str:
        start, highlighted, end = match.groups()
        return f'{start}{end}<template class="notesite-highlighted">{highlighted}</template>'

    return Markup(HIGHLIGHTED.sub(moved, boxes))


class NotesitePlugin(BasePlugin[NotesiteConfig]):
    serving = False  # `mkdocs serve`, from on_startup

    # Before the RSS plugin reads its settings.
    @event_priority(100)
    def _on_config_feed_image(self, config: MkDocsConfig) -> None:
        """Give the RSS feed its image, built from site_url, so site_url stays the one place."""
        if not self.config.enabled:
            return
        rss = config.plugins.get("rss")
        if rss is not None and not rss.config.image and config.site_url:
            # RSS takes a GIF, JPEG or PNG, not the theme's SVG logo: one drawn for it.
            rss.config.image = f"{config.site_url.rstrip('/')}/{previews.SECTION}/{FEED_LOGO}"

    # Last, so notesite's fence entries come after any markdown-exec registered, and win.
    @event_priority(-100)
    def _on_config_fences(self, config: MkDocsConfig) -> MkDocsConfig:
        if not self.config.enabled:
            return config
        self.project_root = Path(config.config_file_path).resolve().parent
        self._register_fences(config)
        # A preview (`mkdocs serve` without strict) shows problems on the pages and keeps
        # serving; every build stays as strict as it is told to be.
        self.previewing = self.serving and not config.strict
        fresh = os.environ.get("NOTESITE_FRESH", "").lower() not in {"", "0", "false", "no"}
        self._start_execution(config, fresh)
        self._reset_build_state()
        self.katex = (
            katex.KatexRenderer(self.project_root, self.config.katex_path)
            if self.config.math == "katex"
            else None
        )
        self.notebook_pages = NotebookPages(self.katex, self.project_root)
        self.deferred = DeferredOutputs()
        rss = config.plugins.get("rss")
        # The RSS plugin copies a page's whole HTML at on_page_content when told to:
        # outputs must be in by then.
        copies_content = rss is not None and rss.config.abstract_chars_count == -1
        self.defer_outputs = self.executor.jobs > 1 and not copies_content
        self.last_changed = git_dates.last_changed(self.project_root)
        use_cache = self.config.cache and not fresh
        self.previews = previews.Previews(
            Path(config.site_dir),
            self.project_root / self.config.cache_dir / "previews" if use_cache else None,
        )
        self._add_assets(config)
        self._key_notebook_cache(config, fresh)
        notebooks.configure_kernels(self.config.timeout)
        notebooks.import_from(self.project_root)
        return config

    def _add_assets(self, config: MkDocsConfig) -> None:
        """List the scripts and styles of the parts switched on (files added in on_files)."""
        try:
            self.assets, css, js = assets.site_assets(
                self.project_root,
                math=self.config.math == "katex",
                katex_path=self.config.katex_path,
                revision=self.config.revision.enabled,
                notebooks="mkdocs-jupyter" in config.plugins,
            )
        except assets.AssetError as error:
            raise PluginError(f"notesite: {error}") from None
        # Material sets code blocks up as they come into view (its content.lazy flag, read
        # from its source: not in its documentation), so nothing measures the blocks that
        # pages.css leaves undrawn off screen.
        features = config.theme.get("features") or []
        if "content.lazy" not in features:
            config.theme["features"] = [*features, "content.lazy"]
        # First, so a site's own styles and scripts come after and can build on them.
        config.extra_css[:0] = [c for c in css if c not in config.extra_css]
        config.extra_javascript[:0] = [j for j in js if j not in config.extra_javascript]

    def _start_execution(self, config: MkDocsConfig, fresh: bool) -> None:
        """The include resolver, the cache, the executor and its worker server."""
        snippets = config.mdx_configs.get("pymdownx.snippets", {})
        self.resolver = IncludeResolver(snippets, self.project_root)
        use_cache = self.config.cache and not fresh
        self.cache = (
            ExecutionCache(self.project_root / self.config.cache_dir) if use_cache else None
        )
        jobs = int(os.environ.get("NOTESITE_JOBS") or self.config.jobs)
        self.executor = Executor(self.project_root, self.config.limits(), self.cache, jobs)
        start_server()
        # A stored rendering depends on the Markdown extensions and their settings too
        # (functions by name).
        extensions = json.dumps(
            [config.markdown_extensions, config.mdx_configs],
            sort_keys=True,
            default=lambda o: getattr(o, "__qualname__", type(o).__qualname__),
        )
        self.render_field = "html " + hashlib.sha256(extensions.encode()).hexdigest()[:16]

    on_config = CombinedEvent(_on_config_feed_image, _on_config_fences)

    def _reset_build_state(self) -> None:
        # Learning paths (on_files): the notes with prerequisites, their order, uses, backlinks.
        self.paths: dict[str, paths.Note] = {}
        self.site_order: list[str] = []
        self.uses: dict[str, list[str]] = {}
        self.backlinks: dict[str, list[str]] = {}
        # Fence tag -> (page, block), for the whole build; the tags each page holds; the
        # tags superfences formatted; page -> (Markdown, blocks) found in on_nav.
        self.tagged: list[tuple[str, Block]] = []
        self.page_tags: dict[str, list[int]] = {}
        self.formatted: set[int] = set()
        self.found: dict[str, tuple[str, list[Block]]] = {}
        self.reported: set[tuple[str, int]] = set()
        self.reported_math: set[str] = set()
        self.problems: list[tuple[str, str]] = []  # (first line of the message, page URL)
        self.current_url = ""
        self.current_page = ""
        self.output_converter: OutputConverter | None = None
        self.defer_here = False  # whether this page's outputs may go in after its Markdown

    def _needs_description(self) -> tuple[str, ...]:
        """The folders whose pages the house style wants a `description:` for."""
        revision = self.config.revision
        if not (revision.enabled and revision.house_style):
            return ()
        return (self.config.notes_dir.rstrip("/") + "/", POSTS_DIR)

    def _register_fences(self, config) -> None:
        """notesite's own superfences entries for markdown-exec's Python languages, with
        markdown-exec's validator (its documented custom-fence route): superfences tries
        the last entry for a language first, so these run whether or not the markdown-exec
        plugin is listed too."""
        if "pymdownx.superfences" not in config.markdown_extensions:
            config.markdown_extensions.append("pymdownx.superfences")
        superfences = config.mdx_configs.setdefault("pymdownx.superfences", {})
        fences = superfences.setdefault("custom_fences", [])
        for lang in EXECUTED_LANGS:
            fences.append(
                {
                    "name": lang,
                    "class": lang,
                    "validator": markdown_exec.validator,
                    "format": self._format,
                }
            )

    def _key_notebook_cache(self, config, fresh: bool) -> None:
        """mkdocs-jupyter caches a notebook by its own bytes, but notebooks import snippets
        and read the files beside them: keep its cache in a folder named after every snippet
        file, every file beside a notebook and the environment, so any change there runs the
        notebooks again. A fresh build does not use it."""
        jupyter = config.plugins.get("mkdocs-jupyter")
        if jupyter is None or not jupyter.config["cache"]:
            return
        if fresh or not self.config.cache:
            jupyter.config["cache"] = False
            return
        digest = hashlib.sha256(environment_fingerprint().encode())
        inputs = set((self.project_root / self.config.snippets_dir).rglob("*.py"))
        inputs |= notebook_inputs(Path(config.docs_dir))
        for path in sorted(inputs):
            digest.update(
                str(path.relative_to(self.project_root)).encode() + b"\0" + path.read_bytes()
            )
        base = self.project_root / self.config.cache_dir / "notebooks"
        current = digest.hexdigest()[:16]
        if base.is_dir():
            for old in base.iterdir():
                if old.name != current:
                    shutil.rmtree(old, ignore_errors=True)
        folder = base / current
        # mkdocs-jupyter aborts on an entry it cannot parse and on a folder it cannot write:
        # drop damaged entries (a miss), and skip a cache that cannot be written.
        usable = notebooks.usable_cache(folder)
        jupyter.config["cache"] = usable
        if usable:
            jupyter.config["cache_dir"] = str(folder)
        else:
            log.info(f"notebook cache {folder} cannot be written; notebooks run uncached")

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Gather questions and formulas from the notes and add the revision pages."""
        self.topics = []
        if not self.config.enabled:
            return files
        for src_uri, path in self.assets.items():
            files.append(File.generated(config, src_uri, abs_src_path=str(path)))
        self._read_paths(files, config)
        if "mkdocs-jupyter" in config.plugins:
            left_out = keep_only_linked_beside_notebooks(files)
            if left_out:
                log.info(
                    f"not published (beside a notebook, linked by no page): {', '.join(left_out)}"
                )
        settings = self.config.revision
        if not settings.enabled:
            return files
        try:
            self.topics = revision.gather(
                Path(config.docs_dir),
                self.project_root,
                settings.topics or _topics_in_nav(config.nav, self.config.notes_dir),
                notes_dir=self.config.notes_dir,
                house_style=settings.house_style,
            )
        except revision.RevisionError as error:
            raise PluginError(str(error)) from None
        foundations = {
            src: (self.paths[src].title, paths.foundations(self.paths, src))
            for src in self.site_order
        }
        for src_uri, content in revision_site.pages(self.topics, foundations).items():
            files.append(File.generated(config, src_uri, content=content))
        return files

    # Last, after other plugins have added or dropped pages (drafts).
    @event_priority(-100)
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """Run every page's blocks before any page is rendered, pages in parallel."""
        if not self.config.enabled:
            return nav
        pages = {}
        for file in files.documentation_pages():
            if not file.src_uri.endswith(".md"):
                continue
            page_path, raw = self._source_of(file)
            markdown, _ = get_data(raw)
            try:
                pages[page_path] = find_blocks(
                    markdown, page_path, self.resolver, first_line_of(raw, markdown)
                )
            except BlockError:
                continue  # reported with its line when the page is rendered
            self.found[page_path] = (markdown, pages[page_path])
        self.executor.prepare(pages)
        return nav

    # Last, after the RSS plugin has written the feeds.
    @event_priority(-100)
    def _on_post_build_feeds(self, config: MkDocsConfig) -> None:
        """Draw the feeds' PNG image, wait for every preview image, and correct what the RSS
        plugin's template gets wrong."""
        if not self.config.enabled:
            return
        rss = config.plugins.get("rss")
        if (
            rss
            and rss.config.image
            and rss.config.image.endswith(f"{previews.SECTION}/{FEED_LOGO}")
        ):
            self.previews.write(
                FEED_LOGO.removesuffix(".png"), previews.draw_feed_logo, config.site_name
            )
        self.previews.finish()
        log.info(
            f"link previews: {self.previews.drawn} drawn, {self.previews.reused} from the cache"
        )
        if rss is not None:
            feeds.fix_feeds(Path(config.site_dir), rss.config)
        left_in = self.deferred.left_in(Path(config.site_dir))
        if left_in:
            raise PluginError(
                "notesite: block outputs are missing from "
                + ", ".join(left_in)
                + ": a plugin copied page HTML before notesite put them in (on_page_context); "
                "set `jobs: 1` under the notesite plugin to render every output in place"
            )

    @event_priority(-100)
    def on_env(self, env, config: MkDocsConfig, files: Files):
        """Every page is converted: write the execution cache's new entries on a thread
        while MkDocs renders the templates on one core."""
        if self.config.enabled and self.cache is not None:
            self.cache.write_in_background()
        return env

    # First: search indexes the page's HTML, and the blog renders excerpts, after this.
    @event_priority(100)
    def _on_page_context_outputs(self, context, page: Page, config: MkDocsConfig, nav):
        """The outputs whose rendering waited for their workers go into the page; then the
        page's wide code blocks, late outputs' included, take keyboard focus."""
        if self.config.enabled:
            page.content = focusable_wide_code(self.deferred.fill(page.content or ""))
        return context

    def _on_page_context_preview(self, context, page: Page, config: MkDocsConfig, nav):
        """A link-preview image for notes, posts, notebooks and the home page, and a post's
        publication date and authors, for the template's Open Graph tags."""
        if not self.config.enabled or not config.site_url:
            return context
        kind = self._preview_kind(page)
        if kind is None:
            return context
        title = re.sub(r"<[^>]+>", "", str(page.title or config.site_name))
        if page.is_homepage:
            title = config.site_name
        name = page.url.strip("/").replace("/", "--") or "home"
        path = self.previews.write(name, previews.draw_card, title, config.site_name, kind)
        context["notesite_preview"] = {
            "url": config.site_url.rstrip("/") + "/" + path,
            "alt": f"{title} ({config.site_name})",
            "width": previews.WIDTH,
            "height": previews.HEIGHT,
        }
        if kind == "Post":
            context["notesite_article"] = {
                "published": _iso_date(page.meta.get("date")),
                "authors": [
                    getattr(a, "name", a)
                    for a in getattr(page, "authors", None) or page.meta.get("authors") or []
                ],
            }
        return context

    on_page_context = CombinedEvent(_on_page_context_outputs, _on_page_context_preview)

    def _preview_kind(self, page: Page) -> str | None:
        src = page.file.src_uri
        if page.is_homepage:
            return "Home"
        if src.endswith(".ipynb"):
            return "Notebook"
        if src.startswith(self.config.notes_dir.rstrip("/") + "/") and not src.endswith("index.md"):
            return "Note"
        if page.meta.get("date") and "/posts/" in f"/{src}":
            return "Post"
        return None

    def _on_post_build_run(self, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        if self.katex is not None:
            self.katex.close()
        self.deferred.finish()
        mode = "cache off" if self.cache is None else "cache on"
        late = f", {len(self.deferred)} outputs put in after their page" if self.deferred else ""
        log.info(f"{self.executor.stats.summary()}{late} ({mode}, {self.executor.jobs} at once)")
        self.executor.forget()
        problems = self.problems
        self._reset_build_state()
        if self.config.revision.enabled:
            self._write_decks(config)
        if problems and self.previewing:
            serve.add_banner(Path(config.site_dir), problems)
        elif problems and not config.strict:
            # Strict mode fails on the warnings themselves; without it, broken code must
            # still never make a build that passes.
            raise PluginError(f"notesite: {len(problems)} broken blocks or fences (reported above)")

    on_post_build = CombinedEvent(_on_post_build_run, _on_post_build_feeds)

    def _write_decks(self, config) -> None:
        out_dir = Path(config.site_dir) / revision_site.SECTION / revision_site.DECKS
        timestamp = float(get_build_timestamp())
        counts = revision_site.write_decks(
            self.topics, out_dir, config.site_name, config.site_url or "", timestamp
        )
        log.info("Anki decks " + ", ".join(f"{name} ({n} cards)" for name, n in counts.items()))

    def on_build_error(self, error: Exception) -> None:
        """A build that stopped still keeps what ran, and ends its workers."""
        if self.config.enabled:
            self.executor.forget()
            with contextlib.suppress(Exception):  # the build's own error is the one to report
                self.previews.finish()

    def _source(self, page) -> tuple[str, str]:
        return self._source_of(page.file)

    def _page_path(self, file: File) -> str:
        """The page's path for messages."""
        if file.generated_by:
            return f"(generated) {file.src_uri}"  # a revision page: no file on disk
        return os.path.relpath(file.abs_src_path, self.project_root)

    def _source_of(self, file: File) -> tuple[str, str]:
        """The page's path for messages, and its text as written (front matter included)."""
        path = self._page_path(file)
        try:
            return path, file.content_string
        except UnicodeDecodeError:
            raise PluginError(utf8_problem(Path(file.abs_src_path).read_bytes(), path)) from None

    # Run before other plugins change the Markdown, so line numbers still match the file.
    @event_priority(100)
    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if not self.config.enabled:
            return markdown
        page_path, raw = self._source(page)
        self.current_page, self.current_url = page_path, page.url
        # Material's blog counts a post's reading time from its HTML at on_page_content:
        # a post's outputs must be in by then.
        self.defer_here = self.defer_outputs and self._preview_kind(page) != "Post"
        # MkDocs hands plugins the page without its front matter: count what it cut.
        first_line = first_line_of(raw, markdown)
        try:
            check_front_matter(
                raw, page_path, page.meta, page.file.src_uri, self._needs_description()
            )
            blocks = self._blocks_of(page_path, markdown, first_line)
        except PluginError as error:
            if not self.previewing:
                raise
            self._fail(str(error))
            return serve.error_box("This page could not be built", str(error))
        tags = list(range(len(self.tagged), len(self.tagged) + len(blocks)))
        self.tagged.extend((page_path, block) for block in blocks)
        self.page_tags[page_path] = tags
        return tag_fences(markdown, blocks, [str(tag) for tag in tags], first_line)

    def _blocks_of(self, page_path: str, markdown: str, first_line: int) -> list[Block]:
        """The page's blocks, as on_nav found them, or found again if the Markdown changed."""
        found_markdown, blocks = self.found.pop(page_path, (None, []))
        if found_markdown != markdown:  # on_nav missed the page, or a plugin changed it since
            try:
                blocks = find_blocks(markdown, page_path, self.resolver, first_line)
            except BlockError as error:
                raise PluginError(str(error)) from None
            self.executor.prepare({page_path: blocks})
        return blocks

    def _read_paths(self, files: Files, config: MkDocsConfig) -> None:
        """The notes' prerequisites, checked; their reading order, uses and backlinks."""
        prefix = self.config.notes_dir.rstrip("/") + "/"
        notes = {}
        try:
            for file in files:
                src = file.src_uri
                if src.startswith(prefix) and src.endswith(".md") and not src.endswith("index.md"):
                    notes[src] = paths.read_note(src, Path(file.abs_src_path), self._name(file))
            pages = {f.src_uri for f in files if f.src_uri.endswith((".md", ".ipynb"))}
            paths.check(notes, pages, lambda src: self._name(files.get_file_from_path(src)))
        except paths.PathError as error:
            raise PluginError(f"notesite: {error}") from None
        # Only once the site declares prerequisites do its pages show them.
        self.paths = notes if any(n.requires for n in notes.values()) else {}
        nav_order = [src for _, src in _nav_entries(config.nav) if src in notes]
        self.site_order = paths.reading_order(self.paths, nav_order)
        self.uses = paths.used_in(self.paths)
        self.backlinks = paths.linked_from(self.paths)
        if self.paths:
            self._add_concept_map(files, config)

    def _add_concept_map(self, files: Files, config: MkDocsConfig) -> None:
        """notes/map.md: every note and its prerequisites as one picture, and as a list."""
        src = f"{self.config.notes_dir.rstrip('/')}/map.md"
        if files.get_file_from_path(src) is not None:
            return  # the site has its own page there
        page = File.generated(config, src, content="")
        prefix = self.config.notes_dir.rstrip("/") + "/"
        drawing = paths.concept_map(
            self.paths,
            self.site_order,
            topic_of=lambda note: note[len(prefix) :].split("/")[0],
            url_from=lambda note: files.get_file_from_path(note).url_relative_to(page),
        )
        page.content_string = (
            "---\ntitle: Concept map\ndescription: Every note and what it builds on, in one "
            "picture and as a list.\n---\n\n# Concept map\n\nEach box is a note; an arrow "
            "goes from a note to one that builds on it. Read from left to right.\n\n"
            f"{drawing}\n"
        )
        files.append(page)

    def _name(self, file: File) -> str:
        """A file's path as errors name it: from the project root."""
        try:
            return str(Path(file.abs_src_path).relative_to(self.project_root))
        except ValueError:
            return file.src_uri

    def _add_paths(self, html: str, page: Page, files: Files) -> str:
        """A note's place in the subject under its title; a topic's reading order on its index."""
        src = page.file.src_uri
        if not self.paths:
            return html

        def url_from(target: str) -> str:
            return files.get_file_from_path(target).url_relative_to(page.file)

        if src in self.paths:
            block = paths.panel(src, self.paths, self.uses, self.backlinks, url_from)
            heading = re.search(r"</h1>", html)
            at = heading.end() if heading else 0
            return html[:at] + block + html[at:]
        topic = posixpath.dirname(src) + "/"
        if src.endswith("index.md") and any(n.startswith(topic) for n in self.paths):
            topic_order = [n for n in self.site_order if n.startswith(topic)]
            return html + paths.order_section(topic_order, self.site_order, self.paths, url_from)
        return html

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Every block found in the page went through the formatter: none is left as text."""
        if not self.config.enabled:
            return html
        html = self._add_paths(html, page, files)
        for tag in self.page_tags.get(self._page_path(page.file), []):
            if tag not in self.formatted:
                _, block = self.tagged[tag]
                self._fail(
                    f"{block.location}: executable fence was not run: the page shows it as text "
                    "(is it inside raw HTML, or an indented code block?)"
                )
        return html

    # Lowest priority: mkdocs-jupyter has already swapped in its notebook renderer.
    @event_priority(-100)
    def on_pre_page(self, page: Page, config: MkDocsConfig, files: Files) -> Page:
        if not self.config.enabled:
            return page
        # The sitemap's lastmod: when the page's source last changed, not the build date.
        changed = self.last_changed.get(Path(page.file.abs_src_path or ""))
        if changed:
            page.update_date = changed
        if not page.file.src_uri.endswith(".ipynb"):
            return page
        render = page.render
        notebook = Path(page.file.abs_src_path)

        def render_naming_the_cell(config, files):
            from nbclient.exceptions import CellExecutionError, DeadKernelError

            budget = notebooks.time_budget(notebook, self.executor.limits.timeout)
            try:
                with notebooks.kernel_watchdog(budget) as watchdog:
                    render(config, files)
                finished = self.notebook_pages.finish(page.content, notebook, page.file, files)
                page.content = finished.html
                # mkdocs-jupyter puts the notebook's first heading in place of the nav's title.
                title = _nav_titles(config.nav).get(page.file.src_uri)
                if title:
                    page.title = title
                for problem in finished.problems:
                    self._fail(problem, page.url)
                return
            except (CellExecutionError, DeadKernelError, TimeoutError) as error:
                # A warning, not an abort: the build goes on and reports every broken
                # page; strict mode then fails it.
                if watchdog.fired:
                    report = notebooks.overran(
                        notebook, self.project_root, budget, self.executor.limits
                    )
                else:
                    report = describe(notebook, self.project_root, error, self.executor.limits)
                self._fail(report, page.url)
                page.content = serve.error_box("This notebook failed to run", report)
                page.toc = get_toc([])

        page.render = render_naming_the_cell
        return page

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Render the finished page's math (blog listings carry their posts' excerpts) and
        move its plots into files."""
        if not self.config.enabled:
            return output
        output = self.deferred.fill(output)  # outputs in what the template added (excerpts)
        output = plots.extract(output, page.url, Path(config.site_dir))
        if self.katex is None:
            return output
        try:
            output, errors = katex.render_page(output, self.katex)
        except katex.MathError as error:
            raise PluginError(f"notesite: {error}") from None
        if not errors:
            return output
        path, source = self._source(page)  # read only to find the failing formula's line
        for tex, error in errors:
            # Listings and revision pages show a note's formulas again: report each once.
            if tex not in self.reported_math:
                self.reported_math.add(tex)
                self._fail(
                    f'{path}:{katex.line_of(tex, source)}: KaTeX cannot render "{tex}": {error}',
                    page.url,
                )
        return output

    def _fold_included_code(self, block: Block, options: dict, md) -> str:
        """Show a block's own lines; fold the snippet files it includes into a closed box.

        Readers see the few lines that call the code and their output first, and open the
        from-scratch code when they want it (closed boxes also cost the browser nothing).
        Lines marked `markdown-exec: hide` stay hidden in the box too.
        """
        own: list[str] = []
        files: dict[str, list[str]] = {}
        for line, (path, _) in zip(block.code.split("\n"), block.origins):
            if HIDDEN not in line:
                (own if path == block.page else files.setdefault(path, [])).append(line)
        if not files or not "".join(own).strip():
            return ""
        options["transform_source"] = lambda code: (code, "\n".join(own).strip("\n"))
        boxes = []
        for path, lines in files.items():
            code = "\n".join(lines).strip("\n")
            fence = "`" * 4
            body = textwrap.indent(f"{fence}python\n{code}\n{fence}", "    ")
            count = len(code.split("\n"))
            boxes.append(f'??? example "The code: `{path}` ({count} lines)"\n{body}\n')
        return _defer_highlighting(self._converter(md).convert("\n".join(boxes)))

    def _converter(self, md) -> OutputConverter:
        """The page's output converter (MkDocs makes a Markdown instance per page)."""
        if self.output_converter is None or self.output_converter.page_md is not md:
            self.output_converter = OutputConverter(md)
        return self.output_converter

    def _format(self, source, language, css_class, options, md, **kwargs):
        """superfences' formatter for executable Python fences. Whatever goes wrong here is
        raised as SuperFencesException: superfences swallows any other exception and leaves
        the fence on the page as text."""
        try:
            return self._render_block(source, language, options, md)
        except SuperFencesException:
            raise
        except Exception as error:
            raise FenceError(f"notesite: {self.current_page}: {error}") from error

    def _render_block(self, source, language, options, md):
        tag = options.get("extra", {}).pop(TAG_OPTION, None)
        if tag is None:
            raise FenceError(
                f"notesite: {self.current_page}: an executable fence that is not written in the "
                "page's Markdown (printed by a block, included from another file, or added by a "
                "plugin) cannot run; write it in the page"
            )
        page, block = self.tagged[int(tag)]
        self.formatted.add(int(tag))
        shown = pycon_transform(source)[0] if language == "pycon" else source
        if shown != block.code:
            raise FenceError(
                f"notesite: {block.location}: superfences hands this fence other code than "
                "notesite found and ran; the page would not show what its code gives"
            )
        # The worker applied these while the block ran; markdown-exec would apply them again,
        # in the build process, around a function that only returns the output.
        options.pop("workdir", None)
        options.pop("width", None)
        url = self.current_url
        if (
            self.defer_here
            and (options.get("result") or options.get("html"))
            and not self.executor.ready(page)
        ):
            # Its worker is still running, and the output cannot add headings to the
            # page's table of contents: convert the rest of the page meanwhile.
            return Markup(
                self.deferred.marker(
                    lambda: self._render_output(page, block, source, language, options, md, url),
                    md,
                )
            )
        return self._render_output(page, block, source, language, options, md, url)

    def _render_output(self, page, block, source, language, options, md, url) -> Markup:
        """The fence's HTML: its output (or its failure) as markdown-exec renders it."""
        result = self.executor.result(page, block)
        if result is None or result.failure is not None:
            report = result.failure if result else f"{block.location}: block was not run"
            self._report(page, block, report, url)
            return Markup(serve.error_box("This block failed", report))
        if options.get("id_prefix") is None and not options.get("id"):
            # Ids inside the output from the block's key, not from a build-wide counter:
            # the same on every build, and safe to reuse from the cache.
            options["id_prefix"] = f"exec-{result.key[:10]}-"
        if result.from_cache and self.cache is not None:
            html = self.cache.get(result.key, self.render_field)
            if html is not None:
                return Markup(html)
        folded = ""
        if options.get("source") and language != "pycon":
            folded = self._fold_included_code(block, options, md)
        if (
            result.output
            and options.get("result")
            and not (options.get("source") or options.get("html"))
        ):
            # A code block of the output: no headings, so no table of contents to feed.
            id_prefix = options.get("id_prefix")
            html = self._converter(md).result(
                result.output,
                options["result"],
                id_prefix if id_prefix is not None else f"{options.get('id')}-",
            )
        else:
            transform = {"transform_source": pycon_transform} if language == "pycon" else {}
            html = Markup(folded) + base_format(
                language=language,
                run=lambda code, **_: result.output,
                code=source,
                md=md,
                **transform,
                **options,
            )
        # Headings in the output feed the page's table of contents, which a stored
        # rendering would skip: keep rendering those.
        if self.cache is not None and not HEADING_TAG.search(html):
            self.cache.put(result.key, self.render_field, str(html))
        return html

    def _report(self, page: str, block: Block, report: str, url: str) -> None:
        """A block's failure, once per build (excerpts render a post's blocks again)."""
        if (page, block.line) not in self.reported:
            self.reported.add((page, block.line))
            self._fail(report, url)

    def _fail(self, message: str, url: str | None = None) -> None:
        """A problem that fails the build: strict mode counts the warning, and without
        strict mode on_post_build fails the build on the count (or, in a preview, lists it
        on every page)."""
        self.problems.append((message.split("\n")[0], self.current_url if url is None else url))
        log.warning(message)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
