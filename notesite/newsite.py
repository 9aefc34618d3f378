"""`make new-site`: a notes site of the learner's own, ready to build, test and publish.

It copies this project's machinery: notesite/, the Makefile, pyproject.toml and its lock,
package.json and its lock, the theme overrides and assets, and the workflow that tests
and publishes. It writes the rest afresh:

- mkdocs.yml with the learner's name and site address, and no nav: MkDocs builds the nav
  from the folders, so it follows the notes as they come and go;
- a README for the new author;
- a first note per topic, with its snippet, the snippet's test and an answered question;
- a first post;
- a test that builds the site and checks every page.

None of this project's notes is copied. The new folder gets a git repository of its own,
and nothing in it refers back here.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
from pathlib import Path

from notesite.scaffold import (
    TOPIC_SLUG,
    Plan,
    ScaffoldError,
    slugify,
    topic_index_text,
    topic_title,
    yaml_scalar,
)

# What a site needs to build, test and publish, copied as it is here.
MACHINERY = [
    "overrides",
    "pyproject.toml",
    "requirements.lock",
    "package.json",
    "package-lock.json",
    ".gitignore",
    ".github/workflows/ci.yml",
    "docs/assets/logo.svg",
    "docs/assets/avatar.svg",
    "docs/assets/javascripts/lazy-search.js",
    "docs/assets/stylesheets/readable.css",
]
GITHUB_REPO = re.compile(r"^https://github\.com/(?P<owner>[\w.-]+)/(?P<name>[\w.-]+?)(?:\.git)?/?$")


def site_url(repo: str) -> str:
    """GitHub Pages' address for a repository: https://<owner>.github.io/<name>/."""
    match = GITHUB_REPO.match(repo)
    if match is None:
        raise ScaffoldError(
            f"REPO must be a GitHub address like https://github.com/you/notes, not {repo!r}"
        )
    owner, name = match["owner"], match["name"]
    if name.lower() == f"{owner.lower()}.github.io":
        return f"https://{owner.lower()}.github.io/"
    return f"https://{owner.lower()}.github.io/{name}/"


def _mkdocs_yml(source: str, name: str, author: str, repo: str) -> str:
    text = source
    for key, value in [
        ("site_name", name),
        ("site_author", author),
        ("site_url", site_url(repo)),
        ("repo_url", repo),
    ]:
        text = re.sub(rf"(?m)^{key}:.*$", f"{key}: {yaml_scalar(value)}", text, count=1)
    text = re.sub(
        r"(?m)^site_description: >-\n(?:  .*\n)+",
        "site_description: >-\n  Study notes on the math behind machine learning, in my own words, every\n"
        "  formula read aloud in plain English and every claim proved by code.\n",
        text,
        count=1,
    )
    # No nav: MkDocs lists the pages from the folders, so it follows the content.
    text = re.sub(
        r"(?ms)^# -+\n# Navigation\n# -+\nnav:\n.*?(?=^# -{10,})",
        "# ---------------------------------------------------------------------------\n"
        "# Navigation: none written here. MkDocs builds it from docs/, so new notes, posts\n"
        "# and revision pages appear in it without editing this file.\n"
        "# ---------------------------------------------------------------------------\n\n",
        text,
        count=1,
    )
    if re.search(r"(?m)^nav:", text):
        raise ScaffoldError("could not take the example nav out of mkdocs.yml")
    return text


def _makefile(source: str) -> str:
    """This project's Makefile without the targets that only it has (benchmarks, new-site),
    and without a browser for tests that the new site does not have."""
    text = re.sub(r"(?ms)^\.PHONY: bench-site\n.*?(?=^\.PHONY: |\Z)", "", source)
    text = re.sub(r"(?ms)^\.PHONY: bench-build\n.*?(?=^\.PHONY: |\Z)", "", text)
    text = re.sub(r"(?ms)^\.PHONY: new-site\n.*?(?=^\.PHONY: |\Z)", "", text)
    text = re.sub(r"(?m)^\t@# The browser tests.*\n\tchromium=.*\n", "\t$(BIN)/pytest\n", text)
    return text.rstrip("\n") + "\n"


def _pyproject(source: str, slug: str, name: str) -> str:
    text = re.sub(r'(?m)^name = ".*"$', f'name = "{slug}"', source, count=1)
    # A JSON string is a TOML basic string.
    return re.sub(
        r'(?m)^description = ".*"$', lambda _: f"description = {json.dumps(name)}", text, count=1
    )


