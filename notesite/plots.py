"""Move the plots that figures.svg() inlines as data URIs into files of their own.

Each SVG is written once to assets/plots/<hash>.svg (the hash of its bytes, so two
builds give the same names) and the page links to it, lazily loaded.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from mkdocs.utils import get_relative_url

PLOT = re.compile(
    r'<img class="plot" (?P<attrs>[^>]*?)src="data:image/svg\+xml;base64,(?P<data>[A-Za-z0-9+/=]+)">'
)
FOLDER = "assets/plots"


def extract(page_html: str, page_url: str, site_dir: Path) -> str:
    """The page with each inlined plot written to a file and linked instead."""

    def move(match: re.Match) -> str:
        svg = base64.b64decode(match["data"])
        name = f"{FOLDER}/{hashlib.sha256(svg).hexdigest()[:20]}.svg"
        target = site_dir / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(svg)
        src = get_relative_url(name, page_url)
        return f'<img class="plot" {match["attrs"]}loading="lazy" decoding="async" src="{src}">'

    return PLOT.sub(move, page_html)
