"""Learning paths: what each note builds on (its `requires:` front matter), what builds on
it, what links to it, and an order to read the notes in. Checked when the site is built:
a prerequisite that is not a page, or prerequisites that go round in a circle, fail the
build with the file and line.
"""

from __future__ import annotations

import heapq
import html
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

LINK = re.compile(r"\]\(\s*<?(?P<target>[^)\s>#]+\.md)(?:#[^)\s>]*)?>?\s*(?:\"[^\"]*\")?\)")


class PathError(Exception):
    pass


@dataclass
class Note:
    src_uri: str
    title: str
    requires: list[str] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # requirement -> its line in the file
    links: set[str] = field(default_factory=set)  # src_uris of notes its text links to


def _front_matter(text: str) -> tuple[dict, int]:
    """The front matter and the file line of its first key (0 when there is none)."""
    if not text.startswith("---\n"):
        return {}, 0
    end = text.find("\n---\n", 4)
    if end < 0:
        return {}, 0
    try:
        meta = yaml.safe_load(text[4:end]) or {}
    except yaml.YAMLError:
        return {}, 0  # reported with its line where the page itself is read
    return (meta if isinstance(meta, dict) else {}), 2


def read_note(src_uri: str, path: Path, name: str) -> Note:
    """A page's prerequisites, with the line each is written on, and the notes it links."""
    text = path.read_text(encoding="utf-8")
    meta, first = _front_matter(text)
    title = meta.get("title") if isinstance(meta.get("title"), str) else None
    heading = re.search(r"^# (.+)$", text, re.M)
    title = title or (heading[1].strip() if heading else posixpath.basename(src_uri)[:-3])
    note = Note(src_uri, title)
    requires = meta.get("requires", [])
    lines = text.split("\n")
    key_line = next((n for n, line in enumerate(lines, 1) if line.startswith("requires:")), first)
    if not isinstance(requires, list) or not all(isinstance(r, str) for r in requires):
        raise PathError(
            f"{name}:{key_line}: `requires:` must be a list of pages, like [notes/topic/note.md]"
        )
    for requirement in requires:
        line = next(
            (
                n
                for n, text_line in enumerate(lines, 1)
                if n >= key_line and requirement in text_line
            ),
            key_line,
        )
        note.requires.append(requirement)
        note.lines[requirement] = line
    folder = posixpath.dirname(src_uri)
    for match in LINK.finditer(text):
        target = match["target"]
        if "://" not in target:
            note.links.add(posixpath.normpath(posixpath.join(folder, target)))
    return note


def check(notes: dict[str, Note], pages: set[str], name_of) -> None:
    """Every prerequisite is a page of the site, and none depends on itself through others."""
    for note in notes.values():
        for requirement in note.requires:
            if requirement not in pages:
                raise PathError(
                    f"{name_of(note.src_uri)}:{note.lines[requirement]}: requires "
                    f"'{requirement}', which is not a page of the site (paths are from docs/, "
                    "like notes/topic/note.md)"
                )
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(src: str, trail: list[str]) -> None:
        state[src] = 1
        for requirement in notes[src].requires if src in notes else []:
            if state.get(requirement) == 1:
                cycle = [*trail[trail.index(requirement) :], requirement]
                note = notes[src]
                raise PathError(
                    f"{name_of(src)}:{note.lines[requirement]}: prerequisites go round in a "
                    f"circle: {' -> '.join(cycle)}"
                )
            if state.get(requirement) is None:
                visit(requirement, [*trail, requirement])
        state[src] = 2

    for src in notes:
        if src not in state:
            visit(src, [src])


def reading_order(notes: dict[str, Note], preferred: list[str]) -> list[str]:
    """Every note after what it requires; among those ready, the one `preferred` (the nav)
    lists first."""
    rank = {src: n for n, src in enumerate(preferred)}
    waiting = {src: {r for r in note.requires if r in notes} for src, note in notes.items()}
    ready = [(rank.get(src, len(rank)), src) for src, needs in waiting.items() if not needs]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, src = heapq.heappop(ready)
        order.append(src)
        for other, needs in waiting.items():
            if src in needs:
                needs.discard(src)
                if not needs:
                    heapq.heappush(ready, (rank.get(other, len(rank)), other))
    return order


def foundations(notes: dict[str, Note], src: str) -> list[str]:
    """The note and every note it requires, directly or through others."""
    found: list[str] = []
    waiting = [src]
    while waiting:
        current = waiting.pop()
        if current not in found:
            found.append(current)
            waiting += notes[current].requires if current in notes else []
    return found


