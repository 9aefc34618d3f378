"""`make note` and `make post` (notesite.scaffold): what they write, and what they refuse.

Every command runs on a temporary copy of the project's notes, blog, snippets, snippet
tests and mkdocs.yml, never on the project itself.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from mkdocs.utils.meta import YAML_RE

from notesite import revision, settings
from notesite.blocks import IncludeResolver, find_blocks
from notesite.execution import Limits, run_page
from notesite.scaffold import main, slugify

ROOT = Path(__file__).resolve().parents[2]
PYTHON = Path(sys.executable)
NOTE = "docs/notes/calculus/taylor-series.md"
SNIPPET = "snippets/calculus/taylor_series.py"
TEST = "tests/snippets/calculus/test_taylor_series.py"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A small project with an explicit nav (tests/fixtures/scaffold), not this site's notes."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "tests" / "fixtures" / "scaffold", root)
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def scaffold(root: Path, *args: str) -> int:
    return main(["--root", str(root), *args])


def note(root: Path, topic: str = "calculus", title: str = "Taylor series") -> int:
    return scaffold(root, "note", "--topic", topic, "--title", title)


def front_matter(text: str) -> dict:
    match = YAML_RE.match(text)  # the front matter as MkDocs finds it
    assert match, text[:200]
    return yaml.safe_load(match.group(1))


def answer_questions(path: Path) -> None:
    text = re.sub(
        r'^(\?\?\? question "[^"]+")$', r"\1\n    My answer.", path.read_text(), flags=re.M
    )
    path.write_text(text)


def test_note_takes_its_prerequisites(project, capsys):
    """REQUIRES= (comma-separated, .md optional) becomes the note's `requires:` list."""
    existing = sorted(p for p in (project / "docs" / "notes").rglob("*.md") if p.name != "index.md")
    wanted = [p.relative_to(project / "docs").as_posix() for p in existing[:2]]
    assert existing, "the scaffold fixture has notes"
    given = ",".join([wanted[0].removesuffix(".md"), *wanted[1:]])
    assert (
        scaffold(
            project, "note", "--topic", "calculus", "--title", "Taylor series", "--requires", given
        )
        == 0
    )
    assert front_matter((project / NOTE).read_text())["requires"] == wanted
    assert note(project, title="Fourier series") == 0
    assert (
        front_matter((project / "docs/notes/calculus/fourier-series.md").read_text())["requires"]
        == []
    )


def test_slug_from_title():
    """Lowercase, every run of other characters one hyphen, accents dropped, no hyphen at the ends."""
    assert slugify("Taylor series") == "taylor-series"
    assert slugify("  Bayes' rule: P(A|B)!  ") == "bayes-rule-p-a-b"
    assert slugify("Lagrange multipliers, à la Bishop") == "lagrange-multipliers-a-la-bishop"


def test_note_writes_note_snippet_test_and_nav_entry(project, capsys):
    """`note` prints and makes the note, snippet and test stub, and lists the note under its topic."""
    nav_before = (project / "mkdocs.yml").read_text()
    assert note(project) == 0
    assert capsys.readouterr().out.splitlines() == [NOTE, SNIPPET, TEST, "updated mkdocs.yml"]

    text = (project / NOTE).read_text()
    meta = front_matter(text)
    assert meta["title"] == "Taylor series"
    assert meta["tags"] == ["calculus", "interview"]
    assert "Taylor series" in meta["description"] and "TODO" not in meta["description"]
    headings = re.findall(r"^#{1,2} .+$", text, flags=re.M)
    assert headings[0] == "# Taylor series"
    assert headings[-3:] == [
        "## Why it matters in ML",
        "## Interview questions",
        "## Where I learned it",
    ]
    # One displayed formula, read aloud right after it.
    assert re.search(r'^\$\$\n.+\n\$\$\n\n!!! note "In plain English"\n    \S', text, flags=re.M)
    assert text.count("$$") == 2
    fence = '```python exec="on" source="block" result="text"\n--8<-- "snippets/calculus/taylor_series.py"\n'
    assert text.count("```python exec=") == 1 and fence in text
    questions = re.findall(r'^\?\?\? question "(.+)"$', text, flags=re.M)
    assert len(questions) == 3 and len(set(questions)) == 3
    assert all("Taylor series" in q for q in questions)
    # Questions come under their heading, before "Where I learned it".
    assert (
        text.index("## Interview questions")
        < text.index("??? question")
        < text.index("## Where I learned it")
    )

    snippet = (project / SNIPPET).read_text()
    assert snippet.startswith('"""') and "def example(x):" in snippet and "print(" not in snippet
    test = (project / TEST).read_text()
    assert test.startswith('"""') and "from snippets.calculus.taylor_series import example" in test

    # mkdocs.yml: one line more, right after the topic's last note, at the same indentation.
    before, after = nav_before.splitlines(), (project / "mkdocs.yml").read_text().splitlines()
    at = before.index("          - notes/calculus/optimization-basics.md") + 1
    assert after == before[:at] + ["          - notes/calculus/taylor-series.md"] + before[at:]
    nav = yaml.safe_load((project / "mkdocs.yml").read_text())["nav"]
    notes = next(item["Notes"] for item in nav if isinstance(item, dict) and "Notes" in item)
    calculus = next(section["Calculus"] for section in notes if "Calculus" in section)
    assert (
        calculus[0] == "notes/calculus/index.md"
        and calculus[-1] == "notes/calculus/taylor-series.md"
    )


