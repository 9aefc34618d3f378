"""MkDocs plugin: run markdown-exec's Python blocks page by page, and fail precisely.

markdown-exec renders the blocks; this plugin decides how they run. It routes
markdown-exec's `python` fences through `PageRunner` (see execution.py), and
reports a failing block as a build warning that names the Markdown file and
line, the snippet file and line, and the exception. `mkdocs build --strict`
turns that warning into a failed build; `mkdocs serve` shows it on the page.
It also renders the pages' math with KaTeX at build time (math.py), moves plots
into files (plots.py), gathers the revision pages (revision.py) and names the
failing cell of a notebook.
"""

from __future__ import annotations

import hashlib
from html import escape
import json
import logging
import os
import re
import shutil
import textwrap
from pathlib import Path

import markdown_exec
import yaml
from markdown_exec import MarkdownConverter, base_format, code_block
from markupsafe import Markup
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_build_timestamp
from mkdocs.utils.meta import YAML_RE

from notesite import math, plots, revision, revision_site
from notesite.blocks import LINE_OPTION, Block, BlockError, IncludeResolver, find_blocks, first_line_of, tag_fences
from notesite.cache import ExecutionCache, environment_fingerprint
from notesite.execution import DEFAULT_TIMEOUT, BlockFailure, PageRunner, RunStats
from notesite.notebooks import describe

log = logging.getLogger("mkdocs.plugins.notesite")
HEADING_TAG = re.compile(r"<h[1-6][\s>]")


# Pages that are shared as links need a description for search results and previews.
NEEDS_DESCRIPTION = ("notes/", "blog/posts/")


def check_front_matter(raw: str, page_path: str, meta: dict, src_uri: str) -> None:
    """Fail on front matter MkDocs would silently print as text; warn on a missing description."""
    match = YAML_RE.match(raw)
    if match:
        try:
            yaml.safe_load(match.group(1))
        except yaml.YAMLError as error:
            # Where the broken construct starts (an unclosed quote) beats where parsing gave up.
            mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
            line = mark.line + 2 if mark else 1  # +1 for the opening ---, +1 to count from 1
            parts = [getattr(error, "context", None), getattr(error, "problem", None)]
            problem = ": ".join(p for p in parts if p) or str(error)
            raise PluginError(f"{page_path}:{line}: bad front matter: {problem}") from None
    elif raw.startswith("---"):
        raise PluginError(f"{page_path}:1: front matter is opened with --- but never closed")
    if src_uri.startswith(NEEDS_DESCRIPTION) and not src_uri.endswith("index.md") and not meta.get("description"):
        log.warning(f"{page_path}:1: front matter needs a `description:` (used for search results and link previews)")


def _topics_in_nav(nav) -> list[str]:
    """Topic folders (notes/<topic>/) in the order the nav first mentions them."""
    found: list[str] = []

    def walk(item):
        if isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)
        elif isinstance(item, str) and item.startswith("notes/") and item.count("/") >= 2:
            topic = item.split("/")[1]
            if topic not in found:
                found.append(topic)

    walk(nav or [])
    return found


class NotesiteConfig(Config):
    # Seconds one block may run before the build fails it. The one place to set it.
    timeout = config_options.Type((int, float), default=DEFAULT_TIMEOUT)
    # Re-run only blocks whose inputs changed (see cache.py). NOTESITE_FRESH=1 in the
    # environment ignores the cache for one build (`make build-fresh`, CI's deploy build).
    cache = config_options.Type(bool, default=True)
    cache_dir = config_options.Type(str, default=".cache/notesite")


