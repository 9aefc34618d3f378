"""The SVG helper: deterministic bytes, alt text, closed figures."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from notesite.figures import svg


def draw(title="A sine wave"):
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot(np.linspace(0, 6, 50), np.sin(np.linspace(0, 6, 50)))
    ax.set_title(title)
    return fig


def test_same_figure_gives_same_bytes():
    """Two renders of the same figure are byte-identical (fixed ids, no date)."""
    assert svg(draw()) == svg(draw())


def test_title_becomes_the_alt_text_and_figure_is_closed():
    """The image carries alt text for screen readers and the figure is closed."""
    fig = draw("Loss against epoch")
    markup = svg(fig)
    assert markup.startswith('<img class="plot" alt="Loss against epoch"')
    assert not plt.fignum_exists(fig.number)


def test_a_plot_without_title_or_alt_is_refused():
    """A plot nobody described is an error, not an unlabelled image."""
    with pytest.raises(ValueError, match="needs a description"):
        svg(draw(title=""))
