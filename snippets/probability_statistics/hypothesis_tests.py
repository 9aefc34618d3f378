"""Hypothesis tests and confidence intervals from scratch: p-values, power, A/B tests, peeking."""

import math

import numpy as np

_erfc = np.frompyfunc(math.erfc, 1, 1)


def _float_or_array(value):
    value = np.asarray(value, dtype=float)
    return float(value) if value.ndim == 0 else value


def normal_cdf(z):
    """P(Z <= z) for a standard normal Z, from the complementary error function.

    Written with erfc, not 1 + erf, so far-out tails keep their digits instead of rounding to 0.
    """
    z = np.asarray(z, dtype=float)
    return _float_or_array(0.5 * np.asarray(_erfc(-z / math.sqrt(2)), dtype=float))


def normal_sf(z):
    """P(Z > z) for a standard normal Z: the upper tail, also accurate far out."""
    return normal_cdf(-np.asarray(z, dtype=float))


def normal_quantile(q):
    """The z with P(Z <= z) = q, by halving a bracket until it is one number wide.

    It solves in the lower tail, where 1 - q for q near 1 keeps all its digits, and uses
    the normal's symmetry for the upper half.
    """
    q = np.asarray(q, dtype=float)
    if np.any((q <= 0) | (q >= 1)):
        raise ValueError("quantiles are defined for probabilities strictly between 0 and 1")
    tail = np.minimum(q, 1 - q)
    low, high = np.full(q.shape, -40.0), np.zeros(q.shape)
    for _ in range(100):
        middle = (low + high) / 2
        below = np.asarray(normal_cdf(middle)) < tail
        low, high = np.where(below, middle, low), np.where(below, high, middle)
    z = (low + high) / 2
    return _float_or_array(np.where(q > 0.5, -z, z))


def p_value(z, alternative="two-sided"):
    """The chance, if the null is true, of a z statistic at least as extreme as this one."""
    if alternative == "two-sided":
        return _float_or_array(2 * np.asarray(normal_sf(np.abs(z))))
    if alternative == "greater":
        return normal_sf(z)
    if alternative == "less":
        return normal_cdf(z)
    raise ValueError(f"alternative must be 'two-sided', 'greater' or 'less', got {alternative!r}")


def two_proportion_z_test(conversions_a, n_a, conversions_b, n_b, alternative="two-sided"):
    """(z, p) for "the two arms convert at the same rate", with the pooled standard error.

    Works elementwise on arrays of experiments. When no one (or everyone) converted in
    both arms the data cannot tell the arms apart, and z is 0.
    """
    ca, cb = np.asarray(conversions_a, dtype=float), np.asarray(conversions_b, dtype=float)
    na, nb = np.asarray(n_a, dtype=float), np.asarray(n_b, dtype=float)
    pooled = (ca + cb) / (na + nb)
    se = np.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
    gap = cb / nb - ca / na
    z = np.divide(gap, se, out=np.zeros(np.broadcast(gap, se).shape), where=se > 0)
    return _float_or_array(z), p_value(z, alternative)


def difference_interval(conversions_a, n_a, conversions_b, n_b, level=0.95):
    """(low, high): an interval for rate B minus rate A, each arm's variance p(1 - p) / n."""
    pa, pb = np.asarray(conversions_a) / n_a, np.asarray(conversions_b) / n_b
    se = np.sqrt(pa * (1 - pa) / n_a + pb * (1 - pb) / n_b)
    half = normal_quantile(0.5 + level / 2) * se
    return _float_or_array(pb - pa - half), _float_or_array(pb - pa + half)


def simulate_ab_tests(rate_a, rate_b, n, experiments, rng):
    """Conversion counts of each arm in `experiments` A/B tests with n visitors per arm."""
    return rng.binomial(n, rate_a, size=experiments), rng.binomial(n, rate_b, size=experiments)


def simulated_power(rate_a, rate_b, n, alpha=0.05, experiments=10_000, seed=0):
    """Share of simulated two-sided tests with p < alpha: the power, or alpha when the rates are equal."""
    a, b = simulate_ab_tests(rate_a, rate_b, n, experiments, np.random.default_rng(seed))
    return float(np.mean(np.asarray(two_proportion_z_test(a, n, b, n)[1]) < alpha))


