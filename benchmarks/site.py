"""Page weight and Lighthouse scores for the built site (a benchmark, not a test).

Run after `make build` (or `make bench-site`, which does both):

    .venv/bin/python benchmarks/site.py [--site site]

The built site is served on 127.0.0.1 under site_url's path prefix, with gzip for
text responses as GitHub Pages serves it. For six kinds of page (home, the longest
note, the longest post, a notebook, the flashcards, the cheat sheet) it prints the requests a
fresh Chromium makes, any of them to another host (blocked, and there should be
none), the bytes transferred (compressed, fonts included), and Lighthouse's
performance, accessibility and best-practices scores (mobile, default throttling).
Then one line per target, with the audits that missed for every page that misses.
Exit status: 0 when every page was measured, 1 when Lighthouse or a page failed.
Whether the targets are met is reported, not turned into the exit status.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from notesite.browser import find
from notesite.pages_server import serve, site_prefix

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM") or str(find() or "/usr/bin/chromium")
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-background-networking --disable-gpu"
LIGHTHOUSE_TIMEOUT = 150  # seconds per page; a run takes 10-30 s


def _page_path(source: Path) -> str:
    return source.relative_to(ROOT / "docs").with_suffix("").as_posix() + "/"


def _longest(pattern: str) -> str | None:
    """The site path of the longest page under docs/ matching `pattern` (the most work for
    the browser), or None."""
    found = [p for p in (ROOT / "docs").glob(pattern) if p.name != "index.md"]
    found = [p for p in found if "draft: true" not in p.read_text(encoding="utf-8")]
    return _page_path(max(found, key=lambda p: p.stat().st_size)) if found else None


def _post_path(pattern: str) -> str | None:
    """A post's site path: Material's blog names it after its title (slugified)."""
    import re

    source = _longest(pattern)
    if source is None:
        return None
    text = (ROOT / "docs" / source.rstrip("/")).with_suffix(".md").read_text(encoding="utf-8")
    title = text.split("\n# ", 1)[1].splitlines()[0]
    return "blog/" + re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") + "/"


def _first_notebook() -> str | None:
    found = sorted((ROOT / "docs").rglob("*.ipynb"))
    return _page_path(found[0]) if found else None


# The kinds of page, whichever notes, posts and notebooks the site holds: the longest note
# (math, plots, folded code) and post, a notebook, the revision pages.
PAGES = [
    (name, path)
    for name, path in [
        ("home", ""),
        ("note (math, plots)", _longest("notes/*/*.md")),
        ("longest post", _post_path("blog/posts/*.md")),
        ("notebook", _first_notebook()),
        ("flashcards", "revision/flashcards/"),
        ("cheat sheet", "revision/cheatsheet/"),
    ]
    if path is not None
]
NOTE = "note (math, plots)"
NOTE_BUDGET_KB = 250  # 1 kB = 1000 bytes throughout
PERFORMANCE_TARGET = 95
ACCESSIBILITY_TARGET = 100
CATEGORIES = ("performance", "accessibility", "best-practices")

# --------------------------------------------------------------------------- measurements


@dataclass
class Result:
    name: str
    path: str
    requests: int = 0
    third_party: list[str] = field(default_factory=list)
    bytes: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    listing: list[tuple[int, str, str]] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    scores: dict[str, float | None] = field(default_factory=dict)
    runs: list[int] = field(default_factory=list)  # performance score of every Lighthouse run
    report: dict | None = None
    errors: list[str] = field(default_factory=list)


def measure_weight(base: str, results: list[Result]) -> None:
    """Requests and compressed bytes as a fresh Chromium tab loads each page."""
    from playwright.sync_api import sync_playwright

    host = urlparse(base).netloc

    def local(url: str) -> bool:
        return url.startswith(("data:", "blob:")) or urlparse(url).netloc == host

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            for result in results:
                context = browser.new_context()
                finished, failed = [], []
                context.on("requestfinished", lambda request, seen=finished: seen.append(request))
                context.on("requestfailed", lambda request, seen=failed: seen.append(request))

                # Other hosts are blocked (and counted): the site should need none.
                def block(route, result=result):
                    result.third_party.append(route.request.url)
                    route.abort()

                context.route(lambda url: not local(url), block)
                page = context.new_page()
                try:
                    page.goto(base + result.path, wait_until="load", timeout=60_000)
                    page.wait_for_load_state("networkidle", timeout=30_000)
                    page.wait_for_timeout(300)  # Material renders on document$ after load
                except Exception as exc:  # noqa: BLE001 - report and go on with the other pages
                    result.errors.append(f"page load: {exc}")
                for request in finished:
                    if request.url.startswith(("data:", "blob:")):
                        continue
                    sizes = request.sizes()
                    size = max(sizes["responseBodySize"], 0) + max(sizes["responseHeadersSize"], 0)
                    result.requests += 1
                    result.bytes += size
                    kind = request.resource_type
                    result.by_type[kind] = result.by_type.get(kind, 0) + size
                    result.listing.append((size, kind, request.url.removeprefix(base)))
                for request in failed:
                    if local(request.url) and not request.url.startswith(("data:", "blob:")):
                        result.requests += 1
                        result.failed_requests.append(f"{request.url} ({request.failure})")
                result.requests += len(result.third_party)
                context.close()
        finally:
            browser.close()


def run_lighthouse(base: str, result: Result, workdir: Path, runs: int = 1) -> None:
    """Lighthouse's mobile run (its defaults: Moto G Power, simulated slow 4G and 4x CPU).

    With runs > 1 the run with the median performance score is kept, as Lighthouse's
    docs advise for a score that varies between runs.
    """
    if not LIGHTHOUSE.exists():
        result.errors.append(f"lighthouse: {LIGHTHOUSE} missing; run `npm ci` (make does)")
        return
    slug = result.path.strip("/").replace("/", "-") or "home"
    reports = []
    for run in range(runs):
        out = workdir / f"lighthouse-{slug}{f'-{run + 1}' if runs > 1 else ''}.json"
        out.unlink(missing_ok=True)
        command = [
            str(LIGHTHOUSE),
            base + result.path,
            "--output=json",
            f"--output-path={out}",
            "--quiet",
            "--chrome-flags=" + CHROME_FLAGS,
            "--only-categories=" + ",".join(CATEGORIES),
        ]
        env = {**os.environ, "CHROME_PATH": CHROMIUM}
        try:
            proc = subprocess.run(
                command, env=env, capture_output=True, text=True, timeout=LIGHTHOUSE_TIMEOUT
            )
        except subprocess.TimeoutExpired:
            result.errors.append(f"lighthouse: timed out after {LIGHTHOUSE_TIMEOUT} s")
            continue
        if proc.returncode != 0 or not out.exists():
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
            result.errors.append(f"lighthouse: exit {proc.returncode}: " + " | ".join(tail))
            continue
        report = json.loads(out.read_text())
        if report.get("runtimeError"):
            error = report["runtimeError"]
            result.errors.append(f"lighthouse: {error.get('code')}: {error.get('message')}")
            continue
        reports.append(report)
    if not reports:
        return
    reports.sort(key=lambda r: r["categories"]["performance"]["score"] or 0)
    result.report = reports[(len(reports) - 1) // 2]
    result.runs = [round((r["categories"]["performance"]["score"] or 0) * 100) for r in reports]
    for category in CATEGORIES:
        score = result.report["categories"].get(category, {}).get("score")
        result.scores[category] = None if score is None else round(score * 100)


def failed_audits(result: Result, category: str, limit: int = 10) -> list[str]:
    """The category's audits scoring under 0.9, the heaviest (or largest saving) first."""
    if not result.report:
        return []
    audits = result.report["audits"]
    rows = []
    for ref in result.report["categories"][category]["auditRefs"]:
        audit = audits.get(ref["id"], {})
        score = audit.get("score")
        if audit.get("scoreDisplayMode") in ("notApplicable", "manual", "informative"):
            continue
        if score is None or score >= 0.9:
            continue
        savings = (audit.get("details") or {}).get("overallSavingsMs") or 0
        metric_savings = sum((audit.get("metricSavings") or {}).values())
        rank = (ref.get("weight", 0), savings, metric_savings)
        shown = f", {audit['displayValue']}" if audit.get("displayValue") else ""
        rows.append(
            (
                rank,
                f"{ref['id']} (score {score:.2f}{shown}): {audit.get('title', '')}",
            )
        )
    rows.sort(key=lambda row: row[0], reverse=True)
    return [text for _, text in rows[:limit]]


