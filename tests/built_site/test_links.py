"""Every internal href and src in the built site resolves to a file."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

from notesite.pages_server import site_prefix


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in {"href", "src"} and value:
                self.found.append(value)


SITE_PATH = site_prefix(Path(__file__).resolve().parents[2])  # 404.html links absolutely, under it


def resolve(site: Path, page: Path, link: str) -> Path | None:
    """The file a link inside the site points at, or None for links that leave the site."""
    parsed = urlparse(link)
    if parsed.scheme or parsed.netloc or link.startswith(("#", "mailto:", "data:", "javascript:")):
        return None
    path = unquote(parsed.path)
    if path.startswith("/"):
        assert path.startswith(SITE_PATH), f"{page}: {link} is outside the site"
        target = site / path.removeprefix(SITE_PATH)
    else:
        target = (page.parent / path).resolve() if path else page
    if target.is_dir():
        target = target / "index.html"
    return target


def test_every_internal_link_resolves(built_site: Path):
    """No relative href or src in any page points at a missing file."""
    broken = []
    pages = list(built_site.rglob("*.html"))
    for page in pages:
        parser = Links()
        parser.feed(page.read_text())
        for link in parser.found:
            target = resolve(built_site, page, link)
            if target is not None and not target.exists():
                broken.append(f"{page.relative_to(built_site)} -> {link}")
    assert (built_site / "index.html") in pages  # the pages were found at all
    assert broken == []
