"""The files notesite adds to a site: its own scripts and styles, and the browser-side
packages they load (KaTeX, ts-fsrs) taken from the project's npm packages.

They are added as plugins add theirs: listed in extra_css and extra_javascript, and handed
to MkDocs as generated files under assets/notesite/, only for the parts a site turns on.
"""

from __future__ import annotations

import os
from pathlib import Path

OWN = Path(__file__).parent / "assets"
PREFIX = "assets/notesite"


class AssetError(Exception):
    pass


def npm_package(name: str, project_root: Path, configured: str = "") -> Path:
    """An npm package's folder: `configured` (relative to the project) when given, else
    node_modules/<name> in the project or a folder above it, then in the NODE_PATH
    folders, as Node resolves it."""
    if configured:
        folder = project_root / configured
        if (folder / "package.json").is_file():
            return folder
        raise AssetError(f"{name} not found at {folder} (set in mkdocs.yml)")
    folders = [p / "node_modules" for p in [project_root, *project_root.resolve().parents]]
    folders += [Path(p) for p in os.environ.get("NODE_PATH", "").split(os.pathsep) if p]
    for folder in folders:
        if (folder / name / "package.json").is_file():
            return folder / name
    raise AssetError(f"{name} not found in node_modules: `npm install {name}` in {project_root}")


def site_assets(
    project_root: Path, math: bool, katex_path: str, revision: bool, notebooks: bool
) -> tuple[dict[str, Path], list[str], list[str]]:
    """(site path -> file, stylesheets, scripts) for the parts switched on."""
    files: dict[str, Path] = {}
    css: list[str] = [f"{PREFIX}/stylesheets/pages.css"]  # long pages drawn near the screen
    js: list[str] = [
        f"{PREFIX}/javascripts/folded-code.js",  # highlighting of folded code
        f"{PREFIX}/javascripts/palette.js",  # the light/dark toggle (overrides/partials/palette.html)
    ]
    if math:
        katex = npm_package("katex", project_root, katex_path)
        dist = katex / "dist"
        files[f"{PREFIX}/vendor/katex/katex.min.css"] = dist / "katex.min.css"
        for font in sorted((dist / "fonts").glob("*.woff2")):
            files[f"{PREFIX}/vendor/katex/fonts/{font.name}"] = font
        css.append(f"{PREFIX}/vendor/katex/katex.min.css")
    if notebooks:
        css.append(f"{PREFIX}/stylesheets/notebooks.css")
    if revision:
        fsrs = npm_package("ts-fsrs", project_root) / "dist"
        files[f"{PREFIX}/vendor/ts-fsrs/index.umd.js"] = fsrs / "index.umd.js"
        files[f"{PREFIX}/vendor/ts-fsrs/index.umd.js.map"] = fsrs / "index.umd.js.map"
        css.append(f"{PREFIX}/stylesheets/revision.css")
        js.append(f"{PREFIX}/javascripts/flashcards.js")
    for path in css + js:
        if path not in files:
            files[path] = OWN / path.removeprefix(f"{PREFIX}/")
    return files, css, js
