"""Start a note or a post with every part the conventions ask for already in place.

    python -m notesite.scaffold note --topic calculus --title "Taylor series"
    python -m notesite.scaffold post --title "What I got wrong about p-values"

`note` writes the note (headings in the usual order, one formula with its "In plain
English" reading, one executed block that includes the snippet, three question stubs),
its snippet module and its test stub, and adds the note to `nav:` in mkdocs.yml. The
question stubs have no answers, so the build fails on them, with file and line, until
they are answered. `post` writes a dated draft post. Neither overwrites a file: if one
exists, nothing is written at all. Run from the project root, or pass --root.
"""

from __future__ import annotations

import argparse
import datetime
import json
import keyword
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

TOPIC_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NAV_START = re.compile(r"^nav:[ \t]*(?:#.*)?$")
ITEM = re.compile(r"^(?P<indent>[ \t]*)-[ \t]+(?P<value>.*?)[ \t]*$")


class ScaffoldError(Exception):
    """Input or project state that stops the scaffold before it writes anything."""


class UsageError(ScaffoldError):
    """A required option is missing."""


class RefuseOverwrite(ScaffoldError):
    """A file the scaffold would write already exists."""


def slugify(title: str) -> str:
    """Lowercase ASCII, every run of other characters turned into one hyphen."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")


def yaml_scalar(text: str) -> str:
    """`text` as a YAML value: bare when YAML reads it back unchanged, quoted otherwise."""
    try:
        if yaml.safe_load(text) == text and "#" not in text:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML string


def topic_title(topic: str) -> str:
    """Section name for a new topic, in the nav's sentence case ("linear-algebra" -> "Linear algebra")."""
    return topic.replace("-", " ").capitalize()


# ---------------------------------------------------------------------------
# File contents
# ---------------------------------------------------------------------------


def note_text(title: str, topic: str, package: str, module: str, requires: list[str] = ()) -> str:
    # Question text cannot hold a double quote (it closes the admonition title), and each
    # question must be unique across the site: the note's title makes them so.
    asked = title.replace('"', "'")
    questions = "\n\n".join(
        f'??? question "TODO: a question about {asked} ({n})"' for n in (1, 2, 3)
    )
    return f"""---
title: {yaml_scalar(title)}
description: {yaml_scalar(f"Notes on {title}, in my own words, with the formula read aloud and checked by code.")}
tags: [{topic}, interview]
requires: [{", ".join(requires)}]
---

# {title}

TODO: one paragraph, in my own words, on what {title} is and where I met it.

## The idea

$$
y = f(x)
$$

!!! note "In plain English"
    TODO: read the formula aloud, symbol by symbol: "the output y is f applied to the
    input x".

```python exec="on" source="block" result="text"
--8<-- "snippets/{package}/{module}.py"

print(example(2.0))
assert example(2.0) == 2.0
```

## Why it matters in ML

TODO: a real situation where {title} decides whether a model works.

## Interview questions

{questions}

## Where I learned it

- TODO: the book chapter, course or video, with a link.
"""


def snippet_text(title: str) -> str:
    title = title.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')  # safe in the docstring
    return f'''"""{title}: the code that the note runs. Definitions only, nothing runs on import."""


def example(x):
    """Return x unchanged: replace with the first function of the note."""
    return x
'''


def test_text(package: str, module: str) -> str:
    return f'''"""snippets/{package}/{module}.py against numpy or scipy (a stub to replace)."""

from snippets.{package}.{module} import example


def test_example_returns_its_input():
    """The stub function gives back what it is given."""
    assert example(3) == 3
    assert example(-1.5) == -1.5
'''


def topic_index_text(topic: str, title: str, slug: str) -> str:
    name = topic_title(topic)
    return f"""---
title: {yaml_scalar(name)}
description: {yaml_scalar(f"Notes on {name.lower()}, in my own words.")}
---

# {name}

My notes on {name.lower()}, one idea a note:

- [{title}]({slug}.md)
"""


def post_text(title: str, author: str, today: datetime.date) -> str:
    return f"""---
date: {today.isoformat()}
draft: true
authors: [{author}]
categories: [Learning]
tags: []
description: {yaml_scalar(f"What I learned about {title}.")}
---

# {title}

TODO: the first paragraph, shown on the blog index above "Continue reading".

<!-- more -->

TODO: the rest of the post.
"""


# ---------------------------------------------------------------------------
# mkdocs.yml, edited as text so its comments and layout survive
# ---------------------------------------------------------------------------


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _nav_range(lines: list[str]) -> tuple[int, int]:
    """Index of the first line inside `nav:` and one past its last line."""
    start = next((i for i, line in enumerate(lines) if NAV_START.match(line)), None)
    if start is None:
        raise ScaffoldError("mkdocs.yml has no top-level `nav:`")
    end = start + 1
    while end < len(lines):
        line = lines[end]
        if line.strip() and not line.lstrip().startswith("#") and _indent(line) == 0:
            break
        end += 1
    return start + 1, end