def errored_audits(result: Result) -> list[str]:
    """Audits that errored, e.g. when Lighthouse's trace engine trips on this Chromium's trace."""
    if not result.report:
        return []
    return sorted(
        k
        for k, audit in result.report["audits"].items()
        if audit.get("scoreDisplayMode") == "error"
    )


def metrics(result: Result) -> str:
    if not result.report:
        return ""
    audits = result.report["audits"]
    names = [
        ("first-contentful-paint", "FCP"),
        ("largest-contentful-paint", "LCP"),
        ("total-blocking-time", "TBT"),
        ("cumulative-layout-shift", "CLS"),
        ("speed-index", "SI"),
    ]
    parts = [
        f"{short} {audits[key].get('displayValue', '?')}" for key, short in names if key in audits
    ]
    return ", ".join(parts)


# --------------------------------------------------------------------------- report


def kb(n: int) -> float:
    return n / 1000


def fmt_score(value) -> str:
    return "-" if value is None else str(value)


def print_report(results: list[Result], base: str) -> None:
    print(
        f"Site served at {base} (gzip for text); 1 kB = 1000 bytes; "
        f"Lighthouse {lighthouse_version()}, mobile"
    )
    indexes = [round(r.report["environment"]["benchmarkIndex"]) for r in results if r.report]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    # Lighthouse's CPU throttling is a fixed 4x: a busy or slow machine lowers performance.
    print(
        f"Machine: {os.cpu_count()} CPUs, load average {load}"
        + (f", Lighthouse benchmarkIndex {indexes}" if indexes else "")
        + "\n"
    )
    header = ("page", "requests", "3rd-party", "kB (gzip)", "perf", "a11y", "best-pr")
    rows = [
        (
            r.name,
            str(r.requests),
            str(len(r.third_party)),
            f"{kb(r.bytes):.1f}",
            fmt_score(r.scores.get("performance")),
            fmt_score(r.scores.get("accessibility")),
            fmt_score(r.scores.get("best-practices")),
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row):
        cells = zip(row, widths, strict=True)
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(cells))

    print(line(header))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line(row))
    print()
    for r in results:
        kinds = ", ".join(
            f"{k} {kb(v):.1f}" for k, v in sorted(r.by_type.items(), key=lambda kv: -kv[1])
        )
        print(f"{r.name}: {kinds}")
        if r.report:
            runs = f" (median of performance {r.runs})" if len(r.runs) > 1 else ""
            print(f"{' ' * len(r.name)}  {metrics(r)}{runs}")
            broken = errored_audits(r)
            if broken:
                print(
                    f"{' ' * len(r.name)}  audits Lighthouse could not run "
                    f"(diagnostics, outside the scores): {', '.join(broken)}"
                )
    print()