def used_in(notes: dict[str, Note]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {src: [] for src in notes}
    for src, note in notes.items():
        for requirement in note.requires:
            found.setdefault(requirement, []).append(src)
    return found


def linked_from(notes: dict[str, Note]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {src: [] for src in notes}
    for src, note in notes.items():
        for target in sorted(note.links):
            if target in found and target != src:
                found[target].append(src)
    return found


def _links(sources: list[str], notes: dict[str, Note], url_from) -> str:
    return ", ".join(
        f'<a href="{html.escape(url_from(src), quote=True)}">{html.escape(notes[src].title)}</a>'
        for src in sources
        if src in notes
    )


def panel(src: str, notes: dict[str, Note], uses, backlinks, url_from) -> str:
    """The note's place in the subject, folded to one line: read first, used in, linked from."""
    note = notes[src]
    rows = [
        ("Read first", note.requires, "nothing: a place to start"),
        ("Where this is used", uses.get(src, []), "no other note builds on it yet"),
        ("Linked from", backlinks.get(src, []), "no other note links here yet"),
    ]
    counts = (
        f"{len(note.requires)} to read first, used in {len(uses.get(src, []))}, "
        f"linked from {len(backlinks.get(src, []))}"
    )
    items = "".join(
        f"<dt>{label}</dt><dd>{_links(sources, notes, url_from) or empty}</dd>"
        for label, sources, empty in rows
    )
    return (
        f'<details class="abstract notesite-paths"><summary>Where this note sits: {counts}'
        f"</summary><dl>{items}</dl></details>"
    )


def order_section(topic_order: list[str], site_order: list[str], notes, url_from) -> str:
    """A topic index page's reading order, and the whole site's, folded."""

    def listing(order: list[str]) -> str:
        return "".join(
            f'<li><a href="{html.escape(url_from(src), quote=True)}">{html.escape(notes[src].title)}</a></li>'
            for src in order
        )

    return (
        '<h2 id="reading-order">Suggested reading order</h2>'
        "<p>Each note comes after the notes it builds on.</p>"
        f"<ol>{listing(topic_order)}</ol>"
        '<details class="abstract"><summary>The whole site, in order</summary>'
        f"<ol>{listing(site_order)}</ol></details>"
    )


# The concept map: prerequisites as columns, left to right, drawn when the site is built.
NODE_W, NODE_H, COL_GAP, ROW_GAP, PAD = 210, 46, 70, 14, 12
PALETTE = ["#3949ab", "#00796b", "#ad1457", "#5d4037", "#455a64", "#6a1b9a"]


def concept_map(notes: dict[str, Note], order: list[str], topic_of, url_from) -> str:
    """Every note a box (a link), each prerequisite an arrow into the note that needs it,
    laid out now (no script); then the same relations as a list, for screen readers."""
    depth: dict[str, int] = {}
    for src in order:  # reading order: prerequisites come first
        depth[src] = 1 + max((depth[r] for r in notes[src].requires if r in depth), default=-1)
    columns: dict[int, list[str]] = {}
    for src in order:
        columns.setdefault(depth[src], []).append(src)
    topics = list(dict.fromkeys(topic_of(src) for src in order))
    place = {
        src: (PAD + col * (NODE_W + COL_GAP), PAD + row * (NODE_H + ROW_GAP))
        for col, members in columns.items()
        for row, src in enumerate(members)
    }
    width = PAD * 2 + len(columns) * NODE_W + (len(columns) - 1) * COL_GAP
    height = PAD * 2 + max(len(m) for m in columns.values()) * (NODE_H + ROW_GAP) - ROW_GAP
    # Arrows in one SVG underneath; the boxes are HTML links over it (Material's scripts
    # treat every <a> as HTML, which an SVG link is not).
    arrows = [
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'style="position: absolute; inset: 0; max-width: none" aria-hidden="true" focusable="false">',
        '<defs><marker id="notesite-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#757575"/></marker></defs>',
    ]
    boxes = []
    for src in order:
        x2, y2 = place[src]
        for requirement in notes[src].requires:
            if requirement not in place:
                continue
            x1, y1 = place[requirement]
            sx, sy, ex, ey = x1 + NODE_W, y1 + NODE_H / 2, x2, y2 + NODE_H / 2
            bend = (ex - sx) / 2
            arrows.append(
                f'<path d="M{sx},{sy} C{sx + bend},{sy} {ex - bend},{ey} {ex},{ey}" fill="none" '
                'stroke="#9e9e9e" stroke-width="1.5" marker-end="url(#notesite-arrow)"/>'
            )
        colour = PALETTE[topics.index(topic_of(src)) % len(PALETTE)]
        boxes.append(
            f'<a class="notesite-map-node" href="{html.escape(url_from(src), quote=True)}" '
            f'tabindex="-1" style="position: absolute; left: {x2}px; top: {y2}px; '
            f"width: {NODE_W}px; height: {NODE_H}px; background: {colour}; color: #fff; "
            "box-sizing: border-box; padding: 0 .6rem; border-radius: 6px; display: flex; "
            'align-items: center; font-size: .62rem; line-height: 1.25; text-decoration: none">'
            f"{html.escape(notes[src].title)}</a>"
        )
    arrows.append("</svg>")
    items = "".join(
        f'<li><a href="{html.escape(url_from(src), quote=True)}">{html.escape(notes[src].title)}</a>'
        + (
            ": builds on "
            + ", ".join(html.escape(notes[r].title) for r in notes[src].requires if r in notes)
            if notes[src].requires
            else ": a place to start"
        )
        + "</li>"
        for src in order
    )
    return (
        # It scrolls sideways on a phone: focusable, so a keyboard can scroll it too.
        '<div class="notesite-map-scroll" style="overflow-x: auto" tabindex="0" role="region" '
        'aria-label="Concept map">'
        f'<div class="notesite-map" style="position: relative; width: {width}px; height: {height}px">'
        + "".join(arrows + boxes)
        + "</div></div>"
        f'<h2 id="as-a-list">The map as a list</h2><p>In reading order, each note with the notes it builds on.</p><ol>{items}</ol>'
    )
