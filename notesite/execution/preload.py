"""Imported once by the server that page workers fork from: what nearly every page needs,
so no page pays for it."""

import matplotlib

matplotlib.use("Agg")  # headless, whatever MPLBACKEND the author's shell has
import matplotlib.pyplot  # noqa: E402,F401
import numpy  # noqa: E402,F401

import notesite.execution.worker  # noqa: E402,F401
