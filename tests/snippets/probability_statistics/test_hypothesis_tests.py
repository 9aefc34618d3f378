"""snippets/probability_statistics/hypothesis_tests.py against scipy.stats."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from notesite.figures import svg
from snippets.probability_statistics.hypothesis_tests import (
    difference_interval,
    false_discovery_share,
    mean_interval,
    normal_cdf,
    normal_quantile,
    normal_sf,
    p_value,
    peeking_experiments,
    plot_p_value_histograms,
    plot_power_curve,
    power_normal_approx,
    sample_size_per_arm,
    simulate_ab_tests,
    simulate_many_ideas,
    simulated_power,
    two_proportion_z_test,
)

rates = st.floats(0.01, 0.99)
seeds = st.integers(0, 2**32 - 1)


@settings(max_examples=100, deadline=None)
@given(st.floats(-37, 37))
def test_normal_cdf_and_sf_match_scipy(z):
    """Phi(z) and 1 - Phi(z) equal scipy's norm.cdf and norm.sf to 1e-12 relative, tails included."""
    assert normal_cdf(z) == pytest.approx(stats.norm.cdf(z), rel=1e-12, abs=1e-300)
    assert normal_sf(z) == pytest.approx(stats.norm.sf(z), rel=1e-12, abs=1e-300)


def test_normal_cdf_works_on_arrays():
    """Arrays in, arrays of the same shape out; a scalar in, a float out."""
    z = np.linspace(-5, 5, 12).reshape(3, 4)
    np.testing.assert_allclose(normal_cdf(z), stats.norm.cdf(z), rtol=1e-12)
    assert isinstance(normal_cdf(0.0), float) and normal_cdf(0.0) == 0.5


@settings(max_examples=100, deadline=None)
@given(st.floats(1e-9, 1 - 1e-9))
def test_normal_quantile_matches_scipy(q):
    """The bisection quantile equals scipy's norm.ppf to 1e-9."""
    assert normal_quantile(q) == pytest.approx(stats.norm.ppf(q), abs=1e-9)


def test_normal_quantile_known_values_and_bad_input():
    """1.959964 for 0.975, 0.841621 for 0.8, arrays work, and 0 or 1 are refused."""
    assert normal_quantile(0.975) == pytest.approx(1.959963984540054, abs=1e-12)
    assert normal_quantile(0.8) == pytest.approx(0.8416212335729143, abs=1e-12)
    np.testing.assert_allclose(
        normal_quantile([0.025, 0.5]), stats.norm.ppf([0.025, 0.5]), atol=1e-12
    )
    for bad in (0.0, 1.0, -0.1, 1.5):
        with pytest.raises(ValueError, match="strictly between"):
            normal_quantile(bad)


@settings(max_examples=100, deadline=None)
@given(st.floats(-30, 30))
def test_p_value_matches_scipy_tails(z):
    """Two-sided p = 2 sf(|z|); 'greater' is the upper tail and 'less' the lower one."""
    assert p_value(z) == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-12, abs=1e-300)
    assert p_value(z, "greater") == pytest.approx(stats.norm.sf(z), rel=1e-12, abs=1e-300)
    assert p_value(z, "less") == pytest.approx(stats.norm.cdf(z), rel=1e-12, abs=1e-300)


def test_p_value_refuses_an_unknown_alternative():
    """An alternative other than the three is a ValueError."""
    with pytest.raises(ValueError, match="alternative"):
        p_value(1.0, "bigger")


@settings(max_examples=100, deadline=None)
@given(st.integers(10, 100_000), st.integers(10, 100_000), rates, rates)
def test_two_proportion_z_test_is_the_chi_squared_test(n_a, n_b, share_a, share_b):
    """z^2 is scipy's 2x2 chi-squared statistic (no continuity correction) and the p-values agree."""
    ca, cb = round(share_a * n_a), round(share_b * n_b)
    table = np.array([[ca, n_a - ca], [cb, n_b - cb]])
    if (table.sum(axis=0) == 0).any():  # a column of zeros: scipy refuses, the test says z = 0
        return
    z, p = two_proportion_z_test(ca, n_a, cb, n_b)
    chi2, p_scipy, _, _ = stats.chi2_contingency(table, correction=False)
    assert z**2 == pytest.approx(chi2, rel=1e-9, abs=1e-12)
    assert p == pytest.approx(p_scipy, rel=1e-9, abs=1e-300)
    assert np.sign(z) == np.sign(cb / n_b - ca / n_a)


def test_one_sided_and_worked_example():
    """The page's example: z = 2.136, p = 0.0327; one-sided 'greater' halves it."""
    z, p = two_proportion_z_test(2000, 20_000, 2130, 20_000)
    assert z == pytest.approx(2.136154369, abs=1e-8) and p == pytest.approx(0.0327, abs=5e-5)
    _, p_greater = two_proportion_z_test(2000, 20_000, 2130, 20_000, "greater")
    assert p_greater == pytest.approx(p / 2) == pytest.approx(stats.norm.sf(z))


