"""Entropy, cross-entropy and KL divergence from scratch, and the softmax + cross-entropy gradient.

Distributions are arrays of probabilities along the last axis. Logs are natural (nats)
unless `base` is given: base=2 gives bits.
"""

import numpy as np

# Central differences, to check the softmax gradient: the calculus notes' own helper.
from snippets.calculus.gradients import numerical_gradient  # noqa: F401


def _in_base(value, base):
    """Convert nats to another base, and return a plain float for a single distribution."""
    if base is not None:
        value = value / np.log(base)
    return float(value) if np.ndim(value) == 0 else value


def surprise(p, base=None):
    """-log p: how surprised I am by an outcome that had probability p."""
    return _in_base(-np.log(np.asarray(p, dtype=float)), base)


def entropy(p, base=None):
    """H(p) = -sum p log p, the average surprise, with 0 log 0 taken as 0."""
    p = np.asarray(p, dtype=float)
    terms = np.zeros(p.shape)
    seen = p > 0
    terms[seen] = p[seen] * np.log(p[seen])
    return _in_base(-terms.sum(axis=-1), base)


def cross_entropy(p, q, base=None):
    """H(p, q) = -sum p log q: average surprise when outcomes follow p but I expect q.

    Infinite when q gives probability 0 to an outcome that p can produce.
    """
    p, q = np.broadcast_arrays(np.asarray(p, dtype=float), np.asarray(q, dtype=float))
    terms = np.zeros(p.shape)
    seen = p > 0
    terms[seen & (q == 0)] = np.inf
    ok = seen & (q > 0)
    terms[ok] = -p[ok] * np.log(q[ok])
    return _in_base(terms.sum(axis=-1), base)


def kl_divergence(p, q, base=None):
    """KL(p || q) = sum p log(p / q): the extra surprise from expecting q when p is true."""
    p, q = np.broadcast_arrays(np.asarray(p, dtype=float), np.asarray(q, dtype=float))
    terms = np.zeros(p.shape)
    seen = p > 0
    terms[seen & (q == 0)] = np.inf
    ok = seen & (q > 0)
    terms[ok] = p[ok] * (np.log(p[ok]) - np.log(q[ok]))
    return _in_base(terms.sum(axis=-1), base)


def jensen_sides(f, values, probs):
    """(f(E[X]), E[f(X)]) for X taking `values` with probabilities `probs`."""
    values, probs = np.asarray(values, dtype=float), np.asarray(probs, dtype=float)
    return float(f(probs @ values)), float(probs @ f(values))


def logsumexp(z):
    """log sum exp z along the last axis, with the largest entry taken out first so exp never overflows."""
    z = np.asarray(z, dtype=float)
    top = z.max(axis=-1, keepdims=True)
    return (top + np.log(np.exp(z - top).sum(axis=-1, keepdims=True))).squeeze(-1)


def log_softmax(z):
    """log softmax(z) = z - logsumexp(z), without ever taking the log of a rounded-off 0."""
    z = np.asarray(z, dtype=float)
    return z - logsumexp(z)[..., None]


def softmax(z):
    """e^z_k / sum_j e^z_j along the last axis: scores (logits) in, probabilities out."""
    return np.exp(log_softmax(z))


def one_hot(labels, k):
    """Rows of zeros with a 1 in each label's column."""
    return np.eye(k)[np.asarray(labels)]


def _check_targets(y):
    y = np.asarray(y, dtype=float)
    if np.any(y < 0) or not np.allclose(y.sum(axis=-1), 1.0):
        raise ValueError("targets must be probability distributions: non-negative, summing to 1")
    return y


def softmax_cross_entropy(z, y):
    """Cross-entropy between the targets y and softmax(z), averaged over the rows of a batch."""
    y = _check_targets(y)
    losses = -(y * log_softmax(z)).sum(axis=-1)
    return float(np.mean(losses))


def softmax_cross_entropy_gradient(z, y):
    """The gradient of softmax_cross_entropy with respect to the logits: (p - y) / rows."""
    y = _check_targets(y)
    p = softmax(z)
    rows = 1 if p.ndim == 1 else p.shape[0]
    return (p - y) / rows


def gaussian_on_grid(x, mu, sigma):
    """A normal density evaluated on the grid x and rescaled to sum to 1: a discrete stand-in."""
    x = np.asarray(x, dtype=float)
    weights = np.exp(-0.5 * ((x - mu) / sigma) ** 2)
    return weights / weights.sum()


def fit_gaussian_by_kl(p, x, mus, sigmas, direction):
    """The (mu, sigma, KL) on the grid of mus and sigmas whose Gaussian q is closest to p.

    direction="forward" minimises KL(p || q); direction="reverse" minimises KL(q || p).
    """
    if direction not in ("forward", "reverse"):
        raise ValueError(f"direction must be 'forward' or 'reverse', got {direction!r}")
    mus = np.asarray(mus, dtype=float)
    best = (np.nan, np.nan, np.inf)
    for sigma in sigmas:
        qs = np.stack([gaussian_on_grid(x, mu, sigma) for mu in mus])
        kls = kl_divergence(p, qs) if direction == "forward" else kl_divergence(qs, p)
        i = int(np.argmin(kls))
        if kls[i] < best[2]:
            best = (float(mus[i]), float(sigma), float(kls[i]))
    return best


def plot_kl_fits(x, p, forward, reverse, title):
    """p with the two Gaussians fitted by forward and by reverse KL; fits are (mu, sigma, KL)."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    ax.fill_between(x, p, color="tab:grey", alpha=0.35, label="p: two bumps")
    for (mu, sigma, _), colour, name in [
        (forward, "tab:blue", "q minimising KL(p || q)"),
        (reverse, "tab:red", "q minimising KL(q || p)"),
    ]:
        q = gaussian_on_grid(x, mu, sigma)
        ax.plot(x, q, color=colour, label=f"{name}: mean {mu:.2f}, sd {sigma:.2f}")
    ax.set_xlim(-8, 8)
    ax.set_ylim(0, 1.4 * ax.get_ylim()[1])  # room for the legend above the curves
    ax.set_xlabel("x")
    ax.set_ylabel("probability per grid point")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper right", fontsize=8)
    ax.set_title(title)
    return fig
