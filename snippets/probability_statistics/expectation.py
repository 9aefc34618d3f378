"""Expectation from scratch: indicators, variance of sums and means, total expectation, LLN, CLT, Cauchy."""

import itertools
import math
from fractions import Fraction

import numpy as np

# Means of n exponential draws, from the distributions note: the same skewed waits, reused.
from snippets.probability_statistics.distributions import sample_means  # noqa: F401
from snippets.probability_statistics.hypothesis_tests import normal_cdf


def random_permutations(n, size, rng):
    """`size` uniformly random orderings of 0..n-1, one per row (the ranks of random numbers)."""
    return np.argsort(rng.random((size, n)), axis=1)


def fixed_points(perms):
    """How many positions i of each permutation (row) hold i itself."""
    perms = np.asarray(perms)
    return (perms == np.arange(perms.shape[-1])).sum(axis=-1)


def exact_fixed_point_moments(n):
    """(mean, variance) of the number of fixed points over all n! permutations, as exact fractions."""
    counts = [sum(p[i] == i for i in range(n)) for p in itertools.permutations(range(n))]
    total = math.factorial(n)
    mean = Fraction(sum(counts), total)
    return mean, Fraction(sum(c * c for c in counts), total) - mean**2


def variance(x, ddof=0):
    """Average squared distance from the mean (divided by n - ddof)."""
    x = np.asarray(x, dtype=float)
    return float(((x - x.mean()) ** 2).sum() / (x.size - ddof))


def covariance(x, y, ddof=0):
    """Average product of the two variables' distances from their means (divided by n - ddof)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return float(((x - x.mean()) * (y - y.mean())).sum() / (x.size - ddof))


def variance_of_mean(sigma2, n, rho=0.0):
    """Var of the mean of n draws with variance sigma2 and pairwise correlation rho.

    (sigma2 / n) * (1 + (n - 1) * rho): sigma2 / n when independent, never below rho * sigma2.
    """
    return sigma2 / n * (1 + (n - 1) * rho)


def equicorrelated_draws(n, rho, size, rng):
    """`size` rows of n standard normal draws, every pair with correlation rho (0 <= rho <= 1).

    Each draw is sqrt(rho) times a shared part plus sqrt(1 - rho) times a part of its own.
    """
    if not 0 <= rho <= 1:
        raise ValueError(f"rho must be between 0 and 1, got {rho}")
    shared = rng.standard_normal((size, 1))
    own = rng.standard_normal((size, n))
    return math.sqrt(rho) * shared + math.sqrt(1 - rho) * own


def dice_then_coins_distribution():
    """Exact P(H = h) when I roll a die to get N, then flip N fair coins and count heads H."""
    probs = {}
    for n in range(1, 7):
        for h in range(n + 1):
            probs[h] = probs.get(h, 0) + Fraction(1, 6) * Fraction(math.comb(n, h), 2**n)
    return probs


def exact_moments(probs):
    """(mean, variance) of a distribution given as {value: probability}."""
    mean = sum(value * p for value, p in probs.items())
    return mean, sum((value - mean) ** 2 * p for value, p in probs.items())


def simulate_dice_then_coins(size, rng):
    """(N, H) for `size` runs of the two-stage experiment: a die roll, then that many coin flips."""
    rolls = rng.integers(1, 7, size=size)
    return rolls, rng.binomial(rolls, 0.5)


def flips_until_two_heads(size, rng):
    """How many fair coin flips each of `size` runs needs to see two heads in a row."""
    flips = np.zeros(size, dtype=int)
    streak = np.zeros(size, dtype=int)
    running = np.ones(size, dtype=bool)
    while running.any():
        heads = rng.random(running.sum()) < 0.5
        flips[running] += 1
        streak[running] = np.where(heads, streak[running] + 1, 0)
        running &= streak < 2
    return flips


def chebyshev_bound(sigma2, n, eps):
    """sigma2 / (n eps^2): Chebyshev's cap on P(|mean - mu| >= eps), capped at 1."""
    return min(1.0, sigma2 / (n * eps**2))


def clt_tail(sigma, n, eps):
    """2 (1 - Phi(eps sqrt(n) / sigma)): the central limit theorem's P(|mean - mu| >= eps)."""
    return 2 * normal_cdf(-eps * math.sqrt(n) / sigma)


def running_mean(x):
    """The mean of the first k values, for every k."""
    x = np.asarray(x, dtype=float)
    return np.cumsum(x) / np.arange(1, x.size + 1)


def cauchy_draws(size, rng):
    """Standard Cauchy draws, tan(pi (U - 1/2)) for uniform U: the inverse of its distribution function."""
    return np.tan(np.pi * (rng.random(size) - 0.5))


def interquartile_range(x, axis=None):
    """The width of the middle half: 75th percentile minus 25th."""
    low, high = np.percentile(x, [25, 75], axis=axis)
    return high - low


def plot_running_means(waits, cauchy, title):
    """Running means of exponential waits (settling at 1) and of Cauchy draws (never settling)."""
    import matplotlib.pyplot as plt

    k = np.arange(1, len(waits) + 1)
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.4))
    for ax, values, centre, colour, name in [
        (axes[0], waits, 1.0, "tab:blue", "exponential waits: settles at 1"),
        (axes[1], cauchy, 0.0, "tab:red", "Cauchy draws: never settles"),
    ]:
        ax.plot(k, running_mean(values), color=colour, linewidth=1)
        ax.axhline(centre, color="black", linestyle="--", linewidth=1)
        ax.set_xscale("log")
        ax.set_xlabel("number of draws averaged")
        ax.set_title(name, fontsize=10)
        ax.grid(True, alpha=0.3)
    axes[0].set_ylabel("running mean")
    fig.suptitle(title)
    fig.tight_layout()
    return fig
