"""snippets/probability_statistics/expectation.py against numpy and scipy."""

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special, stats

from notesite.figures import svg
from snippets.probability_statistics.expectation import (
    cauchy_draws,
    chebyshev_bound,
    clt_tail,
    covariance,
    dice_then_coins_distribution,
    equicorrelated_draws,
    exact_fixed_point_moments,
    exact_moments,
    fixed_points,
    flips_until_two_heads,
    interquartile_range,
    plot_running_means,
    random_permutations,
    running_mean,
    sample_means,
    simulate_dice_then_coins,
    variance,
    variance_of_mean,
)

seeds = st.integers(0, 2**32 - 1)


@settings(max_examples=50, deadline=None)
@given(seeds, st.integers(1, 50))
def test_random_permutations_are_permutations(seed, n):
    """Every row holds each of 0..n-1 exactly once."""
    perms = random_permutations(n, 20, np.random.default_rng(seed))
    assert perms.shape == (20, n)
    np.testing.assert_array_equal(np.sort(perms, axis=1), np.tile(np.arange(n), (20, 1)))


def test_random_permutations_are_uniform():
    """All 6 orderings of 3 items turn up equally often (chi-squared goodness of fit)."""
    perms = random_permutations(3, 60_000, np.random.default_rng(1))
    codes = perms[:, 0] * 9 + perms[:, 1] * 3 + perms[:, 2]
    _, counts = np.unique(codes, return_counts=True)
    assert len(counts) == 6
    assert stats.chisquare(counts).pvalue > 1e-3


@settings(max_examples=50, deadline=None)
@given(seeds, st.integers(1, 30))
def test_fixed_points_counts_positions_at_home(seed, n):
    """fixed_points equals a plain count of i with p[i] == i, row by row."""
    rng = np.random.default_rng(seed)
    perms = np.array([rng.permutation(n) for _ in range(10)])
    expected = [sum(int(p[i] == i) for i in range(n)) for p in perms]
    np.testing.assert_array_equal(fixed_points(perms), expected)


@pytest.mark.parametrize("n", range(1, 8))
def test_exact_fixed_point_moments_match_the_derangement_count(n):
    """Mean and variance from C(n, k) * D(n - k) orderings with k fixed points: 1 and 1 (0 for n = 1)."""

    def derangements(m):
        return round(math.factorial(m) * sum((-1) ** j / math.factorial(j) for j in range(m + 1)))

    weights = {k: int(special.comb(n, k, exact=True)) * derangements(n - k) for k in range(n + 1)}
    assert sum(weights.values()) == math.factorial(n)
    probs = {k: Fraction(w, math.factorial(n)) for k, w in weights.items()}
    assert exact_fixed_point_moments(n) == exact_moments(probs)
    assert exact_fixed_point_moments(n) == (1, 0 if n == 1 else 1)


@settings(max_examples=50, deadline=None)
@given(seeds, st.integers(2, 200), st.sampled_from([0, 1]))
def test_variance_and_covariance_match_numpy(seed, n, ddof):
    """variance equals np.var and covariance equals np.cov, for both divisors."""
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=n), rng.normal(size=n)
    assert variance(x, ddof) == pytest.approx(np.var(x, ddof=ddof))
    assert covariance(x, y, ddof) == pytest.approx(np.cov(x, y, ddof=ddof)[0, 1], abs=1e-12)
    assert covariance(x, x, ddof) == pytest.approx(variance(x, ddof))


