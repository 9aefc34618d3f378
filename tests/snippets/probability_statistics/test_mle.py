"""snippets/probability_statistics/mle.py against scipy.stats, scipy.special and scipy.optimize."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import optimize, special, stats

from notesite.figures import svg
from snippets.probability_statistics.mle import (
    bernoulli_log_likelihood,
    bernoulli_mle,
    gradient_ascent_normal,
    grid_search,
    labels_log_likelihood,
    log_loss,
    mse,
    normal_log_likelihood,
    normal_mle,
    plot_bernoulli_log_likelihood,
    sigmoid,
)


def test_log_likelihoods_match_scipy():
    """Both log-likelihoods equal the sum of scipy's log-pmf / log-pdf over random data."""
    rng = np.random.default_rng(0)
    for _ in range(20):
        flips = rng.integers(0, 2, size=rng.integers(1, 50))
        p = rng.uniform(0.01, 0.99)
        expected = stats.bernoulli.logpmf(flips, p).sum()
        assert bernoulli_log_likelihood(p, flips) == pytest.approx(expected)
        x = rng.normal(3, 2, size=rng.integers(1, 50))
        mu, sigma2 = rng.normal(), rng.uniform(0.1, 10)
        expected = stats.norm.logpdf(x, mu, np.sqrt(sigma2)).sum()
        assert normal_log_likelihood(mu, sigma2, x) == pytest.approx(expected)


@settings(max_examples=50, deadline=None)
@given(arrays(np.int64, st.integers(1, 200), elements=st.integers(0, 1)))
def test_bernoulli_mle_is_the_fraction_of_ones(flips):
    """p-hat equals the fraction of ones, and a grid search lands within one grid step of it."""
    assert bernoulli_mle(flips) == flips.sum() / flips.size
    if 0 < flips.sum() < flips.size:  # otherwise the maximum sits on the boundary 0 or 1
        grid = np.linspace(0.001, 0.999, 999)
        best = grid_search(lambda p: bernoulli_log_likelihood(p, flips), grid)
        assert abs(best - bernoulli_mle(flips)) <= 0.001 + 1e-12


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 300), st.floats(-1e3, 1e3), st.floats(1e-2, 1e2))
def test_numerical_normal_mle_equals_sample_mean_and_biased_variance(seed, n, loc, scale):
    """Gradient ascent on random normal samples reaches the sample mean and the 1/n variance."""
    x = np.random.default_rng(seed).normal(loc, scale, size=n)
    mu, sigma2 = gradient_ascent_normal(x)
    mu_hat, sigma2_hat = normal_mle(x)
    assert mu_hat == pytest.approx(x.mean()) and sigma2_hat == pytest.approx(x.var(ddof=0))
    assert abs(mu - mu_hat) < 1e-6 * np.sqrt(sigma2_hat)
    assert sigma2 == pytest.approx(sigma2_hat, rel=1e-5)


def test_gradient_ascent_agrees_with_scipy_minimize():
    """scipy.optimize.minimize on the negative log-likelihood finds the same (mu, sigma^2)."""
    x = np.random.default_rng(5).normal(10, 3, size=80)

    def minus_log_l(t):
        return -normal_log_likelihood(t[0], np.exp(t[1]), x)

    result = optimize.minimize(minus_log_l, x0=[0.0, 0.0])
    mu, sigma2 = gradient_ascent_normal(x)
    assert mu == pytest.approx(result.x[0], abs=1e-4)
    assert sigma2 == pytest.approx(np.exp(result.x[1]), rel=1e-4)


def test_constant_data_is_refused():
    """With every value equal, sigma -> 0 makes the likelihood unbounded, so no maximum exists."""
    with pytest.raises(ValueError, match="all values are equal"):
        gradient_ascent_normal([2.0, 2.0, 2.0])


def test_sigmoid_matches_scipy_without_overflow_warnings():
    """sigmoid equals scipy's expit, including at +-1000 where a naive exp would overflow."""
    z = np.array([-1000.0, -30.0, -1.0, 0.0, 2.5, 40.0, 1000.0])
    np.testing.assert_allclose(sigmoid(z), special.expit(z), rtol=1e-12, atol=0)


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 100))
def test_log_loss_is_the_negative_mean_bernoulli_log_likelihood(seed, n):
    """For any labels and predicted probabilities, log-loss = -log-likelihood / n."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=n)
    p = sigmoid(rng.normal(0, 3, size=n))
    p = np.clip(p, 1e-9, 1 - 1e-9)
    assert log_loss(y, p) == pytest.approx(-labels_log_likelihood(y, p) / n)
    assert log_loss(y, p) == pytest.approx(-stats.bernoulli.logpmf(y, p).mean())


def test_gaussian_log_likelihood_is_a_shifted_scaled_mse():
    """-log L = n/2 log(2 pi sigma^2) + n MSE / (2 sigma^2) for any predictions."""
    rng = np.random.default_rng(2)
    y, y_hat = rng.normal(size=30), rng.normal(size=30)
    assert mse(y, y_hat) == pytest.approx(np.mean((y - y_hat) ** 2))
    for sigma2 in [0.5, 1.0, 4.0]:
        minus_log_l = -normal_log_likelihood(0.0, sigma2, y - y_hat)
        expected = 15 * np.log(2 * np.pi * sigma2) + 30 * mse(y, y_hat) / (2 * sigma2)
        assert minus_log_l == pytest.approx(expected)


def test_plot_has_a_title():
    """The plot renders to SVG and its title becomes the alt text."""
    markup = svg(plot_bernoulli_log_likelihood([1, 0, 1, 1], "Bernoulli log-likelihood"))
    assert 'alt="Bernoulli log-likelihood"' in markup