def lighthouse_version() -> str:
    try:
        return json.loads((ROOT / "node_modules" / "lighthouse" / "package.json").read_text())[
            "version"
        ]
    except OSError:
        return "(not installed)"


def print_targets(results: list[Result], lighthouse: bool = True) -> None:
    note = next((r for r in results if r.name == NOTE), None)
    if note is None:
        print(f"note under {NOTE_BUDGET_KB} KB: (the site has no note)")
    else:
        loaded = not any(e.startswith("page load") for e in note.errors)
        note_ok = loaded and 0 < note.bytes < NOTE_BUDGET_KB * 1000
        print(
            f"note under {NOTE_BUDGET_KB} KB: {'yes' if note_ok else 'no'} ({kb(note.bytes):.1f} KB)"
        )

    def target(category: str, ok) -> tuple[bool, list[Result]]:
        missed = [
            r for r in results if r.scores.get(category) is None or not ok(r.scores[category])
        ]
        return not missed, missed

    perf_ok, perf_missed = target("performance", lambda s: s >= PERFORMANCE_TARGET)
    a11y_ok, a11y_missed = target("accessibility", lambda s: s == ACCESSIBILITY_TARGET)
    third = [r for r in results if r.third_party]

    def detail(missed, category):
        return ", ".join(f"{r.name} {fmt_score(r.scores.get(category))}" for r in missed)

    if lighthouse:
        print(
            f"performance >= {PERFORMANCE_TARGET} on every page: "
            + ("yes" if perf_ok else f"no ({detail(perf_missed, 'performance')})")
        )
        print(
            f"accessibility = {ACCESSIBILITY_TARGET} on every page: "
            + ("yes" if a11y_ok else f"no ({detail(a11y_missed, 'accessibility')})")
        )
    else:
        perf_missed = a11y_missed = []
        print(f"performance >= {PERFORMANCE_TARGET} on every page: not measured (--no-lighthouse)")
        print(
            f"accessibility = {ACCESSIBILITY_TARGET} on every page: not measured (--no-lighthouse)"
        )
    print(
        "no third-party requests: "
        + (
            "yes"
            if not third
            else "no (" + ", ".join(f"{r.name} {len(r.third_party)}" for r in third) + ")"
        )
    )

    misses = []
    if not note_ok:
        biggest = [
            f"{kb(size):.1f} kB {kind} {url or '(the page)'}"
            for size, kind, url in sorted(note.listing, reverse=True)[:8]
        ]
        misses.append((note, "weight", biggest))
    for r in perf_missed:
        misses.append((r, "performance", failed_audits(r, "performance")))
    for r in a11y_missed:
        misses.append((r, "accessibility", failed_audits(r, "accessibility")))
    for r in third:
        misses.append((r, "third-party requests", r.third_party[:10]))
    for r, what, lines in misses:
        print(f"\n{r.name} ({'/' + r.path}) misses the {what} target:")
        for text in lines or ["(no Lighthouse report; see the errors below)"]:
            print(f"  - {text}")

    errors = [(r, e) for r in results for e in r.errors] + [
        (r, f"request failed: {f}") for r in results for f in r.failed_requests
    ]
    if errors:
        print("\nerrors:")
        for r, e in errors:
            print(f"  - {r.name}: {e}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--site", type=Path, default=ROOT / "site", help="the built site (default: site/)"
    )
    parser.add_argument("--no-lighthouse", action="store_true", help="bytes and requests only")
    parser.add_argument(
        "--requests", action="store_true", help="also list every request, largest first"
    )
    parser.add_argument(
        "--reports", type=Path, help="keep Lighthouse's JSON reports in this folder"
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="Lighthouse runs per page; the median is kept (default 3)",
    )
    parser.add_argument(
        "--page", action="append", help="only this kind of page (repeatable), e.g. 'cheat sheet'"
    )
    args = parser.parse_args(argv)
    site = args.site.resolve()
    if not (site / "index.html").is_file():
        print(f"error: no built site at {site}; run `make build` first", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print(f"error: Chromium not found at {CHROMIUM}", file=sys.stderr)
        return 2

    prefix = site_prefix(ROOT)
    server = serve(site, prefix)
    base = f"http://127.0.0.1:{server.server_port}{prefix}"
    results = [Result(name, path) for name, path in PAGES if not args.page or name in args.page]
    try:
        measure_weight(base, results)
        if not args.no_lighthouse:
            with tempfile.TemporaryDirectory(prefix="bench-lighthouse-") as tmp:
                workdir = Path(tmp)
                if args.reports:
                    workdir = args.reports.resolve()
                    workdir.mkdir(parents=True, exist_ok=True)
                for result in results:
                    print(f"lighthouse: {result.name} ...", file=sys.stderr, flush=True)
                    run_lighthouse(base, result, workdir, runs=max(1, args.runs))
    finally:
        server.shutdown()
        server.server_close()

    print_report(results, base)
    if args.requests:
        for r in results:
            print(f"{r.name}: {r.requests} requests")
            for size, kind, url in sorted(r.listing, reverse=True):
                print(f"  {kb(size):8.1f} kB  {kind:<10}  {url}")
        print()
    print_targets(results, lighthouse=not args.no_lighthouse)
    return 1 if any(r.errors or r.failed_requests for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
