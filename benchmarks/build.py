"""Build benchmark: how much the execution cache saves on a large synthetic site.

Generates N notes (default 200), each with five numpy blocks and one matplotlib
plot that include the note's own snippet file, next to the project's own
mkdocs.yml (its nav replaced by the synthetic pages), then times, in one run:

  floor         the same pages with execution off (exec="off": code shown, not run)
  stock         markdown-exec alone (notesite removed from the plugins; each note's
                blocks in a session of their own, as markdown-exec needs to share variables)
  cold serial   notesite, empty cache, one page worker at a time (NOTESITE_JOBS=1)
  cold          notesite, empty cache, page workers on every core
  warm          nothing changed: every block from the cache
  prose edit    one note's prose changed
  snippet edit  one note's included snippet file changed
  serve         `mkdocs serve` rebuilding after that snippet edit (its own log's time)

Each is printed in seconds (the median of --repeat builds, 3 by default; the serial
cold build once; stock and notesite cold builds in turns) and as a ratio to the floor. Run: make bench-build
(or .venv/bin/python benchmarks/build.py --notes 200). Not a test: machines are noisy.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from notesite.pages_server import mkdocs_serve

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).parent / "mkdocs"

SNIPPET = '''"""Synthetic snippet {i}: a little numpy, a little plotting."""

import numpy as np


def summarize(values):
    values = np.asarray(values, dtype=float)
    return f"mean {{values.mean():.4f}}, std {{values.std():.4f}}, n {{values.size}}"


def project(matrix, vector):
    return matrix @ vector / np.linalg.norm(vector)


def plot_series(seed):
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(seed)
    fig, ax = plt.subplots(figsize=(4, 2.5))
    ax.plot(np.cumsum(rng.normal(size=60)))
    ax.set_title("Random walk {i}")
    return fig
'''

NOTE = """---
title: Synthetic note {i}
description: Synthetic note {i}, generated for the build benchmark.
---

# Synthetic note {i}

This paragraph stands in for the prose of a real note. {marker}

$$
y = a x + b
$$

!!! note "In plain English"
    The output is the slope times the input, plus the intercept.

```python {exec} result="text"
--8<-- "snippets/bench/note_{i:03d}.py"

rng = np.random.default_rng({i})
print(summarize(rng.normal(size=2000)))
```

```python {exec} result="text"
A = rng.normal(size=(40, 40))
print(summarize(np.linalg.eigvalsh(A + A.T)))
```

```python {exec} result="text"
v = rng.normal(size=40)
print(summarize(project(A, v)))
```

```python {exec} result="text"
U, s, Vt = np.linalg.svd(A)
print(summarize(s))
```

```python {exec} result="text"
x = np.linalg.solve(A + 40 * np.eye(40), v)
print(summarize(x))
```

```python {exec} html="on"
from notesite.figures import svg

print(svg(plot_series({i})))
```

## Interview questions

??? question "Synthetic question number {i}?"
    Synthetic answer {i}.
