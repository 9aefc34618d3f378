"""snippets/probability_statistics/distributions.py against scipy.stats."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from notesite.figures import svg
from snippets.probability_statistics.distributions import (
    binomial_pmf,
    draw_samples,
    normal_pdf,
    plot_clt,
    plot_samples_against_formulas,
    sample_means,
    skewness,
    uniform_pdf,
)


def test_normal_pdf_matches_scipy():
    """normal_pdf equals scipy.stats.norm.pdf for random means, spreads and points."""
    rng = np.random.default_rng(0)
    for _ in range(20):
        mu, sigma = rng.normal(0, 10), rng.uniform(0.1, 5)
        x = rng.normal(mu, 3 * sigma, size=50)
        expected = stats.norm.pdf(x, mu, sigma)
        np.testing.assert_allclose(normal_pdf(x, mu, sigma), expected, rtol=1e-12)


def test_normal_pdf_integrates_to_one():
    """The area under the bell curve, summed on a fine grid over +-10 sigma, is 1."""
    grid, step = np.linspace(-40, 60, 100_001, retstep=True)
    assert normal_pdf(grid, 10, 5).sum() * step == pytest.approx(1.0, abs=1e-9)


def test_normal_pdf_refuses_non_positive_sigma():
    """A zero sigma raises a ValueError that names sigma."""
    with pytest.raises(ValueError, match="sigma"):
        normal_pdf(0.0, 0.0, 0.0)


def test_binomial_pmf_matches_scipy():
    """binomial_pmf equals scipy.stats.binom.pmf for every k of random n and p."""
    rng = np.random.default_rng(1)
    for _ in range(20):
        n, p = int(rng.integers(1, 60)), float(rng.uniform())
        mine = [binomial_pmf(k, n, p) for k in range(n + 1)]
        expected = stats.binom.pmf(np.arange(n + 1), n, p)
        np.testing.assert_allclose(mine, expected, rtol=1e-9, atol=1e-300)


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 400), st.floats(0.0, 1.0))
def test_binomial_pmf_sums_to_one_with_mean_np(n, p):
    """For any n and p the probabilities of k = 0..n add up to 1 and average to n p."""
    probabilities = [binomial_pmf(k, n, p) for k in range(n + 1)]
    assert math.fsum(probabilities) == pytest.approx(1.0, abs=1e-9)
    mean = math.fsum(k * q for k, q in enumerate(probabilities))
    assert mean == pytest.approx(n * p, rel=1e-9, abs=1e-9)


def test_binomial_pmf_is_zero_outside_zero_to_n():
    """Fewer than 0 or more than n successes have probability 0."""
    assert binomial_pmf(-1, 5, 0.5) == 0.0 and binomial_pmf(6, 5, 0.5) == 0.0


def test_uniform_pdf_matches_scipy():
    """uniform_pdf equals scipy.stats.uniform.pdf inside and outside the interval."""
    rng = np.random.default_rng(2)
    for _ in range(20):
        a = rng.normal(0, 5)
        b = a + rng.uniform(0.5, 10)
        x = rng.uniform(a - 3, b + 3, size=50)
        expected = stats.uniform.pdf(x, loc=a, scale=b - a)
        np.testing.assert_allclose(uniform_pdf(x, a, b), expected, rtol=1e-12)


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 40), st.integers(0, 2**32 - 1))
def test_sample_means_follow_the_clt_spread(n, seed):
    """The std of 4000 means of n exponential(1) draws is within 12% of 1 / sqrt(n)."""
    means = sample_means(n, 4000, seed)
    assert means.std(ddof=1) == pytest.approx(1 / math.sqrt(n), rel=0.12)


def test_sample_means_are_reproducible():
    """The same seed gives the same means."""
    np.testing.assert_array_equal(sample_means(5, 100, 7), sample_means(5, 100, 7))


def test_skewness_matches_scipy():
    """skewness equals scipy.stats.skew (the biased version) on random data."""
    x = np.random.default_rng(3).exponential(size=500)
    assert skewness(x) == pytest.approx(stats.skew(x), rel=1e-12)


def test_draw_samples_fit_their_distributions():
    """The seeded samples pass a Kolmogorov-Smirnov test against their own distributions."""
    heights, hits, waits = draw_samples(seed=0)
    assert stats.kstest(heights, stats.norm(170, 8).cdf).pvalue > 0.01
    assert stats.kstest(waits, stats.uniform(0, 10).cdf).pvalue > 0.01
    assert hits.min() >= 0 and hits.max() <= 10 and hits.mean() == pytest.approx(3.0, abs=0.1)


def test_plots_render_with_titles():
    """Both figures become SVG whose alt text carries their titles."""
    assert "Binomial(10, 0.3)" in svg(plot_samples_against_formulas(*draw_samples(size=200)))
    assert "n = 30" in svg(plot_clt(repeats=200))