def test_no_conversions_anywhere_gives_z_zero_without_warnings():
    """0 of n in both arms (or all of n) leaves nothing to compare: z = 0, p = 1, no division warning."""
    z, p = two_proportion_z_test(np.array([0, 50, 3]), 50, np.array([0, 50, 7]), 50)
    assert z[0] == 0 and p[0] == 1 and z[1] == 0 and z[2] > 0


@settings(max_examples=100, deadline=None)
@given(
    st.integers(20, 100_000),
    st.integers(20, 100_000),
    rates,
    rates,
    st.sampled_from([0.8, 0.9, 0.95, 0.99]),
)
def test_difference_interval_is_wald_with_scipy_quantile(n_a, n_b, share_a, share_b, level):
    """(low, high) = gap -/+ norm.ppf(0.5 + level / 2) * sqrt(pa qa / na + pb qb / nb)."""
    ca, cb = round(share_a * n_a), round(share_b * n_b)
    pa, pb = ca / n_a, cb / n_b
    se = math.sqrt(pa * (1 - pa) / n_a + pb * (1 - pb) / n_b)
    expected = stats.norm.interval(level, loc=pb - pa, scale=se) if se > 0 else (pb - pa, pb - pa)
    np.testing.assert_allclose(difference_interval(ca, n_a, cb, n_b, level), expected, atol=1e-12)


def test_simulate_ab_tests_is_seeded_and_binomial():
    """Same seed, same counts; the counts average n times the rate."""
    a1, b1 = simulate_ab_tests(0.1, 0.2, 1000, 5000, np.random.default_rng(7))
    a2, b2 = simulate_ab_tests(0.1, 0.2, 1000, 5000, np.random.default_rng(7))
    np.testing.assert_array_equal(a1, a2)
    np.testing.assert_array_equal(b1, b2)
    assert a1.shape == b1.shape == (5000,)
    assert a1.mean() == pytest.approx(100, abs=1) and b1.mean() == pytest.approx(200, abs=1.5)


@settings(max_examples=20, deadline=None)
@given(seeds, st.sampled_from([0.01, 0.05, 0.1]))
def test_null_p_values_are_uniform(seed, alpha):
    """A/A tests: the share with p < alpha is alpha within 4 standard errors, and p passes a KS test."""
    a, b = simulate_ab_tests(0.1, 0.1, 20_000, 4000, np.random.default_rng(seed))
    _, p = two_proportion_z_test(a, 20_000, b, 20_000)
    assert abs(np.mean(p < alpha) - alpha) < 4 * math.sqrt(alpha * (1 - alpha) / 4000)
    assert stats.kstest(p, "uniform").pvalue > 1e-4


@settings(max_examples=50, deadline=None)
@given(rates, rates, st.integers(10, 10**6), st.sampled_from([0.01, 0.05, 0.1]))
def test_power_formula_matches_scipy(rate_a, rate_b, n, alpha):
    """Power = norm.cdf(|gap| / SE - norm.ppf(1 - alpha/2)), symmetric in the two rates."""
    se = math.sqrt((rate_a * (1 - rate_a) + rate_b * (1 - rate_b)) / n)
    expected = stats.norm.cdf(abs(rate_b - rate_a) / se - stats.norm.ppf(1 - alpha / 2))
    assert power_normal_approx(rate_a, rate_b, n, alpha) == pytest.approx(
        expected, rel=1e-9, abs=1e-300
    )
    assert power_normal_approx(rate_b, rate_a, n, alpha) == pytest.approx(
        expected, rel=1e-9, abs=1e-300
    )


@settings(max_examples=50, deadline=None)
@given(rates, rates, st.sampled_from([0.01, 0.05]), st.sampled_from([0.8, 0.9]))
def test_sample_size_is_the_smallest_n_with_enough_power(rate_a, rate_b, alpha, power):
    """n equals ceil of scipy's formula, reaches the power, and n - 1 falls short."""
    if abs(rate_a - rate_b) < 1e-3:
        return
    n = sample_size_per_arm(rate_a, rate_b, alpha, power)
    z = stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power)
    exact = z**2 * (rate_a * (1 - rate_a) + rate_b * (1 - rate_b)) / (rate_b - rate_a) ** 2
    assert n == math.ceil(exact) or abs(n - exact) < 1e-6 * exact
    assert power_normal_approx(rate_a, rate_b, n, alpha) >= power - 1e-9
    if n > 1:
        assert power_normal_approx(rate_a, rate_b, n - 1, alpha) < power + 1e-9


def test_sample_size_known_value_and_equal_rates():
    """10% against 10.6% needs 40,284 per arm; equal rates are refused."""
    assert sample_size_per_arm(0.10, 0.106) == 40_284
    with pytest.raises(ValueError, match="equal rates"):
        sample_size_per_arm(0.1, 0.1)


