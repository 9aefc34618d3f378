"""Derivatives and gradients by finite differences: nudge the input, watch the output."""

import numpy as np


def numerical_derivative(f, x, h=1e-5, method="central"):
    """Slope of f at x from two nearby points: (f(x+h) - f(x-h)) / 2h, or (f(x+h) - f(x)) / h."""
    if method == "central":
        return (f(x + h) - f(x - h)) / (2 * h)
    if method == "forward":
        return (f(x + h) - f(x)) / h
    raise ValueError(f"method must be 'central' or 'forward', got {method!r}")


def numerical_gradient(f, x, h=1e-5):
    """Central-difference partial derivative along each axis, one coordinate at a time."""
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    for i in range(x.size):
        step = np.zeros_like(x)
        step.flat[i] = h
        grad.flat[i] = (f(x + step) - f(x - step)) / (2 * h)
    return grad


def directional_derivative(f, x, direction, h=1e-5):
    """How fast f changes as x moves along the unit vector u: the slope of t -> f(x + t u) at 0."""
    x = np.asarray(x, dtype=float)
    u = np.asarray(direction, dtype=float)
    u = u / np.linalg.norm(u)
    return numerical_derivative(lambda t: f(x + t * u), 0.0, h)


def difference_errors(f, df, x, hs):
    """Absolute errors of forward and central differences against the true slope df(x), per h."""
    forward = np.array([abs(numerical_derivative(f, x, h, "forward") - df(x)) for h in hs])
    central = np.array([abs(numerical_derivative(f, x, h, "central") - df(x)) for h in hs])
    return forward, central


def plot_difference_errors(f, df, x, title):
    """Log-log plot of forward vs central difference error as the step h shrinks."""
    import matplotlib.pyplot as plt

    hs = np.logspace(-13, -1, 49)
    forward, central = difference_errors(f, df, x, hs)
    # A difference that happens to be exact has error 0, which a log axis cannot show.
    floor = np.finfo(float).eps * abs(df(x))
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.loglog(hs, np.maximum(forward, floor), "o-", ms=3, label="forward difference")
    ax.loglog(hs, np.maximum(central, floor), "s-", ms=3, label="central difference")
    ax.loglog(hs, hs, ":", color="grey", label="slope 1: error ~ h")
    ax.loglog(hs, hs**2, "--", color="grey", label="slope 2: error ~ h²")
    ax.set_ylim(1e-13, 1)
    ax.set_xlabel("step h")
    ax.set_ylabel("absolute error of the slope")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(loc="upper center", fontsize=8)
    ax.set_title(title)
    return fig
