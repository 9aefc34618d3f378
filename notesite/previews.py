"""Link-preview images: a 1200 x 630 PNG for every note, post and notebook (and the home
page), showing its title and the site's name, drawn when the site is built.

Drawn with Pillow and the DejaVu fonts that matplotlib ships, so nothing comes from the
network. An image depends only on what it shows, so it is kept in the cache under a hash
of that: an unchanged page does not draw its image again. Also the feeds' channel image,
which RSS wants as a PNG, not the theme's SVG logo.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

WIDTH, HEIGHT = 1200, 630
FEED_LOGO_SIZE = 144  # RSS's largest channel image width
BACKGROUND = (26, 35, 126)  # Material's indigo 900: white text on it passes contrast checks
ACCENT = (121, 134, 203)  # indigo 300
FOREGROUND = (255, 255, 255)
MARGIN = 80
SECTION = "assets/notesite/previews"
DRAWING = "4"  # bump when the drawing below changes, so cached images are drawn again


@functools.cache
def _font(bold: bool, size: int):
    import matplotlib
    from PIL import ImageFont

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name), size)


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _blend(start: tuple[int, ...], end: tuple[int, ...], steps: int) -> list[int]:
    return [round(a + (b - a) * i / (steps - 1)) for i in range(steps) for a, b in zip(start, end)]


# The images hold three colours and the anti-aliased edges between the background and
# each of the other two, so they are palette images: indexes 0-127 go from the
# background to the accent, 128-255 from the background to white. A palette PNG
# encodes several times faster than an RGB one, and is smaller.
_PALETTE = _blend(BACKGROUND, ACCENT, 128) + _blend(BACKGROUND, FOREGROUND, 128)
_WHITE_INDEX = [0] + [128 + round(c * 127 / 255) for c in range(1, 256)]
_ACCENT = 127  # drawn on the background (index 0), text edges blend to indexes 1-126


def _canvas(width: int, height: int):
    """An image to draw the white text on (fill=255, on black: its coverage)."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (width, height))
    return image, ImageDraw.Draw(image)


def _in_palette(image):
    """The white text's coverage as palette indexes, ready for the accent to be drawn on
    the background around it (where nothing white is)."""
    from PIL import ImageDraw

    image = image.point(_WHITE_INDEX)
    return image, ImageDraw.Draw(image)


def _png(image) -> bytes:
    image.putpalette(_PALETTE)  # an "L" image with a palette becomes a "P" image
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)  # 19 kB in 1.6 ms; level 9: 13 kB in 22
    return out.getvalue()


def draw_card(title: str, site_name: str, label: str) -> bytes:
    """The preview image as PNG bytes: the label (Note, Post, Notebook) above the title,
    the site's name at the foot."""
    image, white = _canvas(WIDTH, HEIGHT)
    # The largest size at which the title fits in four lines.
    for size in (72, 64, 56, 48, 40):
        font = _font(True, size)
        lines = _wrap(white, title, font, WIDTH - 2 * MARGIN)
        if len(lines) <= 4:
            break
    lines = lines[:4]
    y = MARGIN + 70
    for line in lines:
        white.text((MARGIN, y), line, font=font, fill=255)
        y += int(size * 1.25)
    white.text((MARGIN, HEIGHT - MARGIN - 36), site_name, font=_font(False, 34), fill=255)
    image, accent = _in_palette(image)
    accent.rectangle([0, HEIGHT - 24, WIDTH, HEIGHT], fill=_ACCENT)
    accent.text((MARGIN, MARGIN), label.upper(), font=_font(True, 30), fill=_ACCENT)
    return _png(image)


