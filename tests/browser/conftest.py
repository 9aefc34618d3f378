"""The built site served on localhost, and Chromium driven by Playwright.

Every request to a host other than the local server is recorded and blocked, so
a test can assert that a page needs nothing from anywhere else.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

from notesite.browser import find
from notesite.pages_server import serve, site_prefix

ROOT = Path(__file__).resolve().parents[2]

# `make test` finds or installs one first (notesite/browser.py) and passes it in.
CHROMIUM = os.environ.get("CHROMIUM") or str(find() or "")


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    prefix = site_prefix(ROOT)
    server = serve(built_site, prefix)
    yield f"http://127.0.0.1:{server.server_port}{prefix}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM or not Path(CHROMIUM).exists():
        pytest.fail("no Chromium: run `make test`, which finds or installs one, or set CHROMIUM")
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
        yield browser
        browser.close()


class Visit:
    """A browser tab that records console errors and blocks requests to other hosts."""

    def __init__(self, browser, site_url: str, **context_options) -> None:
        self.site_url = site_url
        self.context = browser.new_context(**context_options)
        self.third_party: list[str] = []
        self.console_errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on(
            "console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None
        )
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))

    def _route(self, route):
        url = route.request.url
        if urlparse(url).netloc == urlparse(self.site_url).netloc or url.startswith(
            ("data:", "blob:")
        ):
            route.continue_()
        else:
            self.third_party.append(url)
            route.abort()

    def open(self, path: str):
        response = self.page.goto(self.site_url + path, wait_until="load")
        # Material renders on the document$ observable after load; give it a beat.
        self.page.wait_for_timeout(150)
        return response


@pytest.fixture
def visit(browser, site_url):
    visits = []

    def make(**context_options) -> Visit:
        v = Visit(browser, site_url, **context_options)
        visits.append(v)
        return v

    yield make
    for v in visits:
        v.context.close()
