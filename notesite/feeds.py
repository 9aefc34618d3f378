"""Feeds that validate: what mkdocs-rss-plugin writes, corrected where its fixed template
breaks the formats' rules (it has no option for these).

RSS 2.0 wants an e-mail address in `managingEditor` and `author`; the plugin writes the
author's name. A name goes in `dc:creator` (the template already declares the Dublin Core
namespace), and a channel editor without an address is left out. JSON Feed 1.1 wants a
string or no key at all, never null.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

EMAIL = re.compile(r"^\S+@\S+")
MANAGING_EDITOR = re.compile(r"[ \t]*<managingEditor>(?P<value>[^<]*)</managingEditor>\n?")
AUTHOR = re.compile(r"<author>(?P<value>[^<]*)</author>")


def fix_rss(text: str) -> str:
    text = MANAGING_EDITOR.sub(
        lambda m: m.group(0) if EMAIL.match(m["value"].strip()) else "", text
    )
    return AUTHOR.sub(
        lambda m: (
            m.group(0)
            if EMAIL.match(m["value"].strip())
            else f"<dc:creator>{m['value'].strip()}</dc:creator>"
        ),
        text,
    )


def _without_nulls(value):
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def fix_json(text: str) -> str:
    return json.dumps(_without_nulls(json.loads(text)), ensure_ascii=False)


def fix_feeds(site_dir: Path, rss_config) -> list[str]:
    """Correct the feeds the RSS plugin wrote; the names of those corrected."""
    names = rss_config.feeds_filenames
    fixed = []
    for name, fix in [
        (names.rss_created, fix_rss),
        (names.rss_updated, fix_rss),
        (names.json_created, fix_json),
        (names.json_updated, fix_json),
    ]:
        path = site_dir / name
        if path.is_file():
            path.write_text(fix(path.read_text(encoding="utf-8")), encoding="utf-8")
            fixed.append(name)
    return fixed
