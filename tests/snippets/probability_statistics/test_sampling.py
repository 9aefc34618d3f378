"""snippets/probability_statistics/sampling.py against numpy, scipy and exact counts."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from notesite.figures import svg
from snippets.probability_statistics.sampling import (
    bootstrap,
    conditional_probability,
    estimate_pi,
    monte_carlo_errors,
    normal_interval,
    percentile_interval,
    plot_bootstrap,
    plot_monte_carlo_errors,
    probability,
    sample_with_replacement,
    sample_without_replacement,
    simulate_conditional,
    simulate_draws,
    two_dice,
)

seeds = st.integers(0, 2**32 - 1)


def test_estimate_pi_is_close_with_many_points():
    """A million points estimate pi to within 0.01."""
    assert estimate_pi(1_000_000, np.random.default_rng(0)) == pytest.approx(np.pi, abs=0.01)


def test_monte_carlo_error_times_sqrt_n_is_roughly_constant():
    """RMS error times sqrt(n) stays within 30% of 4 sqrt(p (1 - p)) with p = pi / 4."""
    ns = np.array([100, 1000, 10000])
    predicted = 4 * np.sqrt(np.pi / 4 * (1 - np.pi / 4))
    scaled = monte_carlo_errors(ns, repeats=200) * np.sqrt(ns)
    np.testing.assert_allclose(scaled, predicted, rtol=0.3)


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 20).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n))), seeds)
def test_sample_without_replacement_never_repeats(n_and_k, seed):
    """k picks without replacement are k distinct items of the population."""
    n, k = n_and_k
    picks = sample_without_replacement(range(n), k, np.random.default_rng(seed))
    assert len(picks) == k and len(set(picks)) == k and set(picks) <= set(range(n))


def test_sample_without_replacement_refuses_too_many():
    """Asking for more items than there are raises a ValueError."""
    with pytest.raises(ValueError, match="cannot pick 4"):
        sample_without_replacement("abc", 4, np.random.default_rng(0))


def test_sample_with_replacement_can_repeat_and_is_uniform():
    """Picks with replacement land on each item about equally often (chi-square test)."""
    picks = sample_with_replacement("abcd", 4000, np.random.default_rng(1))
    counts = [picks.count(c) for c in "abcd"]
    assert stats.chisquare(counts).pvalue > 0.01


def test_fisher_yates_orderings_are_uniform():
    """All 6 orderings of 3 items come out about equally often (chi-square test)."""
    rng = np.random.default_rng(2)
    orders = [tuple(sample_without_replacement("abc", 3, rng)) for _ in range(6000)]
    counts = [orders.count(o) for o in set(orders)]
    assert len(counts) == 6 and stats.chisquare(counts).pvalue > 0.01


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 12).flatmap(lambda n: st.tuples(st.just(n), st.integers(1, n))), seeds)
def test_simulate_draws_without_replacement_has_distinct_rows(n_and_k, seed):
    """Every row of vectorised draws without replacement holds k distinct indices in range."""
    n, k = n_and_k
    drawn = simulate_draws(n, k, 200, np.random.default_rng(seed), replace=False)
    assert drawn.min() >= 0 and drawn.max() < n
    assert all(len(set(row)) == k for row in drawn.tolist())


def test_simulate_draws_gives_the_exact_two_ace_probabilities():
    """Simulated two-ace rates are within 4 standard errors of 1/169 (replaced) and 1/221 (not)."""
    rng = np.random.default_rng(3)
    trials = 400_000
    for replace, exact in [(True, 1 / 169), (False, 1 / 221)]:
        rate = (simulate_draws(52, 2, trials, rng, replace) < 4).all(axis=1).mean()
        assert abs(rate - exact) < 4 * np.sqrt(exact * (1 - exact) / trials)


def test_simulate_draws_without_replacement_is_uniform_per_position():
    """Each position of a draw without replacement is uniform over the items (chi-square test)."""
    drawn = simulate_draws(6, 4, 60_000, np.random.default_rng(4), replace=False)
    for column in drawn.T:
        assert stats.chisquare(np.bincount(column, minlength=6)).pvalue > 0.001


@settings(max_examples=50, deadline=None)
@given(
    arrays(float, st.integers(1, 40), elements=st.floats(-1e3, 1e3, allow_nan=False)),
    st.sampled_from([np.mean, np.median]),
)
def test_bootstrap_interval_contains_the_sample_statistic(data, statistic):
    """The 95% percentile interval of the bootstrap contains the statistic of the sample itself."""
    low, high = percentile_interval(bootstrap(data, statistic, n_resamples=500))
    value = statistic(data)
    slack = 1e-9 * max(1.0, float(np.abs(data).max()))
    assert low - slack <= value <= high + slack


def test_bootstrap_mean_interval_matches_scipy():
    """The percentile interval of the mean is within 0.1 of scipy.stats.bootstrap's."""
    data = np.random.default_rng(42).lognormal(3, 0.5, size=40)
    mine = percentile_interval(bootstrap(data, np.mean, n_resamples=20_000))
    theirs = stats.bootstrap(
        (data,), np.mean, n_resamples=20_000, method="percentile", rng=np.random.default_rng(0)
    ).confidence_interval
    np.testing.assert_allclose(mine, [theirs.low, theirs.high], atol=0.1)


def test_normal_interval_matches_scipy_norm_interval():
    """normal_interval equals scipy.stats.norm.interval with the sample's standard error."""
    data = np.random.default_rng(5).normal(10, 2, size=30)
    se = data.std(ddof=1) / np.sqrt(len(data))
    expected = stats.norm.interval(0.95, loc=data.mean(), scale=se)
    np.testing.assert_allclose(normal_interval(data, z=stats.norm.ppf(0.975)), expected, rtol=1e-12)


def test_dice_counting_gives_exact_fractions():
    """Counting gives P(sum 8) = 5/36, P(sum 8 | first even) = 1/6, P(7 | first even) = P(7)."""
    outcomes = two_dice()
    first_even = lambda a, b: a % 2 == 0  # noqa: E731
    assert len(outcomes) == 36
    assert probability(lambda a, b: a + b == 8, outcomes) == Fraction(5, 36)
    assert conditional_probability(lambda a, b: a + b == 8, first_even, outcomes) == Fraction(1, 6)
    sum_is_7 = lambda a, b: a + b == 7  # noqa: E731
    given_even = conditional_probability(sum_is_7, first_even, outcomes)
    assert given_even == probability(sum_is_7, outcomes)


def test_conditional_probability_refuses_impossible_condition():
    """Conditioning on an event that never happens raises a ValueError."""
    with pytest.raises(ValueError, match="never happens"):
        conditional_probability(lambda a, b: True, lambda a, b: a + b == 13, two_dice())


def test_simulation_agrees_with_counting():
    """Simulated P(sum 8 | first even) is within 0.01 of the exact 1/6."""
    rate = simulate_conditional(
        lambda a, b: a + b == 8, lambda a, b: a % 2 == 0, trials=200_000, seed=6
    )
    assert rate == pytest.approx(1 / 6, abs=0.01)


def test_plots_render_with_titles():
    """Both figures become SVG whose alt text carries their titles."""
    ns = [100, 1000]
    assert "1/sqrt(n)" in svg(plot_monte_carlo_errors(ns, monte_carlo_errors(ns, repeats=5)))
    data = np.random.default_rng(7).lognormal(3, 0.5, size=20)
    means, medians = bootstrap(data, np.mean, 200), bootstrap(data, np.median, 200)
    markup = svg(plot_bootstrap(means, medians, data))
    assert "Bootstrap median" in markup