def _note(topic: str) -> tuple[str, str, str]:
    """(the note, its snippet, the snippet's test) for a topic's first note."""
    name = topic_title(topic)
    note = f"""---
title: The mean, a first note on {name.lower()}
description: What the mean of a sample is, read aloud, and checked by code that runs when the site is built.
tags: [{topic}, interview]
---

# The mean

My first note on {name.lower()}: the mean of a sample, the number every later idea leans on.

## The idea

$$
\\bar{{x}} = \\frac{{1}}{{n}} \\sum_{{i=1}}^{{n}} x_i
$$

!!! note "In plain English"
    x bar, the mean, is one over n times the sum of every x i from the first to the
    n-th: add the values up and divide by how many there are.

```python exec="on" source="block" result="text"
--8<-- "snippets/{topic.replace("-", "_")}/mean.py"

values = [2.0, 4.0, 9.0]
print(f"mean of {{values}} = {{mean(values)}}")
assert mean(values) == 5.0
```

## Why it matters in ML

Centring data (subtracting the mean from every feature) is the first step of PCA and
makes gradient descent converge faster.

## Interview questions

??? question "Why does one outlier move the mean of a {name.lower()} sample so much?"
    Every value has weight one over n, so a single huge value adds its whole size over n
    to the mean. The median ignores how far the outlier is.

## Where I learned it

- The first chapter of any statistics book.
"""
    snippet = '''"""The mean, from scratch: the code the note runs. Definitions only."""


def mean(values):
    """The sum of the values over how many there are."""
    values = list(values)
    if not values:
        raise ValueError("the mean of no values is not defined")
    return sum(values) / len(values)
'''
    package = topic.replace("-", "_")
    test = f'''"""snippets/{package}/mean.py against numpy."""

import numpy as np
import pytest

from snippets.{package}.mean import mean


def test_mean_matches_numpy():
    """The from-scratch mean equals numpy's on a few samples."""
    rng = np.random.default_rng(0)
    for size in (1, 2, 10, 1000):
        values = rng.normal(size=size).tolist()
        assert mean(values) == pytest.approx(np.mean(values))


def test_mean_of_nothing_is_an_error():
    with pytest.raises(ValueError):
        mean([])
'''
    return note, snippet, test


def _index(name: str, topics: list[str]) -> str:
    links = "\n".join(f"- [{topic_title(t)}](notes/{t}/index.md)" for t in topics)
    return f"""---
title: Home
description: {yaml_scalar(f"{name}: study notes on the math behind machine learning.")}
---

# {name}

My notes on the math behind machine learning, in my own words. Every formula is read
aloud in plain English, and the code in every note runs when the site is built.

{links}

Before an interview: the [revision pages](revision/index.md) gather every question and
formula, with flashcards.
"""


def _post(author_key: str, today: datetime.date) -> str:
    return f"""---
date: {today.isoformat()}
authors: [{author_key}]
categories: [Learning]
description: Why I am writing these notes, and how they check themselves.
---

# Why I am writing these notes

I learn the math behind machine learning by writing it down in my own words, with the
code that proves each claim.

<!-- more -->

Every note runs its code when the site is built, so a broken formula or snippet never
reaches the published site.
"""


def _readme(name: str, repo: str) -> str:
    return f"""# {name}

Study notes on the math behind machine learning, in my own words, with code that runs
when the site is built. Published at {site_url(repo)} from {repo}.

## Two commands

Needs Python 3.11, Node 20 (with npm) and make.

- `make serve`: live preview on http://127.0.0.1:8000 (or `make build` for `site/`).
- `make test`: the snippet tests, every block in the notes, and a strict build.

Both set everything up the first time (`.venv/` and `node_modules/`).

## Write

- `make note TOPIC=calculus TITLE="Taylor series"`: a note with every section, its
  snippet in `snippets/`, and a test stub in `tests/snippets/`.
- `make post TITLE="What I got wrong about p-values"`: a dated draft post.

The nav follows the folders under `docs/`: there is nothing to register. Follow each
displayed formula with an `!!! note "In plain English"` box, and write interview
questions as `??? question "..."` with the answer indented under it: the revision pages,
flashcards and Anki decks gather them.

## Publish

Push to GitHub, and in the repository's settings under Pages choose "GitHub Actions".
Every push runs the tests and the strict build; a push to main publishes the site.

The machinery is the `notesite/` folder (an MkDocs plugin); its options are under
`notesite:` in `mkdocs.yml`.
"""


