"""snippets/probability_statistics/covariance.py against numpy and scipy."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from notesite.figures import svg
from snippets.probability_statistics.covariance import (
    bootstrap_coefficients,
    correlated_pairs,
    correlation_matrix,
    covariance,
    covariance_matrix,
    fit_least_squares,
    make_flats,
    make_regression_data,
    plot_coefficient_pairs,
    r_squared,
    standardise,
    variance,
    vif,
)

finite = st.floats(-100, 100, allow_nan=False)
data_matrices = st.tuples(st.integers(2, 30), st.integers(1, 5)).flatmap(
    lambda shape: arrays(float, shape, elements=finite)
)


def test_variance_and_covariance_match_numpy():
    """variance and covariance equal np.var and np.cov, for ddof 0 and 1."""
    rng = np.random.default_rng(0)
    for _ in range(20):
        x, y = rng.normal(size=(2, int(rng.integers(2, 50))))
        for ddof in (0, 1):
            assert variance(x, ddof) == pytest.approx(np.var(x, ddof=ddof), rel=1e-12)
            expected = np.cov(x, y, ddof=ddof)[0, 1]
            assert covariance(x, y, ddof) == pytest.approx(expected, rel=1e-10, abs=1e-14)


def test_variance_needs_enough_values():
    """A sample variance of one value raises a ValueError."""
    with pytest.raises(ValueError, match="more than 1"):
        variance([3.0])


def test_covariance_matrix_matches_np_cov():
    """covariance_matrix(X) equals np.cov(X, rowvar=False) for random data."""
    rng = np.random.default_rng(1)
    for _ in range(20):
        X = rng.normal(size=(int(rng.integers(3, 40)), int(rng.integers(1, 6))))
        expected = np.atleast_2d(np.cov(X, rowvar=False))
        np.testing.assert_allclose(covariance_matrix(X), expected, atol=1e-12)


@settings(max_examples=50, deadline=None)
@given(data_matrices)
def test_covariance_matrix_is_symmetric_psd(X):
    """For any data the covariance matrix is symmetric with no eigenvalue below zero."""
    sigma = covariance_matrix(X)
    np.testing.assert_array_equal(sigma, sigma.T)
    scale = max(1.0, float(np.abs(sigma).max()))
    assert np.linalg.eigvalsh(sigma).min() >= -1e-9 * scale


@settings(max_examples=50, deadline=None)
@given(data_matrices, st.integers(0, 2**32 - 1))
def test_quadratic_form_is_variance_of_projection(X, seed):
    """w^T Sigma w equals the variance of the projected data X w, so it is never negative."""
    w = np.random.default_rng(seed).normal(size=X.shape[1])
    quadratic = w @ covariance_matrix(X) @ w
    scale = max(1.0, float(np.abs(X).max()) ** 2 * float(w @ w))
    assert quadratic == pytest.approx(variance(X @ w), abs=1e-9 * scale)
    assert quadratic >= -1e-9 * scale


def test_correlation_matrix_matches_np_corrcoef():
    """correlation_matrix equals np.corrcoef and standardised columns have mean 0, std 1."""
    X, _ = make_flats()
    np.testing.assert_allclose(correlation_matrix(X), np.corrcoef(X, rowvar=False), atol=1e-12)
    Z = standardise(X)
    np.testing.assert_allclose(Z.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Z.std(axis=0, ddof=1), 1, atol=1e-12)


def test_correlated_pairs_finds_the_duplicate_area():
    """Only area in m² and area in square feet pass the 0.95 threshold in the flats data."""
    X, names = make_flats()
    pairs = correlated_pairs(correlation_matrix(X), names)
    assert [(a, b) for a, b, _ in pairs] == [("area_m2", "area_ft2")]


def test_fit_least_squares_matches_scipy_linregress():
    """With one feature, the fitted intercept and slope equal scipy.stats.linregress."""
    rng = np.random.default_rng(2)
    x = rng.normal(size=50)
    y = 1.5 - 2.0 * x + rng.normal(size=50)
    fit = stats.linregress(x, y)
    expected = [fit.intercept, fit.slope]
    np.testing.assert_allclose(fit_least_squares(x[:, None], y), expected, rtol=1e-10)


def test_r_squared_matches_squared_correlation():
    """With one feature, R^2 is the squared Pearson correlation."""
    rng = np.random.default_rng(3)
    x = rng.normal(size=80)
    y = x + rng.normal(size=80)
    assert r_squared(x[:, None], y) == pytest.approx(stats.pearsonr(x, y).statistic ** 2, rel=1e-10)


def test_vif_matches_inverse_correlation_diagonal():
    """The VIFs are the diagonal of the inverse correlation matrix (a known identity)."""
    rng = np.random.default_rng(4)
    base = rng.normal(size=(100, 1))
    X = np.column_stack([base, base + 0.3 * rng.normal(size=(100, 1)), rng.normal(size=(100, 2))])
    expected = np.diag(np.linalg.inv(np.corrcoef(X, rowvar=False)))
    np.testing.assert_allclose(vif(X), expected, rtol=1e-8)


def test_collinear_coefficients_swing_and_independent_ones_do_not():
    """Coefficients spread 10x more at correlation 0.999 than at 0; their sum stays tight."""
    collinear = bootstrap_coefficients(*make_regression_data(0.999), n_resamples=100)
    independent = bootstrap_coefficients(*make_regression_data(0.0), n_resamples=100)
    assert collinear[:, 1].std() > 10 * independent[:, 1].std()
    assert (collinear[:, 1] + collinear[:, 2]).std() < 0.1 * collinear[:, 1].std()


def test_plot_coefficient_pairs_renders_with_titles():
    """The figure becomes SVG whose alt text names both panels."""
    fits = bootstrap_coefficients(*make_regression_data(0.5), n_resamples=20)
    markup = svg(plot_coefficient_pairs(fits, fits))
    assert "Correlation 0.999" in markup and "Correlation 0:" in markup