def test_unanswered_questions_fail_the_build_until_answered(project, capsys):
    """The gathering step of the build fails on the note's first question, by file and line; answered, it passes."""
    note(project)
    question = re.escape('question "TODO: a question about Taylor series (1)" has no answer')
    with pytest.raises(revision.RevisionError, match=rf"^{re.escape(NOTE)}:\d+: {question}"):
        revision.gather(project / "docs", project)

    answer_questions(project / NOTE)
    topics = {t.slug: t for t in revision.gather(project / "docs", project)}
    mine = [q for q in topics["calculus"].questions if q.note.path == NOTE]
    assert [q.answer for q in mine] == ["My answer."] * 3
    formulas = [f for f in topics["calculus"].formulas if f.note.path == NOTE]
    assert len(formulas) == 1 and formulas[0].reading.startswith("TODO")


def test_unanswered_question_error_names_the_file_line(project, capsys):
    """The error's line is the line of the first `??? question` in the file, front matter included."""
    note(project)
    lines = (project / NOTE).read_text().splitlines()
    first = next(n for n, line in enumerate(lines, start=1) if line.startswith("??? question"))
    with pytest.raises(revision.RevisionError, match=rf"^{re.escape(NOTE)}:{first}: question "):
        revision.gather(project / "docs", project)


def test_snippet_test_passes_and_the_exec_block_runs(project, capsys):
    """The test stub passes under pytest, and the note's one block runs the snippet and prints."""
    note(project)
    result = subprocess.run(
        # The copy has no theme files, so the block collector (which loads mkdocs.yml) is off:
        # the block itself is run just below, with the same code the build uses.
        [
            str(PYTHON),
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:notesite",
            "-W",
            "error",
            "-o",
            "pythonpath=.",
            "--rootdir",
            str(project),
            TEST,
        ],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout

    config = settings.load(ROOT / "mkdocs.yml").snippets_config
    blocks = find_blocks((project / NOTE).read_text(), NOTE, IncludeResolver(config, project))
    assert len(blocks) == 1
    assert (SNIPPET, 4) in blocks[0].origins  # `def example` traced back to the snippet file
    [result] = run_page(NOTE, blocks, Limits(), project)
    assert result.output_or_raise() == "2.0\n"


def test_second_note_run_refuses_and_changes_nothing(project, capsys):
    """Running the same `note` twice exits 1 with "refusing to overwrite" and leaves every file as it was."""
    note(project)
    capsys.readouterr()
    before = snapshot(project)
    assert note(project) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.strip() == f"refusing to overwrite {NOTE}"
    assert snapshot(project) == before


def test_one_existing_file_stops_the_whole_note(project, capsys):
    """If only the test stub already exists, no other file is written and the nav is unchanged."""
    (project / TEST).write_text("# mine\n")
    before = snapshot(project)
    assert note(project) == 1
    assert capsys.readouterr().err.strip() == f"refusing to overwrite {TEST}"
    assert snapshot(project) == before


def test_post_is_a_dated_draft(project, capsys):
    """`post` writes docs/blog/posts/<slug>.md: today's date, a draft, the first author, an excerpt marker."""
    assert scaffold(project, "post", "--title", "What the Hessian told me") == 0
    path = "docs/blog/posts/what-the-hessian-told-me.md"
    assert capsys.readouterr().out.splitlines() == [path]
    text = (project / path).read_text()
    meta = front_matter(text)
    assert meta["date"] in {
        datetime.date.today(),
        datetime.date.today() - datetime.timedelta(days=1),
    }
    assert meta["draft"] is True
    first_author = next(
        iter(yaml.safe_load((project / "docs/blog/.authors.yml").read_text())["authors"])
    )
    assert meta["authors"] == [first_author]
    assert meta["categories"] == ["Learning"] and meta["tags"] == []
    assert meta["description"] and "TODO" not in meta["description"]
    body = text.split("---\n", 2)[2]
    assert body.lstrip().startswith("# What the Hessian told me\n")
    assert (
        body.index("# What")
        < body.index("<!-- more -->")
        < len(body.rstrip()) - len("<!-- more -->")
    )

    before = snapshot(project)
    assert scaffold(project, "post", "--title", "What the Hessian told me") == 1
    assert capsys.readouterr().err.strip() == f"refusing to overwrite {path}"
    assert snapshot(project) == before


def test_new_topic_gets_an_index_a_package_and_a_nav_section(project, capsys):
    """A new topic adds docs/notes/<topic>/index.md, snippets/<topic>/__init__.py and a section at the end of Notes."""
    nav_before = (project / "mkdocs.yml").read_text().splitlines()
    assert note(project, "information-theory", "Entropy: a first look") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:6] == [
        "docs/notes/information-theory/index.md",
        "docs/notes/information-theory/entropy-a-first-look.md",
        "snippets/information_theory/__init__.py",
        "snippets/information_theory/entropy_a_first_look.py",
        "tests/snippets/information_theory/test_entropy_a_first_look.py",
        "updated mkdocs.yml",
    ]
    assert "revision/information-theory.md" in out[6] and len(out) == 7

    index = (project / "docs/notes/information-theory/index.md").read_text()
    assert front_matter(index)["title"] == "Information theory"
    assert "[Entropy: a first look](entropy-a-first-look.md)" in index
    assert front_matter(
        (project / "docs/notes/information-theory/entropy-a-first-look.md").read_text()
    )["title"] == ("Entropy: a first look")

    after = (project / "mkdocs.yml").read_text().splitlines()
    at = nav_before.index("  - Notebooks:")
    assert (
        after
        == nav_before[:at]
        + [
            "      - Information theory:",
            "          - notes/information-theory/index.md",
            "          - notes/information-theory/entropy-a-first-look.md",
        ]
        + nav_before[at:]
    )

    answer_questions(project / "docs/notes/information-theory/entropy-a-first-look.md")
    topics = {t.slug: t for t in revision.gather(project / "docs", project)}
    assert topics["information-theory"].title == "Information theory"
    assert len(topics["information-theory"].questions) == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["note", "--title", "Taylor series"], "a topic is needed"),
        (["note", "--topic", "calculus"], "a title is needed"),
        (["post"], "a title is needed"),
        (["note", "--topic", "Calculus", "--title", "X"], "must be a folder name"),
        (["note", "--topic", "calculus", "--title", "2D rotations"], "cannot be imported"),
        (["note", "--topic", "calculus", "--title", "???"], "no letters or digits"),
        (
            ["note", "--topic", "calculus", "--title", "X", "--requires", "notes/none.md"],
            "REQUIRES: docs/notes/none.md does not exist",
        ),
    ],
)
def test_bad_arguments_are_reported_and_write_nothing(project, capsys, args, message):
    """A missing or unusable topic or title exits non-zero with the reason, before writing anything."""
    before = snapshot(project)
    assert scaffold(project, *args) != 0
    assert message in capsys.readouterr().err
    assert snapshot(project) == before


