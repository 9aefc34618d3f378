"""How `make test` gets its browser: from $CHROMIUM, the PATH, or a clear refusal."""

from __future__ import annotations

import pytest

from notesite import browser


def test_chromium_variable_wins(tmp_path, monkeypatch):
    """$CHROMIUM names the browser when it exists; when it does not, that is the error."""
    chrome = tmp_path / "my-chrome"
    chrome.write_text("#!/bin/sh\n")
    monkeypatch.setenv("CHROMIUM", str(chrome))
    assert browser.provide() == chrome
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "missing"))
    with pytest.raises(SystemExit, match="does not exist"):
        browser.provide()


def test_a_browser_on_the_path_is_found(tmp_path, monkeypatch):
    """Without $CHROMIUM, a chromium on the PATH is used before anything is installed."""
    (tmp_path / "chromium").write_text("#!/bin/sh\n")
    (tmp_path / "chromium").chmod(0o755)
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert browser.provide() == tmp_path / "chromium"


def test_no_browser_and_no_way_to_install_one_says_what_to_do(tmp_path, monkeypatch):
    """Nothing found, the installer fails, no apt-get: one line saying what to install."""
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no browser, no apt-get
    monkeypatch.setattr(browser, "PLAYWRIGHT_CACHE", tmp_path / "none")
    monkeypatch.setattr(browser, "_run", lambda command: False)
    with pytest.raises(SystemExit, match="apt-get install chromium"):
        browser.provide()
