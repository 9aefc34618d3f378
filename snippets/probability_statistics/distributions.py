"""Normal, binomial and uniform distributions from scratch; the central limit theorem simulated."""

import math

import numpy as np


def normal_pdf(x, mu=0.0, sigma=1.0):
    """Height of the bell curve at x: exp(-(x - mu)^2 / (2 sigma^2)) / (sigma sqrt(2 pi))."""
    if sigma <= 0:
        raise ValueError(f"sigma must be positive, got {sigma}")
    z = (np.asarray(x, dtype=float) - mu) / sigma
    return np.exp(-0.5 * z**2) / (sigma * math.sqrt(2 * math.pi))


def binomial_pmf(k, n, p):
    """Probability of exactly k successes in n independent tries that each succeed with chance p."""
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"p must be between 0 and 1, got {p}")
    if k < 0 or k > n:
        return 0.0
    # Python's 0 ** 0 is 1, so p = 0 and p = 1 need no special case.
    return math.comb(n, k) * p**k * (1 - p) ** (n - k)


def uniform_pdf(x, a=0.0, b=1.0):
    """Flat density: 1 / (b - a) between a and b, zero outside."""
    if b <= a:
        raise ValueError(f"need a < b, got a={a}, b={b}")
    x = np.asarray(x, dtype=float)
    return np.where((x >= a) & (x <= b), 1.0 / (b - a), 0.0)


def sample_means(n, repeats, seed, scale=1.0):
    """Means of n exponential draws (mean and std both `scale`), repeated `repeats` times."""
    rng = np.random.default_rng(seed)
    return rng.exponential(scale, size=(repeats, n)).mean(axis=1)


def skewness(x):
    """Mean cubed z-score: 0 for a symmetric shape, 2 for an exponential."""
    x = np.asarray(x, dtype=float)
    z = (x - x.mean()) / x.std()
    return float(np.mean(z**3))


def draw_samples(seed=0, size=2000):
    """Seeded heights ~ Normal(170, 8), hits ~ Binomial(10, 0.3), waits ~ Uniform(0, 10)."""
    rng = np.random.default_rng(seed)
    heights = rng.normal(170, 8, size=size)
    hits = rng.binomial(10, 0.3, size=size)
    waits = rng.uniform(0, 10, size=size)
    return heights, hits, waits


def plot_samples_against_formulas(heights, hits, waits):
    """Histograms of the three samples with the three formulas drawn on top."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(9, 3))
    grid = np.linspace(140, 200, 200)
    axes[0].hist(heights, bins=30, density=True, alpha=0.5, label="sample")
    axes[0].plot(grid, normal_pdf(grid, 170, 8), color="tab:red", label="formula")
    axes[0].set_title("Normal(170, 8): heights in cm")

    ks = np.arange(11)
    axes[1].bar(ks, np.bincount(hits, minlength=11) / len(hits), alpha=0.5, label="sample")
    axes[1].plot(ks, [binomial_pmf(k, 10, 0.3) for k in ks], "o", color="tab:red", label="formula")
    axes[1].set_xticks(range(0, 11, 2))
    axes[1].set_title("Binomial(10, 0.3): hits in 10 shots")

    grid = np.linspace(-1, 11, 200)
    axes[2].hist(waits, bins=20, density=True, alpha=0.5, label="sample")
    axes[2].plot(grid, uniform_pdf(grid, 0, 10), color="tab:red", label="formula")
    axes[2].set_title("Uniform(0, 10): minutes to wait")

    axes[0].legend(loc="upper left", fontsize="small")
    fig.tight_layout()
    return fig


def plot_clt(ns=(1, 5, 30), repeats=2000, seed=1):
    """Histograms of means of n exponential draws, with the normal curve the CLT predicts."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(ns), figsize=(9, 3.2))
    fig.suptitle("Means of n exponential draws look more normal as n grows")
    for ax, n in zip(axes, ns):
        means = sample_means(n, repeats, seed)
        grid = np.linspace(-1, 4, 200)
        # Weights instead of density=True: the few means beyond 4 still count in the total.
        weights = np.full(repeats, 10.0 / repeats)  # 1 / (repeats * bin width 0.1)
        ax.hist(means, bins=50, range=(-1, 4), weights=weights, alpha=0.5, label="means")
        predicted = normal_pdf(grid, 1.0, 1.0 / math.sqrt(n))
        ax.plot(grid, predicted, color="tab:red", label="Normal(1, 1/sqrt(n))")
        ax.set_title(f"n = {n}")
        ax.set_xlabel("sample mean")
    axes[0].legend(loc="upper right", fontsize="small")
    fig.tight_layout()
    return fig