def _site_test() -> str:
    return '''"""The whole site builds strictly, and every page is there, loads nothing from other
hosts, and shows no code fence as text. Names no page: it follows the content."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).parent / "mkdocs"
# Scripts, stylesheets and images from another host (links to other sites are fine).
REMOTE = re.compile(
    r"""<script[^>]+src="(?:https?:)?//|<link[^>]+rel="stylesheet"[^>]+href="(?:https?:)?//"""
    r"""|<img[^>]+src="(?:https?:)?//"""
)


def is_draft(page: Path) -> bool:
    text = page.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return False
    meta = yaml.safe_load(text.split("---", 2)[1]) or {}
    return bool(meta.get("draft"))


def test_site_builds_with_every_page(tmp_path):
    """A strict build succeeds; every note, post and page has its HTML; revision exists."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [str(MKDOCS), "build", "--strict", "--site-dir", str(tmp_path / "site")]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    pages = list(site.rglob("*.html"))
    assert (site / "revision" / "index.html").is_file()
    for page in (ROOT / "docs").rglob("*.md"):
        relative = page.relative_to(ROOT / "docs")
        if relative.parts[:2] == ("blog", "posts") or is_draft(page):
            continue  # posts are published under their own slugs
        html = site / relative.with_suffix("") / "index.html"
        if relative.name == "index.md":
            html = site / relative.parent / "index.html"
        assert html.is_file(), f"{relative} has no page"
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not REMOTE.search(text), f"{page.relative_to(site)} loads from another host"
        assert "```" not in text, f"{page.relative_to(site)} shows a code fence as text"
'''


def plan_site(
    source: Path,
    target: Path,
    name: str,
    author: str,
    repo: str,
    topics: list[str],
    today: datetime.date | None = None,
) -> Plan:
    name, author = " ".join(name.split()), " ".join(author.split())
    if not name or not author or not repo:
        raise ScaffoldError(
            'usage: make new-site DIR=<path> NAME="<site name>" AUTHOR="<name>" REPO=<github url>'
        )
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError(f"refusing to write into {target}: it exists and is not empty")
    for topic in topics:
        if not TOPIC_SLUG.match(topic):
            raise ScaffoldError(
                f"topic {topic!r} must be a folder name like calculus or linear-algebra"
            )
    missing = [
        m for m in ["Makefile", "mkdocs.yml", "notesite", *MACHINERY] if not (source / m).exists()
    ]
    if missing:
        raise ScaffoldError(f"{source} is not a notesite checkout (no {', '.join(missing)})")
    today = today or datetime.date.today()
    plan = Plan(target)
    for item in ["notesite", *MACHINERY]:
        path = source / item
        for file in sorted(path.rglob("*") if path.is_dir() else [path]):
            if file.is_file() and "__pycache__" not in file.parts:
                plan.files[file.relative_to(source).as_posix()] = file.read_text(encoding="utf-8")
    plan.files["Makefile"] = _makefile((source / "Makefile").read_text(encoding="utf-8"))
    plan.files["mkdocs.yml"] = _mkdocs_yml(
        (source / "mkdocs.yml").read_text(encoding="utf-8"), name, author, repo
    )
    plan.files["pyproject.toml"] = _pyproject(
        plan.files["pyproject.toml"], slugify(name) or "notes", name
    )
    plan.files["README.md"] = _readme(name, repo)
    plan.files["docs/index.md"] = _index(name, topics)
    plan.files["docs/tags.md"] = (source / "docs" / "tags.md").read_text(encoding="utf-8")
    plan.files["docs/blog/index.md"] = (source / "docs" / "blog" / "index.md").read_text(
        encoding="utf-8"
    )
    author_key = slugify(author).replace("-", "_") or "author"
    plan.files["docs/blog/.authors.yml"] = (
        f"authors:\n  {author_key}:\n    name: {yaml_scalar(author)}\n"
        "    description: Learning the math behind machine learning\n    avatar: assets/avatar.svg\n"
    )
    plan.files["docs/blog/posts/why-i-am-writing-these-notes.md"] = _post(author_key, today)
    for topic in topics:
        package = topic.replace("-", "_")
        note, snippet, test = _note(topic)
        plan.files[f"docs/notes/{topic}/index.md"] = topic_index_text(
            topic, "The mean", "first-note"
        )
        plan.files[f"docs/notes/{topic}/first-note.md"] = note
        plan.files[f"snippets/{package}/__init__.py"] = ""
        plan.files[f"snippets/{package}/mean.py"] = snippet
        plan.files[f"tests/snippets/{package}/test_mean_{package}.py"] = test
    plan.files["snippets/__init__.py"] = ""
    plan.files["tests/test_site.py"] = _site_test()
    return plan


def create(plan: Plan, author: str) -> list[str]:
    """Write the site and make it a git repository with one commit."""
    plan.root.mkdir(parents=True, exist_ok=True)
    written = plan.write()
    git = shutil.which("git")
    if git:
        identity = ["-c", f"user.name={author}", "-c", "user.email=notes@localhost"]
        for command in (
            ["init", "-q", "-b", "main"],
            ["add", "-A"],
            [*identity, "commit", "-q", "-m", "A new notes site"],
        ):
            subprocess.run([git, *command], cwd=plan.root, check=True)
    return written