def _block_end(lines: list[str], at: int, end: int, deeper_than: int) -> int:
    """One past the last line after `at` that sits deeper than `deeper_than` (the item's children)."""
    last = at
    for i in range(at + 1, end):
        line = lines[i]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if _indent(line) <= deeper_than:
            break
        last = i
    return last + 1


def add_to_nav(text: str, topic: str, slug: str) -> str | None:
    """mkdocs.yml with the note added under its topic; None if the nav already lists it."""
    lines = text.splitlines(keepends=True)
    start, end = _nav_range(lines)
    index_entry, note_entry = f"notes/{topic}/index.md", f"notes/{topic}/{slug}.md"

    def entry_at(i: int) -> str | None:
        item = ITEM.match(lines[i].rstrip("\r\n"))
        return item["value"].rsplit(":", 1)[-1].strip() if item else None

    if any(entry_at(i) == note_entry for i in range(start, end)):
        return None
    newline = "\r\n" if text.endswith("\r\n") else "\n"
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += newline  # so a line inserted at the very end starts a line of its own
    index_at = next((i for i in range(start, end) if entry_at(i) == index_entry), None)
    if index_at is not None:
        # The topic's entries are the index's siblings: insert after the last of them.
        indent = _indent(lines[index_at])
        after = _block_end(lines, index_at, end, indent - 1)
        lines.insert(after, f"{lines[index_at][:indent]}- {note_entry}{newline}")
        return "".join(lines)

    # A new topic: a new section at the end of `- Notes:`.
    notes_at = next(
        (i for i in range(start, end) if re.match(r"^[ \t]*-[ \t]+Notes:[ \t]*(#.*)?$", lines[i])),
        None,
    )
    if notes_at is None:
        raise ScaffoldError("mkdocs.yml: no `- Notes:` section in `nav:` to add the new topic to")
    notes_indent = _indent(lines[notes_at])
    after = _block_end(lines, notes_at, end, notes_indent)
    children = [i for i in range(notes_at + 1, after) if ITEM.match(lines[i].rstrip("\r\n"))]
    section_indent = _indent(lines[children[0]]) if children else notes_indent + 4
    nested = [i for i in children if _indent(lines[i]) > section_indent]
    entry_indent = _indent(lines[nested[0]]) if nested else section_indent + 4
    section = [
        f"{' ' * section_indent}- {topic_title(topic)}:{newline}",
        f"{' ' * entry_indent}- {index_entry}{newline}",
        f"{' ' * entry_indent}- {note_entry}{newline}",
    ]
    lines[after:after] = section
    return "".join(lines)


# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------


@dataclass
class Plan:
    """Everything a command will write, checked before any of it is written."""

    root: Path
    files: dict[str, str] = field(default_factory=dict)  # path relative to root -> content
    mkdocs_yml: str | None = None
    notices: list[str] = field(default_factory=list)

    def check(self) -> None:
        for rel in self.files:
            if (self.root / rel).exists():
                raise RefuseOverwrite(f"refusing to overwrite {rel}")

    def write(self) -> list[str]:
        self.check()
        report = []
        for rel, content in self.files.items():
            path = self.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(content)
            report.append(rel)
        if self.mkdocs_yml is not None:
            (self.root / "mkdocs.yml").write_text(self.mkdocs_yml, encoding="utf-8", newline="")
            report.append("updated mkdocs.yml")
        return report + self.notices


def _title_slug(title: str | None) -> tuple[str, str]:
    title = " ".join((title or "").split())
    if not title:
        raise UsageError('a title is needed: --title "<title>"')
    slug = slugify(title)
    if not slug:
        raise ScaffoldError(f"title {title!r} has no letters or digits to make a file name from")
    return title, slug


def _requirements(root: Path, requires: str | None) -> list[str]:
    """REQUIRES=a.md,b.md: pages under docs/ the note builds on; each must exist."""
    found = []
    for item in (requires or "").split(","):
        item = item.strip()
        if not item:
            continue
        if not item.endswith(".md"):
            item += ".md"
        if not (root / "docs" / item).is_file():
            raise ScaffoldError(
                f"REQUIRES: docs/{item} does not exist (give pages from docs/, like "
                "notes/linear-algebra/vectors-and-matrices.md)"
            )
        found.append(item)
    return found


