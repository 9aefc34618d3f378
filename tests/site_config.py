"""Settings the tests read from mkdocs.yml, so changing them there is enough."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def configured_site_url() -> str:
    """site_url from mkdocs.yml, the one place an author sets it."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # ignore !!python tags
    url = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=Loader)["site_url"]
    return url if url.endswith("/") else url + "/"