def test_simulated_power_agrees_with_the_formula_and_with_alpha():
    """At the planned n the simulated power is 0.8 within 0.02; for equal rates it is about alpha."""
    n = sample_size_per_arm(0.10, 0.106)
    assert simulated_power(0.10, 0.106, n, seed=11) == pytest.approx(0.8, abs=0.02)
    assert simulated_power(0.10, 0.10, 20_000, seed=12) == pytest.approx(0.05, abs=0.01)


@settings(max_examples=100, deadline=None)
@given(st.floats(0, 1), st.floats(0.001, 0.2), st.floats(0.01, 1))
def test_false_discovery_share_is_bayes(share_null, alpha, power):
    """P(null | p < alpha) by Bayes' theorem written out; 0 when every idea works, 1 when none does."""
    joint_null = share_null * alpha
    expected = joint_null / (joint_null + (1 - share_null) * power)
    assert false_discovery_share(share_null, alpha, power) == pytest.approx(expected)
    assert 0 <= false_discovery_share(share_null, alpha, power) <= 1
    assert (
        false_discovery_share(0.0, alpha, power) == 0
        and false_discovery_share(1.0, alpha, power) == 1
    )


def test_simulate_many_ideas_matches_bayes():
    """The simulated share of true nulls among p < 0.05 is within 0.03 of Bayes' prediction."""
    null, p = simulate_many_ideas(20_000, 0.9, 0.10, 0.106, 20_000, seed=5)
    assert null.shape == p.shape == (20_000,)
    assert null.mean() == pytest.approx(0.9, abs=0.01)
    significant = p < 0.05
    power = significant[~null].mean()
    assert null[significant].mean() == pytest.approx(
        false_discovery_share(0.9, 0.05, power), abs=0.03
    )
    assert significant[null].mean() == pytest.approx(0.05, abs=0.01)


def test_peeking_experiments_last_day_is_an_honest_test():
    """Shape (experiments, days); the last look alone rejects about 5%; any look, far more."""
    p = peeking_experiments(0.1, 1000, 20, 5000, seed=9)
    assert p.shape == (5000, 20) and ((0 <= p) & (p <= 1)).all()
    assert np.mean(p[:, -1] < 0.05) == pytest.approx(0.05, abs=0.01)
    assert np.mean((p < 0.05).any(axis=1)) > 0.15


def test_peeking_uses_running_totals():
    """Day d's p-value is the z-test on the totals of days 1..d, drawn in the same order."""
    rng = np.random.default_rng(4)
    a = rng.binomial(500, 0.2, size=(3, 5)).cumsum(axis=1)
    b = rng.binomial(500, 0.2, size=(3, 5)).cumsum(axis=1)
    visitors = 500 * np.arange(1, 6)
    expected = [
        [
            stats.chi2_contingency(
                [[a[i, d], visitors[d] - a[i, d]], [b[i, d], visitors[d] - b[i, d]]],
                correction=False,
            )[1]
            for d in range(5)
        ]
        for i in range(3)
    ]
    np.testing.assert_allclose(peeking_experiments(0.2, 500, 5, 3, seed=4), expected, rtol=1e-9)


@settings(max_examples=50, deadline=None)
@given(seeds, st.integers(2, 60))
def test_mean_interval_matches_scipy_t_and_norm(seed, n):
    """With the t multiplier it is scipy's t.interval around the mean; with sigma, norm.interval."""
    x = np.random.default_rng(seed).normal(10, 3, size=n)
    multiplier = stats.t.ppf(0.975, n - 1)
    expected = stats.t.interval(0.95, n - 1, loc=x.mean(), scale=stats.sem(x))
    np.testing.assert_allclose(mean_interval(x, multiplier), expected, rtol=1e-10)
    expected = stats.norm.interval(0.95, loc=x.mean(), scale=3 / math.sqrt(n))
    np.testing.assert_allclose(
        mean_interval(x, stats.norm.ppf(0.975), sigma=3), expected, rtol=1e-10
    )


def test_mean_interval_rows_and_coverage():
    """Rows are separate samples; with sigma known, about 95% of 20,000 intervals cover the mean."""
    x = np.random.default_rng(2).normal(50, 20, size=(20_000, 10))
    low, high = mean_interval(x, sigma=20)
    assert low.shape == high.shape == (20_000,)
    np.testing.assert_allclose(high - low, 2 * 1.96 * 20 / math.sqrt(10))
    assert np.mean((low <= 50) & (50 <= high)) == pytest.approx(0.95, abs=0.005)


def test_plots_have_titles():
    """Both plots render to SVG with their titles as alt text."""
    rng = np.random.default_rng(0)
    markup = svg(
        plot_p_value_histograms(rng.random(200), rng.random(200) ** 3, 0.05, "Two histograms")
    )
    assert 'alt="Two histograms' in markup
    ns = np.linspace(100, 1000, 10)
    markup = svg(plot_power_curve(ns, ns / 1000, ns[::3], ns[::3] / 1000, 500, "A power curve"))
    assert 'alt="A power curve"' in markup