@settings(max_examples=50, deadline=None)
@given(seeds, st.integers(2, 200), st.floats(-3, 3))
def test_variance_of_a_sum_has_the_covariance_term(seed, n, slope):
    """Var(X + Y) = Var X + Var Y + 2 Cov(X, Y) on samples, with Y built to depend on X."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    y = slope * x + rng.normal(size=n)
    parts = variance(x) + variance(y) + 2 * covariance(x, y)
    assert variance(x + y) == pytest.approx(parts, rel=1e-9, abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(st.floats(0.1, 10), st.integers(1, 300), st.floats(0, 1))
def test_variance_of_mean_is_the_quadratic_form(sigma2, n, rho):
    """It equals 1^T Sigma 1 / n^2 for Sigma = sigma2 ((1 - rho) I + rho 1 1^T)."""
    sigma = sigma2 * ((1 - rho) * np.eye(n) + rho * np.ones((n, n)))
    ones = np.ones(n)
    assert variance_of_mean(sigma2, n, rho) == pytest.approx(ones @ sigma @ ones / n**2)
    assert variance_of_mean(sigma2, n, rho) >= rho * sigma2 - 1e-12


def test_equicorrelated_draws_have_the_asked_correlation():
    """Columns have variance 1 and every pair correlation rho; rho outside [0, 1] is refused."""
    draws = equicorrelated_draws(4, 0.3, 100_000, np.random.default_rng(2))
    corr = np.corrcoef(draws, rowvar=False)
    off_diagonal = corr[~np.eye(4, dtype=bool)]
    np.testing.assert_allclose(off_diagonal, 0.3, atol=0.01)
    np.testing.assert_allclose(draws.var(axis=0), 1, atol=0.02)
    with pytest.raises(ValueError, match="rho"):
        equicorrelated_draws(3, 1.5, 10, np.random.default_rng(0))


def test_dice_then_coins_matches_a_scipy_binomial_mixture():
    """P(H = h) = (1/6) sum over N of binom.pmf(h, N, 1/2); the moments are 7/4 and 77/48."""
    probs = dice_then_coins_distribution()
    assert sum(probs.values()) == 1
    for h, p in probs.items():
        expected = sum(stats.binom.pmf(h, n, 0.5) for n in range(1, 7)) / 6
        assert float(p) == pytest.approx(expected, abs=1e-15)
    assert exact_moments(probs) == (Fraction(7, 4), Fraction(77, 48))


def test_law_of_total_variance_on_the_two_stage_experiment():
    """Var H = E[Var(H | N)] + Var(E[H | N]), with the conditional moments from scipy.stats.binom."""
    rolls = np.arange(1, 7)
    within = np.mean(stats.binom.var(rolls, 0.5))
    between = np.var(stats.binom.mean(rolls, 0.5))
    _, var = exact_moments(dice_then_coins_distribution())
    assert float(var) == pytest.approx(within + between)


def test_simulated_two_stage_runs():
    """N is a die roll, H never exceeds N, and the sample moments are near 7/4 and 77/48."""
    rolls, heads = simulate_dice_then_coins(200_000, np.random.default_rng(3))
    assert rolls.min() == 1 and rolls.max() == 6 and (heads <= rolls).all() and heads.min() == 0
    assert heads.mean() == pytest.approx(7 / 4, abs=0.01)
    assert heads.var() == pytest.approx(77 / 48, abs=0.02)


def test_flips_until_two_heads_follow_the_fibonacci_law():
    """P(T = k) = F(k - 1) / 2^k (Fibonacci numbers F(1) = F(2) = 1), so the mean is 6."""
    flips = flips_until_two_heads(200_000, np.random.default_rng(4))
    assert flips.min() == 2
    fib = [0, 1, 1]
    while len(fib) < 12:
        fib.append(fib[-1] + fib[-2])
    for k in range(2, 10):
        exact = fib[k - 1] / 2**k
        assert np.mean(flips == k) == pytest.approx(
            exact, abs=4 * math.sqrt(exact / 200_000) + 1e-4
        )
    assert flips.mean() == pytest.approx(6, abs=0.05)


@settings(max_examples=100, deadline=None)
@given(st.floats(0.01, 10), st.integers(1, 10**6), st.floats(0.001, 5))
def test_chebyshev_caps_the_normal_tail(sigma2, n, eps):
    """The cap is min(1, sigma2 / (n eps^2)) and never below the exact tail of a normal mean."""
    assert chebyshev_bound(sigma2, n, eps) == pytest.approx(min(1.0, sigma2 / (n * eps**2)))
    normal_tail = 2 * stats.norm.sf(eps * math.sqrt(n / sigma2))
    assert chebyshev_bound(sigma2, n, eps) >= normal_tail - 1e-12


@settings(max_examples=100, deadline=None)
@given(st.floats(0.1, 10), st.integers(1, 10**6), st.floats(0.001, 5))
def test_clt_tail_matches_scipy(sigma, n, eps):
    """2 (1 - Phi(eps sqrt(n) / sigma)) equals 2 norm.sf of the same number."""
    expected = 2 * stats.norm.sf(eps * math.sqrt(n) / sigma)
    assert clt_tail(sigma, n, eps) == pytest.approx(expected, rel=1e-10, abs=1e-300)


def test_clt_tail_predicts_simulated_misses():
    """For means of 1,000 exponential draws, the simulated miss rate is within 0.02 of the CLT's."""
    means = sample_means(1000, repeats=4000, seed=6)
    assert np.mean(np.abs(means - 1) >= 0.05) == pytest.approx(clt_tail(1, 1000, 0.05), abs=0.02)


@settings(max_examples=50, deadline=None)
@given(seeds, st.integers(1, 300))
def test_running_mean_is_the_mean_of_each_prefix(seed, n):
    """Entry k - 1 is np.mean of the first k values."""
    x = np.random.default_rng(seed).normal(size=n)
    np.testing.assert_allclose(running_mean(x), [np.mean(x[:k]) for k in range(1, n + 1)])


def test_cauchy_draws_are_cauchy_and_so_are_their_means():
    """Single draws and means of 100 draws both pass a KS test against scipy's standard Cauchy."""
    rng = np.random.default_rng(7)
    assert stats.kstest(cauchy_draws(20_000, rng), stats.cauchy.cdf).pvalue > 1e-3
    means = cauchy_draws((5_000, 100), rng).mean(axis=1)
    assert stats.kstest(means, stats.cauchy.cdf).pvalue > 1e-3
    assert interquartile_range(means) == pytest.approx(2, abs=0.15)


@settings(max_examples=50, deadline=None)
@given(seeds, st.integers(2, 200))
def test_interquartile_range_matches_scipy(seed, n):
    """The width of the middle half equals scipy.stats.iqr, also along an axis."""
    x = np.random.default_rng(seed).normal(size=(3, n))
    assert interquartile_range(x[0]) == pytest.approx(stats.iqr(x[0]))
    np.testing.assert_allclose(interquartile_range(x, axis=1), stats.iqr(x, axis=1))


def test_plot_has_a_title():
    """The running-means plot renders to SVG with its title as alt text."""
    rng = np.random.default_rng(0)
    markup = svg(
        plot_running_means(rng.exponential(size=500), cauchy_draws(500, rng), "Two running means")
    )
    assert 'alt="Two running means' in markup