"""


def make_site(directory: Path, notes: int, execute: bool, stock: bool = False) -> None:
    """A project beside the real one: its mkdocs.yml, assets and templates, synthetic docs.
    `stock`: without notesite, as a plain markdown-exec site."""
    directory.mkdir(parents=True)
    docs = directory / "docs"
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    shutil.copytree(ROOT / "docs" / "blog", docs / "blog", ignore=shutil.ignore_patterns("posts"))
    (docs / "blog" / "posts").mkdir()
    (docs / "index.md").write_text("---\ntitle: Home\n---\n\n# Benchmark\n")
    (docs / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n")
    for name in ["overrides", "notesite", "node_modules"]:
        (directory / name).symlink_to(ROOT / name)
    (directory / "snippets" / "bench").mkdir(parents=True)
    (docs / "notes" / "bench").mkdir(parents=True)
    (docs / "notes" / "bench" / "index.md").write_text("---\ntitle: Bench\n---\n\n# Bench\n")
    for i in range(1, notes + 1):
        (directory / "snippets" / "bench" / f"note_{i:03d}.py").write_text(SNIPPET.format(i=i))
        exec_option = 'exec="on"' if execute else 'exec="off"'
        if stock:
            exec_option += f' session="note-{i}"'
        (docs / "notes" / "bench" / f"note-{i:03d}.md").write_text(
            NOTE.format(i=i, exec=exec_option, marker="")
        )
    nav = ["nav:", "  - Home: index.md", "  - Notes:", "      - notes/bench/index.md"]
    nav += [f"      - notes/bench/note-{i:03d}.md" for i in range(1, notes + 1)]
    if not stock:
        nav += [
            "  - Revision:",
            *[
                f"      - revision/{page}.md"
                for page in ["index", "all", "flashcards", "cheatsheet", "bench"]
            ],
        ]
    nav += [
        "  - Blog:",
        "      - blog/index.md",
        "  - Tags: tags.md",
    ]
    config = (ROOT / "mkdocs.yml").read_text()
    # Swap the project's nav for the synthetic one; everything else is the project's.
    config = re.sub(r"(?ms)^nav:\n.*?(?=^# -{10,})", "\n".join(nav) + "\n\n", config, count=1)
    if stock:
        config = re.sub(r"(?m)^  - notesite:\n(    .*\n)*", "", config)
        assert not re.search(r"(?m)^  - notesite:", config)
    (directory / "mkdocs.yml").write_text(config)
    # A repository of its own, as a learner's site is: the feeds and the sitemap date pages
    # by their last commit.
    git = ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.org"]
    for command in [["init", "-q"], ["add", "-A"], ["commit", "-qm", "Synthetic site"]]:
        subprocess.run([*git, *command], cwd=directory, check=True)


def build(directory: Path, **extra_env: str) -> tuple[float, float, str]:
    """(mkdocs' own build time, wall-clock seconds of the whole process, notesite's summary)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1764100000", **extra_env}
    env.pop("NOTESITE_FRESH", None)
    start = time.perf_counter()
    result = subprocess.run(
        [str(MKDOCS), "build", "--strict", "-d", str(directory / "site")],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build failed in {directory}:\n{result.stdout}{result.stderr}")
    output = result.stdout + result.stderr
    summary = re.search(r"notesite: (\d+ blocks.*)", output)
    built = float(re.search(r"Documentation built in ([\d.]+) seconds", output).group(1))
    return built, seconds, summary.group(1) if summary else ""


def serve_rebuild(directory: Path, snippet: Path) -> float:
    """Seconds `mkdocs serve` reports for the rebuild after a snippet edit."""
    process, _ = mkdocs_serve(directory)
    built = re.compile(r"Documentation built in ([\d.]+) seconds")
    try:
        for line in process.stdout:
            if "Serving on" in line:
                break
        time.sleep(1)
        snippet.write_text(snippet.read_text() + "\n# edited while serving\n")
        for line in process.stdout:
            match = built.search(line)
            if match:
                return float(match.group(1))
    finally:
        process.terminate()
        process.wait(timeout=30)
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--notes", type=int, default=200)
    parser.add_argument(
        "--repeat", type=int, default=3, help="builds per measurement (median kept)"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="notesite-bench-") as tmp:
        off, on, stock = Path(tmp) / "off", Path(tmp) / "on", Path(tmp) / "stock"
        make_site(off, args.notes, execute=False)
        make_site(on, args.notes, execute=True)
        make_site(stock, args.notes, execute=True, stock=True)
        blocks = args.notes * 6
        print(
            f"Synthetic site: {args.notes} notes, {blocks} executed blocks ({args.notes} plots); "
            f"median of {args.repeat} builds each, but the serial one"
        )

        # Each measurement but the cold build is the median of --repeat builds; each
        # repeat of an edit edits another note or snippet, so each is a genuine first.
        def median_of(builds):
            results = sorted(builds)
            return results[len(results) // 2]

        def edit_prose(n):
            note = on / "docs" / "notes" / "bench" / f"note-{n:03d}.md"
            note.write_text(note.read_text().replace("real note. ", "real note, edited. "))
            return build(on)

        def edit_snippet(n):
            snippet = on / "snippets" / "bench" / f"note_{n:03d}.py"
            snippet.write_text(snippet.read_text().replace("n {values.size}", "size {values.size}"))
            return build(on)

        def cold(directory, **env):
            shutil.rmtree(directory / ".cache", ignore_errors=True)
            return build(directory, **env)

        repeats = range(1, 1 + args.repeat)
        floor = median_of(build(off) for _ in repeats)
        rows = [("floor (execution off)", *floor[:2], "")]
        serial = ("cold, serial (1 worker)", *cold(on, NOTESITE_JOBS="1"))
        # Stock and notesite's cold builds taken in turns, so a busy spell on this shared
        # machine slows both, not one; the median of each is kept.
        stock_builds, cold_builds = [], []
        for _ in repeats:
            stock_builds.append(cold(stock))
            cold_builds.append(cold(on))
        stock_row = ("stock markdown-exec, cold", *median_of(stock_builds)[:2], "")
        rows.append(("cold (empty cache)", *median_of(cold_builds)))
        rows.append(("warm (nothing changed)", *median_of(build(on) for _ in repeats)))
        rows.append(("prose edit (one note)", *median_of(edit_prose(n) for n in repeats)))
        rows.append(("snippet edit (one file)", *median_of(edit_snippet(n) for n in repeats)))
        # What the edit had to execute: its blocks, and the start of the worker server,
        # which imports numpy and matplotlib once (stock markdown-exec, and notesite
        # before page workers, paid those imports inside the blocks' own time).
        executing = float(re.search(r"([\d.]+) s executing", rows[-1][3]).group(1))
        server = re.search(r"worker server ready in ([\d.]+) s", rows[-1][3])
        executing += float(server.group(1)) if server else 0.0
        served = serve_rebuild(on, on / "snippets" / "bench" / f"note_{args.notes:03d}.py")

        print('\nbuild: mkdocs\' own "Documentation built in" time; process: the whole command,')
        print("start-up and exit included. Ratios are to the floor's build time.")
        print(f"\n{'':<26}{'build s':>9}{'x floor':>9}{'process s':>11}  blocks")
        for name, built, seconds, summary, *_ in [rows[0], stock_row, serial, *rows[1:]]:
            print(f"{name:<26}{built:>9.2f}{built / rows[0][1]:>9.2f}{seconds:>11.2f}  {summary}")
        print(
            f"{'serve: snippet edit':<26}{served:>9.2f}{served / rows[0][1]:>9.2f}{'':>11}  (mkdocs serve's rebuild)"
        )

        base, process_base = rows[0][1], rows[0][2]
        cold, warm, prose, edit = rows[1], rows[2], rows[3], rows[4]
        print()
        for label, index in [("build", 1), ("process", 2)]:
            ratio = cold[index] / stock_row[index]
            print(
                f"{label}: cold parallel <= 0.8 x stock markdown-exec cold: {'yes' if ratio <= 0.8 else 'no'} "
                f"({ratio:.2f}; serial {serial[index] / stock_row[index]:.2f})"
            )
        for label, index, limit in [("build", 1, base), ("process", 2, process_base)]:
            print(
                f"{label}: warm <= 1.2 x floor: {'yes' if warm[index] <= 1.2 * limit else 'no'} ({warm[index] / limit:.2f}); "
                f"prose edit <= 1.2 x floor: {'yes' if prose[index] <= 1.2 * limit else 'no'} ({prose[index] / limit:.2f}); "
                f"snippet edit <= floor + {executing:.2f} s executing (server start included): "
                f"{'yes' if edit[index] <= limit + executing else 'no'} ({edit[index]:.2f} <= {limit + executing:.2f})"
            )


if __name__ == "__main__":
    main()
