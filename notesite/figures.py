"""Matplotlib figures as SVG images: the one helper every note uses for plots."""

from __future__ import annotations

import base64
import html
import io
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

# Fixed salt and no date: two builds of the same figure give the same bytes.
_SVG_SETTINGS = {"svg.hashsalt": "notesite", "svg.fonttype": "path"}


def _title_of(fig) -> str:
    titles = [fig.get_suptitle()] if fig.get_suptitle() else []
    titles += [ax.get_title() for ax in fig.axes if ax.get_title()]
    return "; ".join(titles)


def svg(fig=None, alt: str | None = None) -> str:
    """Return `fig` (default: the current figure) as an SVG image tag, and close it.

    Print the result from a block with `html="on"`. `alt` describes the plot for screen
    readers; without it, the figure's titles are used. The SVG travels inside the tag as a
    data URI; the build then moves it into its own file (see plots.py), so a page carries
    one element per plot, not hundreds, and browsers cache and lazy-load plots.
    """
    fig = plt.gcf() if fig is None else fig
    alt = alt or _title_of(fig)
    if not alt:
        plt.close(fig)
        raise ValueError("a plot needs a description: give the axes a title or pass alt='...'")
    buffer = io.StringIO()
    with plt.rc_context(_SVG_SETTINGS):
        fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    plt.close(fig)
    markup = buffer.getvalue()
    # Matplotlib sizes the SVG in points; the tag wants CSS pixels (4/3 of a point).
    width, height = (
        round(float(re.search(rf'{side}="([\d.]+)pt"', markup).group(1)) * 4 / 3)
        for side in ("width", "height")
    )
    data = base64.b64encode(markup.encode()).decode()
    label = html.escape(alt, quote=True)
    return f'<img class="plot" alt="{label}" width="{width}" height="{height}" src="data:image/svg+xml;base64,{data}">'
