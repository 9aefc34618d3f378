"""Sharing: link-preview images and article tags, feeds that pass the W3C feed validator's
rules (RSS 2.0 and JSON Feed 1.1), and dates from git history, not from the build."""

from __future__ import annotations

import email.utils
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from notesite.git_dates import last_changed
from notesite.pages_server import site_url
from tests.content import DOCS, note_pages, published_posts, url_of

ROOT = Path(__file__).resolve().parents[2]
SITE_URL = site_url(ROOT)
DC = "{http://purl.org/dc/elements/1.1/}"


def meta(html: str, key: str) -> list[str]:
    return re.findall(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', html)


def title_of(post: Path) -> str:
    return post.read_text().split("\n# ", 1)[1].splitlines()[0]


def path_of(built_site: Path, source: Path) -> str:
    """The site path of a note, notebook or post (posts have their own slugs: found by title)."""
    if source not in published_posts():
        return url_of(source)
    for page in (built_site / "blog").glob("*/index.html"):
        if meta(page.read_text(), "og:title") == [title_of(source)]:
            return page.parent.relative_to(built_site).as_posix() + "/"
    raise AssertionError(f"no page for {source}")


def pages_with_previews() -> list[Path]:
    notebooks = sorted(p for p in DOCS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    return [*note_pages(), *published_posts(), *notebooks]


def test_every_note_post_and_notebook_has_a_preview_image(built_site: Path):
    """og:image is an absolute URL of a 1200x630 PNG in the site; the card is the large one."""
    from PIL import Image

    for source in pages_with_previews():
        html = (built_site / path_of(built_site, source) / "index.html").read_text()
        (image,) = meta(html, "og:image")
        assert image.startswith(SITE_URL) and image.endswith(".png"), source
        with Image.open(built_site / image.removeprefix(SITE_URL)) as picture:
            assert (picture.format, picture.size) == ("PNG", (1200, 630)), source
        assert meta(html, "twitter:card") == ["summary_large_image"], source
        assert meta(html, "og:image:alt") and meta(html, "twitter:image") == [image], source


def test_posts_carry_their_date_and_author(built_site: Path):
    """article:published_time is the post's front-matter date; article:author its authors."""
    posts = published_posts()
    assert posts
    for post in posts:
        front = post.read_text().split("---\n")[1]
        date = re.search(r"^date: (\S+)", front, re.M)[1]
        html = (built_site / path_of(built_site, post) / "index.html").read_text()
        assert meta(html, "article:published_time") == [date], post
        assert meta(html, "article:author"), post


def test_rss_feeds_follow_rss_2(built_site: Path):
    """No name where RSS wants an e-mail address (managingEditor, author): names are in
    dc:creator; the channel image is a PNG the site serves."""
    from PIL import Image

    for name in ["feed_rss_created.xml", "feed_rss_updated.xml"]:
        channel = ET.parse(built_site / name).getroot().find("channel")
        for element in [channel.find("managingEditor"), *channel.iter("author")]:
            assert element is None or "@" in element.text, name
        items = channel.findall("item")
        assert items and all(item.find(f"{DC}creator") is not None for item in items)
        url = channel.find("image/url").text
        with Image.open(built_site / url.removeprefix(SITE_URL)) as logo:
            assert logo.format in {"PNG", "GIF", "JPEG"} and logo.size[0] <= 144
        for item in items:
            email.utils.parsedate_to_datetime(item.findtext("pubDate"))


def test_json_feeds_have_no_nulls(built_site: Path):
    """JSON Feed 1.1 wants a string or no key: nothing is null anywhere."""

    def nulls(value, path="") -> list[str]:
        if value is None:
            return [path]
        if isinstance(value, dict):
            return [n for k, v in value.items() for n in nulls(v, f"{path}.{k}")]
        if isinstance(value, list):
            return [n for i, v in enumerate(value) for n in nulls(v, f"{path}[{i}]")]
        return []

    for name in ["feed_json_created.json", "feed_json_updated.json"]:
        feed = json.loads((built_site / name).read_text())
        assert feed["version"] == "https://jsonfeed.org/version/1.1"
        assert feed["items"] and not nulls(feed), (name, nulls(feed))


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="dates come from git history")
def test_updated_dates_and_sitemap_lastmod_come_from_git(built_site: Path):
    """A committed, unchanged page's sitemap lastmod is its last commit's date, and the
    updated feed dates each post by its last commit, not by the build."""
    changed = last_changed(ROOT)
    sitemap = ET.parse(built_site / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    lastmod = {
        u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
        for u in sitemap.findall("s:url", ns)
    }
    checked = 0
    for source in [*note_pages(), *published_posts()]:
        if source.resolve() in changed:
            assert lastmod[SITE_URL + path_of(built_site, source)] == changed[source.resolve()], (
                source
            )
            checked += 1
    assert checked or not changed  # a clean checkout checks every page
    feed = json.loads((built_site / "feed_json_updated.json").read_text())
    for item in feed["items"]:
        post = next(p for p in published_posts() if item["title"] == title_of(p))
        if post.resolve() in changed:
            committed = subprocess.run(
                ["git", "log", "-1", "--format=%cI", "--", str(post)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            assert item["date_modified"][:10] == committed[:10], post