def plan_note(
    root: Path, topic: str | None, title: str | None, requires: str | None = None
) -> Plan:
    topic = (topic or "").strip()
    if not topic:
        raise UsageError(
            "a topic is needed: --topic <topic>, a folder under docs/notes/ (e.g. calculus)"
        )
    if not TOPIC_SLUG.match(topic):
        raise ScaffoldError(
            f"topic {topic!r} must be a folder name like calculus or linear-algebra (lowercase, hyphens)"
        )
    title, slug = _title_slug(title)
    package, module = topic.replace("-", "_"), slug.replace("-", "_")
    for name, what in ((package, "topic"), (module, "title")):
        if not name.isidentifier() or keyword.iskeyword(name):
            raise ScaffoldError(
                f"the {what} makes the Python name {name!r}, which cannot be imported: start it with a letter"
            )
    config = root / "mkdocs.yml"
    if not config.is_file():
        raise ScaffoldError(f"no mkdocs.yml in {root}: run from the project root or pass --root")

    plan = Plan(root)
    topic_dir = f"docs/notes/{topic}"
    note = f"{topic_dir}/{slug}.md"
    snippet = f"snippets/{package}/{module}.py"
    test = f"tests/snippets/{package}/test_{module}.py"
    new_topic = not (root / topic_dir / "index.md").exists()
    if new_topic:
        plan.files[f"{topic_dir}/index.md"] = topic_index_text(topic, title, slug)
    plan.files[note] = note_text(title, topic, package, module, _requirements(root, requires))
    if not (root / "snippets" / package / "__init__.py").exists():
        plan.files[f"snippets/{package}/__init__.py"] = ""
    plan.files[snippet] = snippet_text(title)
    plan.files[test] = test_text(package, module)
    plan.check()

    # pytest imports test files by their base name: two of the same name break collection.
    twin = next((p for p in (root / "tests").rglob(f"test_{module}.py") if p != root / test), None)
    if twin is not None:
        raise ScaffoldError(
            f"{test} would share its name with {twin.relative_to(root).as_posix()}, "
            "which pytest cannot collect together: choose a different title"
        )
    text = config.read_text(encoding="utf-8")
    if not any(NAV_START.match(line) for line in text.splitlines()):
        return plan  # no nav written: MkDocs builds it from the folders
    try:
        plan.mkdocs_yml = add_to_nav(text, topic, slug)
    except ScaffoldError as error:  # a nav of the author's own making: theirs to edit
        plan.notices.append(f"add {note} to your nav in mkdocs.yml ({error})")
        return plan
    if new_topic and "revision/" in text:
        plan.notices.append(
            f"new topic: add `- {topic_title(topic)}: revision/{topic}.md` to the Revision nav in mkdocs.yml "
            "(the strict build fails until it is listed)"
        )
    return plan


def plan_post(root: Path, title: str | None, today: datetime.date | None = None) -> Plan:
    title, slug = _title_slug(title)
    authors_file = root / "docs" / "blog" / ".authors.yml"
    if not authors_file.is_file():
        raise ScaffoldError(
            f"no {authors_file.relative_to(root).as_posix()}: run from the project root or pass --root"
        )
    authors = (yaml.safe_load(authors_file.read_text(encoding="utf-8")) or {}).get("authors") or {}
    if not authors:
        raise ScaffoldError("docs/blog/.authors.yml lists no authors")
    plan = Plan(root)
    plan.files[f"docs/blog/posts/{slug}.md"] = post_text(
        title, next(iter(authors)), today or datetime.date.today()
    )
    plan.check()
    return plan


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m notesite.scaffold", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=Path.cwd(),
        help="project root, the folder holding mkdocs.yml (default: here)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    note = commands.add_parser("note", help="a note, its snippet, its test stub, and its nav entry")
    note.add_argument(
        "--topic", help="folder under docs/notes/, e.g. calculus (a new one is created)"
    )
    note.add_argument("--title", help='the note\'s title, e.g. "Taylor series"')
    note.add_argument(
        "--requires",
        default="",
        help="pages it builds on, from docs/, comma-separated (notes/topic/note.md)",
    )
    note.add_argument("--root", type=Path, default=argparse.SUPPRESS)
    site = commands.add_parser("site", help="a new notes site of your own, in a new folder")
    site.add_argument(
        "--dir", type=Path, required=True, help="the new site's folder (new or empty)"
    )
    site.add_argument("--name", default="", help='the site\'s name, e.g. "My ML math notes"')
    site.add_argument("--author", default="", help="your name")
    site.add_argument(
        "--repo", default="", help="its GitHub repository, https://github.com/you/notes"
    )
    site.add_argument("--topics", default="linear-algebra", help="topic folders, comma-separated")
    post = commands.add_parser("post", help="a dated draft post")
    post.add_argument("--title", help="the post's title")
    post.add_argument("--root", type=Path, default=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        if args.command == "site":
            return new_site(args)
        if args.command == "note":
            plan = plan_note(args.root, args.topic, args.title, args.requires)
        else:
            plan = plan_post(args.root, args.title)
        for line in plan.write():
            print(line)
    except RefuseOverwrite as error:
        print(error, file=sys.stderr)
        return 1
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except ScaffoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def new_site(args) -> int:
    from notesite import newsite

    topics = [t.strip() for t in args.topics.split(",") if t.strip()]
    source = Path(__file__).resolve().parent.parent
    plan = newsite.plan_site(source, args.dir, args.name, args.author, args.repo, topics)
    written = newsite.create(plan, args.author)
    print(f"Made {args.dir}: {len(written)} files, a git repository with one commit.")
    print("  notes:  " + ", ".join(f for f in written if f.startswith("docs/notes/")))
    print("  post:   " + ", ".join(f for f in written if f.startswith("docs/blog/posts/")))
    print(f"Next:\n  cd {args.dir}\n  make serve    # or: make build\n  make test")
    return 0


if __name__ == "__main__":
    sys.exit(main())