def power_normal_approx(rate_a, rate_b, n, alpha=0.05):
    """Power of the two-sided test with n per arm: Phi(|gap| / SE - z_(1 - alpha/2)).

    The far tail, a significant result in the wrong direction, is left out: it is tiny.
    """
    n = np.asarray(n, dtype=float)
    se = np.sqrt((rate_a * (1 - rate_a) + rate_b * (1 - rate_b)) / n)
    return normal_cdf(abs(rate_b - rate_a) / se - normal_quantile(1 - alpha / 2))


def sample_size_per_arm(rate_a, rate_b, alpha=0.05, power=0.8):
    """Visitors per arm for the two-sided test to reach `power`, by the normal approximation."""
    if rate_a == rate_b:
        raise ValueError("equal rates: no sample size can detect a difference of zero")
    z_sum = normal_quantile(1 - alpha / 2) + normal_quantile(power)
    spread = rate_a * (1 - rate_a) + rate_b * (1 - rate_b)
    return math.ceil(z_sum**2 * spread / (rate_b - rate_a) ** 2)


def false_discovery_share(share_null, alpha, power):
    """Of the results with p < alpha, the share whose null was true, by Bayes' theorem."""
    false_alarms = share_null * alpha
    return false_alarms / (false_alarms + (1 - share_null) * power)


def simulate_many_ideas(ideas, share_null, rate_a, rate_b, n, seed=0):
    """(null_is_true, p) for `ideas` A/B tests, a share of which change nothing at all."""
    rng = np.random.default_rng(seed)
    null_is_true = rng.random(ideas) < share_null
    a = rng.binomial(n, rate_a, size=ideas)
    b = rng.binomial(n, np.where(null_is_true, rate_a, rate_b))
    return null_is_true, two_proportion_z_test(a, n, b, n)[1]


def peeking_experiments(rate, n_per_day, days, experiments, seed=0):
    """p-values of A/A tests (both arms the same) re-run on the running totals every day.

    Returns an array of shape (experiments, days): row i is experiment i as it is checked.
    """
    rng = np.random.default_rng(seed)
    a = rng.binomial(n_per_day, rate, size=(experiments, days)).cumsum(axis=1)
    b = rng.binomial(n_per_day, rate, size=(experiments, days)).cumsum(axis=1)
    visitors = n_per_day * np.arange(1, days + 1)
    return two_proportion_z_test(a, visitors, b, visitors)[1]


def mean_interval(x, multiplier=1.96, sigma=None):
    """(low, high) = mean -/+ multiplier * sigma / sqrt(n) along the last axis.

    Without sigma, the sample standard deviation s (divided by n - 1) stands in for it.
    """
    x = np.asarray(x, dtype=float)
    n = x.shape[-1]
    spread = x.std(axis=-1, ddof=1) if sigma is None else sigma
    half = multiplier * spread / math.sqrt(n)
    mean = x.mean(axis=-1)
    return _float_or_array(mean - half), _float_or_array(mean + half)


def plot_p_value_histograms(p_null, p_effect, alpha, title):
    """Histograms of p-values from A/A tests (flat) and from tests with a real effect (piled near 0)."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(9, 3.4), sharey=True)
    bins = np.linspace(0, 1, 21)
    for ax, values, colour, name in [
        (axes[0], p_null, "tab:grey", "no real difference"),
        (axes[1], p_effect, "tab:blue", "a real difference"),
    ]:
        ax.hist(values, bins=bins, color=colour, alpha=0.75, edgecolor="white")
        ax.axvline(alpha, color="tab:red", linestyle="--", label=f"p = {alpha}")
        ax.axhline(len(values) / 20, color="black", linewidth=1, label="flat: uniform p")
        ax.set_xlabel("p-value")
        ax.set_title(name, fontsize=10)
        ax.grid(True, alpha=0.3)
    axes[0].set_ylabel("experiments per bin of width 0.05")
    axes[0].legend(fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_power_curve(ns, formula, simulated_ns, simulated, n_needed, title):
    """Power against visitors per arm: the normal-approximation curve and simulated points."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.8))
    ax.plot(ns, formula, color="tab:blue", label="normal approximation")
    ax.plot(simulated_ns, simulated, "o", color="tab:orange", label="simulated tests")
    ax.axhline(0.8, color="grey", linestyle=":", linewidth=1)
    ax.axvline(
        n_needed, color="tab:red", linestyle="--", linewidth=1, label=f"n = {n_needed:,} per arm"
    )
    ax.set_xlabel("visitors per arm")
    ax.set_ylabel("power: P(p < 0.05)")
    ax.set_ylim(0, 1)
    ax.grid(True, alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(title)
    return fig
