"""Monte Carlo, sampling with and without replacement, the bootstrap, conditional probability."""

from fractions import Fraction

import numpy as np


def estimate_pi(n, rng):
    """Throw n points into the unit square; 4 x the share inside the quarter circle estimates pi."""
    x, y = rng.uniform(size=n), rng.uniform(size=n)
    return 4.0 * np.mean(x**2 + y**2 <= 1.0)


def monte_carlo_errors(ns, repeats=50, seed=0):
    """Root-mean-square error of estimate_pi over `repeats` runs, for each sample size in ns."""
    rng = np.random.default_rng(seed)
    errors = []
    for n in ns:
        estimates = np.array([estimate_pi(n, rng) for _ in range(repeats)])
        errors.append(float(np.sqrt(np.mean((estimates - np.pi) ** 2))))
    return np.array(errors)


def sample_with_replacement(population, k, rng):
    """k independent picks: every pick can land on any item, the same one again included."""
    population = list(population)
    return [population[i] for i in rng.integers(0, len(population), size=k)]


def sample_without_replacement(population, k, rng):
    """Partial Fisher-Yates shuffle: swap a random not-yet-picked item into place j, k times."""
    items = list(population)
    if k > len(items):
        raise ValueError(f"cannot pick {k} items from {len(items)} without replacement")
    for j in range(k):
        swap = int(rng.integers(j, len(items)))
        items[j], items[swap] = items[swap], items[j]
    return items[:k]


def simulate_draws(n_items, k, trials, rng, replace):
    """Indices of k draws from n_items, for many trials at once (one row per trial).

    Without replacement, draw j picks a rank among the n_items - j items left, then
    walks up past the items already taken (in increasing order) to find which one it is.
    """
    if replace:
        return rng.integers(0, n_items, size=(trials, k))
    drawn = np.empty((trials, k), dtype=np.int64)
    for j in range(k):
        pick = rng.integers(0, n_items - j, size=trials)
        for taken in np.sort(drawn[:, :j], axis=1).T:
            pick += pick >= taken
        drawn[:, j] = pick
    return drawn


def bootstrap(data, statistic, n_resamples=2000, seed=0):
    """The statistic of n_resamples full-size resamples of the data, drawn with replacement."""
    data = np.asarray(data, dtype=float)
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, len(data), size=(n_resamples, len(data)))
    return statistic(data[rows], axis=1)


def percentile_interval(boot_stats, level=0.95):
    """The middle `level` share of the bootstrap statistics: cut (1 - level) / 2 from each tail."""
    tail = 100 * (1 - level) / 2
    low, high = np.percentile(boot_stats, [tail, 100 - tail])
    return float(low), float(high)


def normal_interval(data, z=1.96):
    """Normal-theory interval for the mean: mean plus or minus z standard errors."""
    data = np.asarray(data, dtype=float)
    centre = data.mean()
    standard_error = data.std(ddof=1) / np.sqrt(len(data))
    return float(centre - z * standard_error), float(centre + z * standard_error)


def two_dice():
    """All 36 equally likely (first, second) outcomes of rolling two dice."""
    return [(a, b) for a in range(1, 7) for b in range(1, 7)]


def probability(event, outcomes):
    """Exact probability by counting: favourable outcomes over all outcomes."""
    return Fraction(sum(1 for o in outcomes if event(*o)), len(outcomes))


def conditional_probability(event, given, outcomes):
    """P(event | given) by counting: keep only the outcomes where `given` holds, then count."""
    kept = [o for o in outcomes if given(*o)]
    if not kept:
        raise ValueError("the condition never happens, so nothing can be conditioned on it")
    return Fraction(sum(1 for o in kept if event(*o)), len(kept))


def simulate_conditional(event, given, trials=100_000, seed=0):
    """P(event | given) from `trials` rolls of two dice, keeping the rolls where `given` holds."""
    rng = np.random.default_rng(seed)
    first, second = rng.integers(1, 7, size=(2, trials))
    condition = given(first, second)
    return float(np.mean(event(first[condition], second[condition])))


def plot_monte_carlo_errors(ns, errors):
    """Log-log plot of the Monte Carlo error against n, with the 1/sqrt(n) slope for reference."""
    import matplotlib.pyplot as plt

    ns = np.asarray(ns, dtype=float)
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.loglog(ns, errors, "o-", label="measured RMS error")
    reference = errors[0] * np.sqrt(ns[0] / ns)
    ax.loglog(ns, reference, "--", color="tab:red", label="slope of 1/sqrt(n)")
    ax.set_xlabel("number of points n")
    ax.set_ylabel("error of the pi estimate")
    ax.set_title("Monte Carlo error shrinks like 1/sqrt(n)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    return fig


def plot_bootstrap(boot_means, boot_medians, data):
    """Bootstrap distributions of the mean and the median, with their 95% intervals marked."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(8, 3.2))
    for ax, stats, name, sample_value in [
        (axes[0], boot_means, "mean", np.mean(data)),
        (axes[1], boot_medians, "median", np.median(data)),
    ]:
        ax.hist(stats, bins=40, alpha=0.5, label=f"bootstrap {name}s")
        low, high = percentile_interval(stats)
        for edge in (low, high):
            ax.axvline(edge, color="tab:red", lw=1.5)
        ax.axvline(sample_value, color="black", lw=1, ls=":", label=f"sample {name}")
        ax.set_title(f"Bootstrap {name}: 95% interval {low:.1f} to {high:.1f}")
        ax.set_xlabel("minutes")
    low, high = normal_interval(data)
    for edge in (low, high):
        axes[0].axvline(edge, color="tab:green", lw=1.5, ls="--")
    axes[0].plot([], [], color="tab:red", label="percentile interval")
    axes[0].plot([], [], color="tab:green", ls="--", label="normal-theory interval")
    axes[0].legend(loc="upper left", fontsize="x-small")
    fig.tight_layout()
    return fig
