"""Imported once by the server that page workers fork from: what nearly every page needs,
done once, so no page pays for it."""

import io

import matplotlib

matplotlib.use("Agg")  # headless, whatever MPLBACKEND the author's shell has
import matplotlib.pyplot as plt
import numpy as np

import notesite.execution.worker
import notesite.figures  # noqa: F401


def _warm_up() -> None:
    """First calls load fonts, glyph caches and LAPACK routines; children inherit them."""
    np.linalg.svd(np.eye(3))
    np.linalg.eigvalsh(np.eye(3))
    np.linalg.solve(np.eye(3), np.ones(3))
    np.random.seed(0)  # the first call costs ~8 ms; each worker seeds again
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    ax.set_title("warm-up 0123456789")
    ax.set_xlabel("x")
    for fmt in ("svg", "png"):
        fig.savefig(io.BytesIO(), format=fmt)
    plt.close(fig)


_warm_up()