class NotesitePlugin(BasePlugin[NotesiteConfig]):
    # Before the RSS plugin reads its settings.
    @event_priority(100)
    def _on_config_feed_image(self, config):
        """Give the RSS feed the theme's logo, built from site_url, so site_url stays the one place."""
        rss = config.plugins.get("rss")
        logo = config.theme.get("logo")
        if rss is not None and not rss.config.image and logo and config.site_url:
            rss.config.image = config.site_url.rstrip("/") + "/" + logo

    # After markdown-exec has registered its fences (it is listed before us).
    def _on_config_fences(self, config):
        fences = config.mdx_configs.get("pymdownx.superfences", {}).get("custom_fences", [])
        python_fences = [
            f for f in fences if f["name"] in {"python", "py"} and f["format"] is markdown_exec.formatter
        ]
        if not python_fences:
            raise PluginError(
                "notesite: list the markdown-exec plugin before notesite in mkdocs.yml `plugins:`"
            )
        for fence in python_fences:
            fence["format"] = self._format
        self.project_root = Path(config.config_file_path).parent
        self.resolver = IncludeResolver(
            config.mdx_configs.get("pymdownx.snippets", {}), self.project_root
        )
        self.runner: PageRunner | None = None
        self.blocks: dict[int, Block] = {}
        fresh = os.environ.get("NOTESITE_FRESH", "").lower() not in {"", "0", "false", "no"}
        self.cache = None if fresh or not self.config.cache else ExecutionCache(self.project_root / self.config.cache_dir)
        self.stats = RunStats()
        self.katex = math.KatexRenderer(self.project_root)
        self._key_notebook_cache(config, fresh)
        # A rendering depends on the Markdown extensions and their settings too.
        extensions = json.dumps(
            [config.markdown_extensions, config.mdx_configs],
            sort_keys=True,
            default=lambda o: getattr(o, "__qualname__", type(o).__qualname__),  # functions: by name
        )
        self.render_field = "html " + hashlib.sha256(extensions.encode()).hexdigest()[:16]
        return config

    on_config = CombinedEvent(_on_config_feed_image, _on_config_fences)

    def _key_notebook_cache(self, config, fresh: bool) -> None:
        """mkdocs-jupyter caches a notebook by its own bytes, but notebooks import snippets:
        keep its cache in a folder named after every snippet file and the environment, so
        any change there runs the notebooks again. A fresh build does not use it."""
        jupyter = config.plugins.get("mkdocs-jupyter")
        if jupyter is None or not jupyter.config["cache"]:
            return
        if fresh or not self.config.cache:
            jupyter.config["cache"] = False
            return
        digest = hashlib.sha256(environment_fingerprint().encode())
        for path in sorted((self.project_root / "snippets").rglob("*.py")):
            digest.update(str(path.relative_to(self.project_root)).encode() + b"\0" + path.read_bytes())
        base = self.project_root / self.config.cache_dir / "notebooks"
        current = digest.hexdigest()[:16]
        if base.is_dir():
            for old in base.iterdir():
                if old.name != current:
                    shutil.rmtree(old, ignore_errors=True)
        jupyter.config["cache"] = True
        jupyter.config["cache_dir"] = str(base / current)

    def on_files(self, files, config):
        """Gather questions and formulas from the notes and add the revision pages."""
        try:
            self.topics = revision.gather(Path(config.docs_dir), self.project_root, _topics_in_nav(config.nav))
        except revision.RevisionError as error:
            raise PluginError(str(error)) from None
        for src_uri, content in revision_site.pages(self.topics).items():
            files.append(File.generated(config, src_uri, content=content))
        return files

    def on_post_build(self, config):
        self.katex.close()
        mode = "cache off" if self.cache is None else "cache on"
        log.info(f"notesite: {self.stats.summary()} ({mode})")
        self.stats = RunStats()
        out_dir = Path(config.site_dir) / revision_site.SECTION / revision_site.DECKS
        timestamp = float(get_build_timestamp())
        counts = revision_site.write_decks(self.topics, out_dir, config.site_name, config.site_url or "", timestamp)
        log.info("notesite: Anki decks " + ", ".join(f"{name} ({n} cards)" for name, n in counts.items()))

    def _source(self, page) -> tuple[str, str]:
        """The page's path for messages, and its text as written (front matter included)."""
        if page.file.generated_by:
            path = f"(generated) {page.file.src_uri}"  # a revision page: no file on disk
        else:
            path = os.path.relpath(page.file.abs_src_path, self.project_root)
        return path, page.file.content_string

    # Run before other plugins change the Markdown, so line numbers still match the file.
    @event_priority(100)
    def on_page_markdown(self, markdown, page, config, files):
        page_path, raw = self._source(page)
        check_front_matter(raw, page_path, page.meta, page.file.src_uri)
        # MkDocs hands plugins the page without its front matter: count what it cut.
        first_line = first_line_of(raw, markdown)
        try:
            blocks = find_blocks(markdown, page_path, self.resolver, first_line)
        except BlockError as error:
            raise PluginError(str(error)) from None
        self.blocks = {block.line: block for block in blocks}
        self.runner = PageRunner(page_path, self.config.timeout, self.cache, self.stats)
        return tag_fences(markdown, blocks, first_line)

    # Lowest priority: mkdocs-jupyter has already swapped in its notebook renderer.
    @event_priority(-100)
    def on_pre_page(self, page, config, files):
        if not page.file.src_uri.endswith(".ipynb"):
            return page
        render = page.render
        notebook = Path(page.file.abs_src_path)

        def render_naming_the_cell(config, files):
            from nbclient.exceptions import CellExecutionError

            try:
                return render(config, files)
            except CellExecutionError as error:
                # A warning, not an abort: the build goes on and reports every broken
                # page; strict mode then fails it.
                report = describe(notebook, self.project_root, error)
                log.warning(report)
                page.content = (
                    '<div class="admonition failure"><p class="admonition-title">This notebook failed to run</p>'
                    f"<pre><code>{escape(report)}</code></pre></div>"
                )
                page.toc = get_toc([])

        page.render = render_naming_the_cell
        return page

    def on_page_content(self, html, page, config, files):
        if self.runner is not None:
            self.runner.close()
            self.runner = None
        return html

    def on_post_page(self, output, page, config):
        """Render the finished page's math (blog listings carry their posts' excerpts) and
        move its plots into files."""
        output = plots.extract(output, page.url, Path(config.site_dir))
        try:
            output, errors = math.render_page(output, self.katex)
        except math.MathError as error:
            raise PluginError(f"notesite: {error}") from None
        if errors:
            path, source = self._source(page)
            for tex, error in errors:
                log.warning(f"{path}:{math.line_of(tex, source)}: KaTeX cannot render \"{tex}\": {error}")
        return output

    @staticmethod
    def _fold_included_code(block: Block, options: dict, md) -> str:
        """Show a block's own lines; fold the snippet files it includes into a closed box.

        Readers see the few lines that call the code and their output first, and open the
        from-scratch code when they want it (closed boxes also cost the browser nothing).
        """
        own: list[str] = []
        files: dict[str, list[str]] = {}
        for line, (path, _) in zip(block.code.split("\n"), block.origins):
            (own if path == block.page else files.setdefault(path, [])).append(line)
        if not files or not "".join(own).strip():
            return ""
        options["transform_source"] = lambda code: (code, "\n".join(own).strip("\n"))
        boxes = []
        for path, code in files.items():
            fence = "`" * 4
            body = textwrap.indent(f"{fence}python\n" + "\n".join(code).strip("\n") + f"\n{fence}", "    ")
            boxes.append(f'??? example "The code: `{path}` ({len(code)} lines)"\n{body}\n')
        return MarkdownConverter(md, update_toc=False).convert("\n".join(boxes))

    def _format(self, source, language, css_class, options, md, **kwargs):
        line = options.get("extra", {}).pop(LINE_OPTION, None)
        if self.runner is None or line is None or int(line) not in self.blocks:
            # A fence we did not see in the page's Markdown (produced by another plugin).
            raise PluginError("notesite: an executable block appeared that is not in the page source")
        block = self.blocks[int(line)]
        key = self.runner.key(block, source)
        if options.get("id_prefix") is None and not options.get("id"):
            # Ids inside the output from the block's key, not from a build-wide counter:
            # the same on every build, and safe to reuse from the cache.
            options["id_prefix"] = f"exec-{key[:10]}-"
        html = self.runner.from_cache(block, source, key, self.render_field)
        if html is not None:
            return Markup(html)

        def run(code, **_):
            return self.runner.run(block, code, key)

        folded = ""
        if options.get("source") and source == block.code:
            folded = self._fold_included_code(block, options, md)
        try:
            html = Markup(folded) + base_format(language="python", run=run, code=source, md=md, **options)
        except BlockFailure as failure:
            log.warning(failure.report)
            return MarkdownConverter(md).convert(code_block("python", failure.report))
        # Headings in the output feed the page's table of contents, which a stored
        # rendering would skip: keep rendering those.
        if self.cache is not None and not HEADING_TAG.search(html):
            self.cache.put(key, self.render_field, str(html))
        return html
