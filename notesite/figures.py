"""Matplotlib figures as inline SVG: the one helper every note uses for plots."""

from __future__ import annotations

import io
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# Fixed salt and no date: two builds of the same figure give the same bytes.
_SVG_SETTINGS = {"svg.hashsalt": "notesite", "svg.fonttype": "path"}


def _title_of(fig) -> str:
    titles = [fig._suptitle.get_text()] if getattr(fig, "_suptitle", None) else []
    titles += [ax.get_title() for ax in fig.axes if ax.get_title()]
    return "; ".join(titles)


def svg(fig=None, alt: str | None = None) -> str:
    """Return `fig` (default: the current figure) as inline SVG markup, and close it.

    Print the result from a block with `html="on"`. `alt` describes the plot for
    screen readers; without it, the figure's titles are used.
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
    markup = markup[markup.index("<svg") :]  # drop the XML prolog and doctype
    label = alt.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    markup = re.sub(r"<svg ", f'<svg role="img" aria-label="{label}" class="plot" ', markup, count=1)
    return markup
