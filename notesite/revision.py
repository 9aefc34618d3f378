"""Gather interview questions and formulas from the notes, for the revision pages and decks.

The author writes each question once, where it belongs, as
`??? question "..."` with the answer inside, and each displayed formula once,
followed by its `!!! note "In plain English"` reading. This module reads them
back out of the notes' Markdown with their file and line, so the build can
generate question banks, flashcards, a cheat sheet and Anki decks, and report
bad input (an unanswered or duplicated question) where it was written.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from markdown.extensions.toc import slugify
from mkdocs.utils.meta import get_data

from notesite import fences
from notesite.blocks import first_line_of, utf8_problem

# An admonition or collapsible block (`??? question "..."`, `???+`, `!!!`, any case, more
# classes after the type), as pymdownx.details and admonition read its header.
ADMONITION = re.compile(
    r"""^(?P<indent>[ \t]*)(?:\?\?\?\+?|!!!)[ \t]*(?P<classes>[\w-]+(?:[ \t]+[\w-]+)*?)?"""
    r"""(?:[ \t]+(?P<title>".*"|'.*'))?[ \t]*$"""
)
PLAIN_ENGLISH = re.compile(
    r"""^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)[ \t]+\w+[ \t]+"In plain English"[ \t]*$"""
)
HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<text>.+?)[ \t]*#*[ \t]*$")
ONE_LINE_FORMULA = re.compile(r"^[ \t]*\$\$(?P<tex>.+)\$\$[ \t]*$")
LINK = re.compile(r"(?P<open>\]\()(?P<target>[^)\s]+)(?P<close>[)\s])")


class RevisionError(Exception):
    """Bad input in a note: names the file and line."""


@dataclass
class Note:
    src_uri: str  # relative to docs/, e.g. notes/calculus/derivatives.md
    path: str  # relative to the project root, for messages
    title: str
    topic: str  # the folder under notes/

    @property
    def url_dir(self) -> str:
        return posixpath.dirname(self.src_uri)


@dataclass
class Question:
    text: str
    answer: str  # Markdown, dedented, links still relative to the note
    note: Note
    line: int
    section: str
    anchor: str

    @property
    def card_id(self) -> str:
        """Identity of a card: the question alone, so editing the answer keeps its schedule."""
        normalised = " ".join(self.text.split()).lower()
        return hashlib.sha1(normalised.encode()).hexdigest()[:16]


@dataclass
class Formula:
    tex: str
    reading: str
    note: Note
    line: int
    section: str
    anchor: str


@dataclass
class Topic:
    slug: str
    title: str
    questions: list[Question] = field(default_factory=list)
    formulas: list[Formula] = field(default_factory=list)


def _indented_body(lines: list[str], start: int, indent: int) -> tuple[list[str], int]:
    """The lines after `start` indented deeper than `indent` (blank lines included)."""
    body, i = [], start
    while i < len(lines):
        line = lines[i]
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        body.append(line)
        i += 1
    while body and not body[-1].strip():
        body.pop()
    return body, i


def _question(line: str, location: str) -> tuple[int, str] | None:
    """(indent, question) when the line opens a question box; RevisionError when it opens
    one the revision pages could not use, or one that would show as plain text."""
    header = ADMONITION.match(line)
    if (
        header is None
        or not header["classes"]
        or header["classes"].split()[0].lower() != "question"
    ):
        return None
    title = header["title"]
    if title is None:
        raise RevisionError(
            f'{location}: question has no title: write it in quotes, ??? question "..."'
        )
    if title.startswith("'"):
        raise RevisionError(
            f"{location}: a title in single quotes shows as plain text, not a question: "
            'use double quotes, ??? question "..."'
        )
    return len(header["indent"]), title[1:-1].strip()


def read_note(
    text: str, note: Note, first_line: int = 1, house_style: bool = True
) -> tuple[list[Question], list[Formula]]:
    """Every question and every formula-with-reading of one note, in page order.

    `first_line` is the file line of `text`'s first line, for messages and `line`.
    """
    lines = text.splitlines()
    questions: list[Question] = []
    formulas: list[Formula] = []
    section, anchor = note.title, ""
    # Code is not prose: skip every fence, found as the build finds them (fences.py).
    in_code = set()
    for fence in fences.scan(lines):
        if fence.closed:
            in_code.update(range(fence.start, fence.end + 1))
    i = 0
    while i < len(lines):
        line = lines[i]
        if i in in_code:
            i += 1
            continue
        heading = HEADING.match(line)
        if heading and len(heading["hashes"]) >= 2:
            section = heading["text"]
            anchor = slugify(section, "-")
        question = _question(line, f"{note.path}:{i + first_line}")
        if question:
            indent, text = question
            body, end = _indented_body(lines, i + 1, indent)
            answer = textwrap.dedent("\n".join(body)).strip()
            if not answer:
                raise RevisionError(
                    f'{note.path}:{i + first_line}: question "{text}" has no answer: indent the answer under it'
                )
            questions.append(Question(text, answer, note, i + first_line, section, anchor))
            i = end
            continue
        one_line = ONE_LINE_FORMULA.match(line)
        if line.strip() == "$$" or one_line:
            if one_line:
                close, tex = i, one_line["tex"].strip()
            else:
                close = next(
                    (j for j in range(i + 1, len(lines)) if lines[j].strip() == "$$"), None
                )
                if close is None:
                    raise RevisionError(f"{note.path}:{i + first_line}: $$ formula is never closed")
                tex = "\n".join(lines[i + 1 : close]).strip()
            after = close + 1
            while after < len(lines) and not lines[after].strip():
                after += 1
            reading = PLAIN_ENGLISH.match(lines[after]) if after < len(lines) else None
            if reading is None and not house_style:
                i = close + 1
                continue
            if reading is None:
                raise RevisionError(
                    f'{note.path}:{i + first_line}: formula has no reading: follow it with !!! note "In plain English"'
                )
            body, end = _indented_body(lines, after + 1, len(reading["indent"]))
            formulas.append(
                Formula(
                    tex,
                    textwrap.dedent("\n".join(body)).strip(),
                    note,
                    i + first_line,
                    section,
                    anchor,
                )
            )
            i = end
            continue
        i += 1
    return questions, formulas


def _display(path: Path, project_root: Path) -> str:
    return (
        path.relative_to(project_root).as_posix()
        if path.is_relative_to(project_root)
        else str(path)
    )


def gather(
    docs_dir: Path,
    project_root: Path,
    order: list[str] | None = None,
    notes_dir: str = "notes",
    house_style: bool = True,
) -> list[Topic]:
    """Read every note under docs/<notes_dir>/<topic>/, grouped by topic.

    Topics come in `order` (the nav's order) first, then alphabetically. With
    `house_style`, a displayed formula without its plain-English reading is an error;
    without it, such a formula is left off the cheat sheet.
    """
    topics: dict[str, Topic] = {}
    seen: dict[str, Question] = {}
    for path in sorted((docs_dir / notes_dir).glob("*/*.md")):
        topic_slug = path.parent.name
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise RevisionError(
                utf8_problem(path.read_bytes(), _display(path, project_root))
            ) from None
        # Front matter read as MkDocs reads it, so lines count as they do in the build.
        body, meta = get_data(text)
        if topic_slug not in topics:
            index = path.parent / "index.md"
            index_meta = (
                get_data(index.read_text(encoding="utf-8-sig"))[1] if index.exists() else {}
            )
            topics[topic_slug] = Topic(
                topic_slug, index_meta.get("title") or topic_slug.replace("-", " ").capitalize()
            )
        if path.name == "index.md":
            continue
        note = Note(
            src_uri=path.relative_to(docs_dir).as_posix(),
            path=path.relative_to(project_root).as_posix()
            if path.is_relative_to(project_root)
            else str(path),
            title=meta.get("title") or path.stem.replace("-", " ").capitalize(),
            topic=topic_slug,
        )
        questions, formulas = read_note(body, note, first_line_of(text, body), house_style)
        for q in questions:
            twin = seen.get(q.card_id)
            if twin is not None:
                raise RevisionError(
                    f'{note.path}:{q.line}: question "{q.text}" is also asked at {twin.note.path}:{twin.line}; '
                    "ask it once, where it belongs"
                )
            seen[q.card_id] = q
        topics[topic_slug].questions += questions
        topics[topic_slug].formulas += formulas
    rank = {slug: n for n, slug in enumerate(order or [])}
    ordered = sorted(topics.values(), key=lambda t: (rank.get(t.slug, len(rank)), t.slug))
    return [t for t in ordered if t.questions or t.formulas]


def relink(markdown: str, from_dir: str, to_dir: str) -> str:
    """Rewrite relative links in text moved from one docs/ folder to another."""

    def fix(match: re.Match) -> str:
        target = match["target"]
        if re.match(r"^([a-z][a-z0-9+.-]*:|#|/)", target, re.I):
            return match.group(0)
        path, _, fragment = target.partition("#")
        moved = posixpath.relpath(posixpath.normpath(posixpath.join(from_dir, path)), to_dir)
        return f"{match['open']}{moved}{'#' + fragment if fragment else ''}{match['close']}"

    return LINK.sub(fix, markdown)


def without_execution(markdown: str) -> str:
    """Copied answers show their code but do not run it a second time."""
    return re.sub(r'^([ \t]*(?:`{3,}|~{3,}).*?)[ \t]+exec="[^"]*"', r"\1", markdown, flags=re.M)
