"""The blog: published posts, drafts left out, and a valid RSS feed with absolute links."""

from __future__ import annotations

import email.utils
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

from notesite.pages_server import site_url
from tests.content import need_example, note_pages

ROOT = Path(__file__).resolve().parents[2]
POSTS = sorted((ROOT / "docs" / "blog" / "posts").glob("*.md"))
SITE_URL = site_url(ROOT)


def front_matter(post: Path) -> dict:
    return yaml.safe_load(post.read_text().split("---\n")[1])


def published() -> list[Path]:
    return [p for p in POSTS if not front_matter(p).get("draft")]


def test_the_example_blog_has_published_posts_and_a_draft():
    """The blog has real content, and a draft to prove drafts stay out."""
    need_example("docs/blog/posts/why-i-run-every-formula.md")
    assert len(published()) >= 5
    assert len(published()) < len(POSTS)


def test_drafts_are_not_built(built_site: Path):
    """No page, archive entry or feed item comes from a draft."""
    for post in POSTS:
        if front_matter(post).get("draft"):
            title = post.read_text().split("\n# ", 1)[1].splitlines()[0]
            for page in built_site.rglob("*.html"):
                assert title not in page.read_text(), page
            assert title not in (built_site / "feed_rss_created.xml").read_text()


def test_feed_parses_and_lists_every_published_post(built_site: Path):
    """feed_rss_created.xml is RSS 2.0 with one item per published post, full dates, absolute links."""
    channel = ET.parse(built_site / "feed_rss_created.xml").getroot().find("channel")
    items = channel.findall("item")
    assert len(items) == len(published())
    for item in items:
        assert item.findtext("link").startswith(SITE_URL)
        assert item.findtext("title")
        assert item.findtext("description")
        assert email.utils.parsedate_to_datetime(item.findtext("pubDate")).year >= 2026
    built = {item.findtext("link") for item in items}
    for link in built:
        page = built_site / link.removeprefix(SITE_URL) / "index.html"
        assert page.is_file(), link


def test_archive_categories_and_tags_pages_exist(built_site: Path):
    """Archive and category pages are built once there are posts; the tag index always."""
    if published():
        assert list((built_site / "blog" / "archive").rglob("index.html"))
        assert list((built_site / "blog" / "category").rglob("index.html"))
    tags = (built_site / "tags" / "index.html").read_text()
    for post in POSTS + note_pages():
        for tag in front_matter(post).get("tags") or []:
            assert tag in tags, (post, tag)


def test_every_post_and_note_has_sharing_metadata(built_site: Path):
    """Description, Open Graph and Twitter tags on every post and note page."""
    pages = [
        p
        for p in built_site.glob("blog/*/index.html")
        if p.parent.name not in {"archive", "category", "page"}
    ]
    pages += list(built_site.glob("notes/*/*/index.html"))
    assert len(pages) >= len(published()) + len(note_pages())
    for page in pages:
        html = page.read_text()
        for tag in [
            'name="description"',
            'property="og:title"',
            'property="og:description"',
            'property="og:url" content="https://',
            'name="twitter:card"',
        ]:
            assert tag in html, (page, tag)