def draw_feed_logo(site_name: str) -> bytes:
    """A square PNG with the site's initials, for feeds' channel image."""
    image, white = _canvas(FEED_LOGO_SIZE, FEED_LOGO_SIZE)
    initials = "".join(word[0] for word in site_name.split() if word[:1].isalnum())[:3].upper()
    font = _font(True, 56 if len(initials) < 3 else 44)
    white.text(
        (FEED_LOGO_SIZE / 2, FEED_LOGO_SIZE / 2),
        initials or "?",
        font=font,
        fill=255,
        anchor="mm",
    )
    return _png(_in_palette(image)[0])


DRAWINGS = {"draw_card": draw_card, "draw_feed_logo": draw_feed_logo}


def _save(target: Path, cached: Path | None, data: bytes) -> None:
    target.write_bytes(data)
    if cached is not None:
        try:  # atomically, beside the entry; a cache that cannot be written is skipped
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_name(f".tmp-{os.getpid()}-{cached.name}")
            partial.write_bytes(data)
            os.replace(partial, cached)
        except OSError:
            pass


def serve_drawings() -> None:
    """The drawing process: one JSON request a line on stdin, until it closes; the first
    failure ends it, with the error on stderr."""
    for line in sys.stdin:
        request = json.loads(line)
        data = DRAWINGS[request["draw"]](*request["what"])
        cached = request["cached"]
        _save(Path(request["target"]), Path(cached) if cached else None, data)


class Previews:
    """Draws (or takes from the cache) each page's image into the site.

    Images are drawn by a process of their own while MkDocs renders the pages' templates,
    which leaves a core idle (in the build's process, drawing slowed the templates down);
    `finish()` waits for it and raises when a drawing failed."""

    def __init__(self, site_dir: Path, cache_dir: Path | None) -> None:
        self.site_dir = site_dir
        self.cache_dir = cache_dir
        self.drawn = 0
        self.reused = 0
        self._drawer: subprocess.Popen | None = None

    def write(self, name: str, draw, *what: str) -> str:
        """The image's path in the site (SECTION/<name>.png), drawn by `draw(*what)` unless
        the cache holds the image for exactly `what`; written before `finish()` returns."""
        key = hashlib.sha256("\0".join([DRAWING, draw.__name__, *what]).encode()).hexdigest()
        target = self.site_dir / SECTION / f"{name}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        cached = self.cache_dir / f"{key}.png" if self.cache_dir else None
        if cached is not None and cached.is_file():
            shutil.copyfile(cached, target)
            self.reused += 1
            return f"{SECTION}/{name}.png"
        request = {"draw": draw.__name__, "what": what, "target": str(target)}
        request["cached"] = str(cached) if cached else None
        self.drawn += 1
        try:
            self._start().stdin.write(json.dumps(request) + "\n")
        except BrokenPipeError:
            pass  # the drawer has failed: finish() reports why
        return f"{SECTION}/{name}.png"

    def _start(self) -> subprocess.Popen:
        if self._drawer is None:
            # notesite importable in the child wherever it comes from (installed, or a
            # folder beside mkdocs.yml).
            package_parent = str(Path(__file__).resolve().parent.parent)
            path = os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")]))
            self._drawer = subprocess.Popen(
                [sys.executable, "-c", "from notesite.previews import serve_drawings as s; s()"],
                stdin=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                bufsize=1,  # a line at a time: each image is drawn as soon as it is asked for
                # Pillow keeps freed image memory for the next image instead of handing it
                # back and faulting it in again (892 page faults per image, 196 with).
                env={**os.environ, "PYTHONPATH": path, "PILLOW_BLOCKS_MAX": "8"},
            )
        return self._drawer

    def finish(self) -> None:
        """Wait for every image asked for; a drawing that failed raises here."""
        drawer, self._drawer = self._drawer, None
        if drawer is None:
            return
        _, problem = drawer.communicate()  # closes its stdin: the drawer ends when done
        problem = problem.strip()
        if drawer.returncode != 0:
            last = problem.splitlines()[-1] if problem else f"exit code {drawer.returncode}"
            raise RuntimeError(f"notesite: drawing the link previews failed: {last}")