def test_cli_as_a_module(project):
    """`python -m notesite.scaffold note ... --root <dir>` prints the paths it made."""
    result = subprocess.run(
        [
            str(PYTHON),
            "-m",
            "notesite.scaffold",
            "note",
            "--topic",
            "calculus",
            "--title",
            "Taylor series",
            "--root",
            str(project),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [NOTE, SNIPPET, TEST, "updated mkdocs.yml"]


def test_makefile_targets_call_the_scaffold():
    """The Makefile has `note` and `post` targets with help lines, after the set-up, calling the module."""
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(
        r"^note: \$\(STAMP\) ## .+\n\t\$\(BIN\)/python -m notesite\.scaffold note ", makefile, re.M
    )
    assert re.search(
        r"^post: \$\(STAMP\) ## .+\n\t\$\(BIN\)/python -m notesite\.scaffold post ", makefile, re.M
    )
    help_text = subprocess.run(
        ["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, timeout=60
    ).stdout
    assert re.search(r"^  make note +\S", help_text, re.M) and re.search(
        r"^  make post +\S", help_text, re.M
    )


@pytest.mark.parametrize(
    ("args", "missing"),
    [
        (["note", "TOPIC=calculus"], "TITLE"),
        (["note", "TITLE=Taylor series"], "TOPIC"),
        (["post"], "TITLE"),
    ],
)
def test_make_without_an_argument_fails_with_usage_and_touches_nothing(args, missing):
    """`make note TOPIC=x` (no TITLE) and the like stop with a usage line before any recipe runs."""
    before = snapshot(ROOT / "docs" / "notes"), (ROOT / "mkdocs.yml").read_bytes()
    result = subprocess.run(
        ["make", "-s", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert f"usage: make {args[0]}" in result.stderr and f"{missing} is missing" in result.stderr
    assert result.stdout == ""
    assert (snapshot(ROOT / "docs" / "notes"), (ROOT / "mkdocs.yml").read_bytes()) == before


def test_make_note_and_post_run_the_scaffold(project):
    """The real Makefile, run in the copy, makes a note and a post; quotes in a title pass through."""
    # The copy borrows the project's .venv; -o keeps make from refreshing it.
    (project / ".venv").symlink_to(ROOT / ".venv")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    make = ["make", "-s", "-f", str(ROOT / "Makefile"), "-o", ".venv/.installed"]
    title = 'Bayes\' rule, "revisited"'
    result = subprocess.run(
        [*make, "note", "TOPIC=calculus", f"TITLE={title}"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    path = "docs/notes/calculus/bayes-rule-revisited.md"
    assert result.stdout.splitlines()[0] == path
    assert front_matter((project / path).read_text())["title"] == title

    result = subprocess.run(
        [*make, "post", f"TITLE={title}"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["docs/blog/posts/bayes-rule-revisited.md"]
