"""Math rendered when the site is built: pages ship KaTeX's HTML, CSS and fonts, no JavaScript.

pymdownx.arithmatex (generic mode) marks math up as `<span class="arithmatex">\\(...\\)</span>`
and `<div class="arithmatex">\\[...\\]</div>`. This module hands each TeX string to KaTeX
(the npm package, run by Node, found from the project or `katex_path`) and puts the HTML in its place. TeX that
KaTeX cannot parse is reported with the page and line, so broken math fails the build.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*(?P<open>\\\(|\\\[)(?P<tex>.*?)(?:\\\)|\\\])\s*</(?P=tag)>',
    re.S,
)
SCRIPT = Path(__file__).resolve().with_name("katex_render.cjs")


class MathError(Exception):
    pass


class KatexRenderer:
    """One Node process per build; renders are remembered, since formulas repeat."""

    def __init__(self, project_root: Path, katex_path: str = "") -> None:
        self.project_root = project_root
        self.katex_path = katex_path
        self._process: subprocess.Popen | None = None
        self._memo: dict[tuple[str, bool, str], tuple[str | None, str | None]] = {}

    def _start(self) -> subprocess.Popen:
        node = shutil.which("node")
        if node is None:
            raise MathError(
                "node not found: `math: katex` renders math with KaTeX on Node.js; install "
                "Node.js, or set `math: off`"
            )
        # KaTeX comes from `katex_path` when set, else Node's own resolution from the
        # project (its node_modules, then NODE_PATH), wherever notesite is installed.
        env = dict(os.environ)
        if self.katex_path:
            env["NOTESITE_KATEX"] = str(self.project_root / self.katex_path)
        return subprocess.Popen(
            [node, str(SCRIPT)],
            cwd=self.project_root,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def _answer(self) -> dict:
        line = self._process.stdout.readline()
        if not line:
            problem = self._process.stderr.read().strip().splitlines()
            where = self.katex_path or f"{self.project_root / 'node_modules'} or NODE_PATH"
            raise MathError(
                f"KaTeX could not be loaded from {where}: `npm install katex` there, or set "
                f"`katex_path` (Node said: {problem[-1] if problem else 'nothing'})"
            )
        return json.loads(line)

    def render_many(
        self, items: list[tuple[str, bool]], group: str = ""
    ) -> list[tuple[str | None, str | None]]:
        """(html, error) for each (tex, display); one round trip for everything not memoised.
        Formulas of one `group` (a notebook) share their macro definitions, in order."""
        keyed = [(tex, display, group) for tex, display in items]
        # In a group, order and repeats matter: a formula may define what a later one uses.
        todo = keyed if group else [k for k in dict.fromkeys(keyed) if k not in self._memo]
        answers = {}
        if todo:
            if self._process is None or self._process.poll() is not None:
                self._process = self._start()
            for tex, display, name in todo:
                request = {"tex": tex, "display": display, "group": name}
                self._process.stdin.write(json.dumps(request) + "\n")
            self._process.stdin.flush()
            for index, item in enumerate(todo):
                answer = self._answer()
                answers[index] = (answer.get("html"), answer.get("error"))
                if not group:
                    self._memo[item] = answers[index]
        if group:
            return [answers[i] for i in range(len(todo))]
        return [self._memo[item] for item in keyed]

    def close(self) -> None:
        if self._process is not None:
            self._process.stdin.close()
            self._process.wait(timeout=10)
            self._process = None


def render_page(page_html: str, renderer: KatexRenderer) -> tuple[str, list[tuple[str, str]]]:
    """The page with its math rendered, and (tex, error) for each formula KaTeX refused."""
    matches = list(ARITHMATEX.finditer(page_html))
    if not matches:
        return page_html, []
    items = [(html.unescape(m["tex"]).strip(), m["open"] == "\\[") for m in matches]
    results = renderer.render_many(items)
    errors, parts, last = [], [], 0
    for match, (tex, _), (rendered, error) in zip(matches, items, results):
        parts.append(page_html[last : match.start()])
        if error is not None:
            errors.append((tex, error))
            parts.append(match.group(0))  # left as it was, and reported
        else:
            parts.append(f'<{match["tag"]} class="arithmatex">{rendered}</{match["tag"]}>')
        last = match.end()
    parts.append(page_html[last:])
    return "".join(parts), errors


def line_of(tex: str, source: str) -> int:
    """The line of the Markdown source where a formula is written (1 if not found)."""
    first = tex.splitlines()[0].strip() if tex.strip() else tex
    index = source.find(first)
    return source.count("\n", 0, index) + 1 if index >= 0 else 1
