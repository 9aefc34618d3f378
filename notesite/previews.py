"""Link-preview images: a 1200 x 630 PNG for every note, post and notebook (and the home
page), showing its title and the site's name, drawn when the site is built.

Drawn with Pillow and the DejaVu fonts that matplotlib ships, so nothing comes from the
network. An image depends only on what it shows, so it is kept in the cache under a hash
of that: an unchanged page does not draw its image again. Also the feeds' channel image,
which RSS wants as a PNG, not the theme's SVG logo.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

WIDTH, HEIGHT = 1200, 630
FEED_LOGO_SIZE = 144  # RSS's largest channel image width
BACKGROUND = (26, 35, 126)  # Material's indigo 900: white text on it passes contrast checks
ACCENT = (121, 134, 203)  # indigo 300
FOREGROUND = (255, 255, 255)
MARGIN = 80
SECTION = "assets/notesite/previews"
DRAWING = "2"  # bump when the drawing below changes, so cached images are drawn again


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


def draw_card(title: str, site_name: str, label: str) -> bytes:
    """The preview image as PNG bytes: the label (Note, Post, Notebook) above the title,
    the site's name at the foot."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, HEIGHT - 24, WIDTH, HEIGHT], fill=ACCENT)
    draw.text((MARGIN, MARGIN), label.upper(), font=_font(True, 30), fill=ACCENT)
    # The largest size at which the title fits in four lines.
    for size in (72, 64, 56, 48, 40):
        font = _font(True, size)
        lines = _wrap(draw, title, font, WIDTH - 2 * MARGIN)
        if len(lines) <= 4:
            break
    lines = lines[:4]
    y = MARGIN + 70
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=FOREGROUND)
        y += int(size * 1.25)
    draw.text((MARGIN, HEIGHT - MARGIN - 36), site_name, font=_font(False, 34), fill=FOREGROUND)
    out = io.BytesIO()
    image.save(out, format="PNG")  # optimize=True: 1 kB less, 3x the time
    return out.getvalue()


def draw_feed_logo(site_name: str) -> bytes:
    """A square PNG with the site's initials, for feeds' channel image."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (FEED_LOGO_SIZE, FEED_LOGO_SIZE), BACKGROUND)
    draw = ImageDraw.Draw(image)
    initials = "".join(word[0] for word in site_name.split() if word[:1].isalnum())[:3].upper()
    font = _font(True, 56 if len(initials) < 3 else 44)
    draw.text(
        (FEED_LOGO_SIZE / 2, FEED_LOGO_SIZE / 2),
        initials or "?",
        font=font,
        fill=FOREGROUND,
        anchor="mm",
    )
    out = io.BytesIO()
    image.save(out, format="PNG")  # optimize=True: 1 kB less, 3x the time
    return out.getvalue()


class Previews:
    """Draws (or takes from the cache) each page's image into the site.

    Drawing happens on a thread while MkDocs renders the next pages' templates: Pillow
    encodes PNGs without holding the GIL, and that part of the build leaves a core idle.
    `finish()` waits for every image and raises the first drawing error."""

    def __init__(self, site_dir: Path, cache_dir: Path | None) -> None:
        self.site_dir = site_dir
        self.cache_dir = cache_dir
        self.drawn = 0
        self.reused = 0
        self._pool: ThreadPoolExecutor | None = None
        self._pending: list[Future] = []

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
        else:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(1, thread_name_prefix="notesite-previews")
            self._pending.append(self._pool.submit(self._draw, target, cached, draw, what))
            self.drawn += 1
        return f"{SECTION}/{name}.png"

    @staticmethod
    def _draw(target: Path, cached: Path | None, draw, what: tuple[str, ...]) -> None:
        data = draw(*what)
        target.write_bytes(data)
        if cached is not None:
            try:  # atomically, beside the entry; a cache that cannot be written is skipped
                cached.parent.mkdir(parents=True, exist_ok=True)
                partial = cached.with_name(f".tmp-{os.getpid()}-{cached.name}")
                partial.write_bytes(data)
                os.replace(partial, cached)
            except OSError:
                pass

    def finish(self) -> None:
        """Wait for every image asked for; a drawing that failed raises here."""
        pending, self._pending = self._pending, []
        try:
            for future in pending:
                future.result()
        finally:
            for future in pending:
                future.cancel()
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None
