"""snippets/from_scratch/regularisation.py against numpy's least squares, scipy.stats and scipy.optimize.

scikit-learn is not a dependency, so the lasso is checked against scipy's L-BFGS-B minimising the
same objective (written without the kink, as below) and against its optimality conditions.
"""

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize, stats

from notesite.figures import svg
from snippets.from_scratch.regularisation import (
    bias_variance_simulation,
    fit_polynomial,
    gaussian_log_posterior,
    lasso_coordinate_descent,
    lasso_objective,
    lasso_path,
    make_sparse_data,
    map_by_gradient_ascent,
    plot_bias_variance,
    plot_paths,
    polynomial_features,
    ridge,
    ridge_path,
    soft_threshold,
    true_function,
)

seeds = st.integers(0, 2**32 - 1)


def random_problem(seed, n, p):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, p)), rng.normal(size=n)


def scipy_lasso(X, y, lam):
    """The lasso solved by L-BFGS-B: w = u - v with u, v >= 0 turns |w| into the smooth u + v."""
    p = X.shape[1]

    def objective(z):
        residual = y - X @ (z[:p] - z[p:])
        return 0.5 * residual @ residual + lam * z.sum()

    def gradient(z):
        g = -X.T @ (y - X @ (z[:p] - z[p:]))
        return np.concatenate([g + lam, -g + lam])

    result = optimize.minimize(
        objective,
        np.zeros(2 * p),
        jac=gradient,
        method="L-BFGS-B",
        bounds=[(0, None)] * (2 * p),
        options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 20_000},
    )
    return result.x[:p] - result.x[p:]


def test_true_function_is_a_sine():
    """true_function(x) = sin(2 pi x): zero at 0, 1/2 and 1, peak 1 at 1/4."""
    np.testing.assert_allclose(
        true_function([0.0, 0.25, 0.5, 0.75, 1.0]), [0, 1, 0, -1, 0], atol=1e-12
    )


@settings(max_examples=30, deadline=None)
@given(seeds, st.integers(0, 12))
def test_polynomial_features_match_numpy_vander(seed, degree):
    """Columns t^1..t^d with t = 2x - 1, as numpy's polyvander without its column of ones."""
    x = np.random.default_rng(seed).uniform(size=9)
    expected = np.polynomial.polynomial.polyvander(2 * x - 1, degree)[:, 1:]
    np.testing.assert_allclose(polynomial_features(x, degree), expected)


@settings(max_examples=50, deadline=None)
@given(seeds, st.integers(1, 30), st.integers(1, 8), st.floats(1e-3, 1e3))
def test_ridge_is_least_squares_on_the_augmented_system(seed, n, p, lam):
    """ridge(X, y, lam) = lstsq([X; sqrt(lam) I], [y; 0]), wide or tall, and the gradient vanishes."""
    X, y = random_problem(seed, n, p)
    w = ridge(X, y, lam)
    augmented = np.linalg.lstsq(
        np.vstack([X, np.sqrt(lam) * np.eye(p)]), np.concatenate([y, np.zeros(p)]), rcond=None
    )[0]
    np.testing.assert_allclose(w, augmented, atol=1e-8)
    np.testing.assert_allclose(-X.T @ (y - X @ w) + lam * w, 0, atol=1e-8)


@settings(max_examples=30, deadline=None)
@given(seeds, st.integers(1, 5))
def test_ridge_with_zero_lambda_is_ordinary_least_squares(seed, p):
    """With lam = 0 and independent columns, ridge is scipy's least-squares solution."""
    X, y = random_problem(seed, 3 * p + 5, p)
    np.testing.assert_allclose(ridge(X, y, 0.0), scipy.linalg.lstsq(X, y)[0], atol=1e-9)


def test_ridge_shrinks_towards_zero_as_lambda_grows():
    """The length of the ridge weights falls as lam grows and tends to 0."""
    X, y = random_problem(0, 40, 6)
    norms = [np.linalg.norm(ridge(X, y, lam)) for lam in np.logspace(-3, 6, 20)]
    assert all(a > b for a, b in zip(norms, norms[1:]))
    assert norms[-1] < 1e-3 * norms[0]


@settings(max_examples=20, deadline=None)
@given(seeds, st.integers(0, 6))
def test_fit_polynomial_without_penalty_matches_numpy_polyfit(seed, degree):
    """lam = 0 gives the same predictions as numpy's least-squares polynomial fit."""
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(size=20))
    y = true_function(x) + 0.3 * rng.normal(size=20)
    x_new = np.linspace(0, 1, 11)
    reference = np.polynomial.Polynomial.fit(x, y, degree)(x_new)
    np.testing.assert_allclose(fit_polynomial(x, y, degree)(x_new), reference, atol=1e-8)


def test_fit_polynomial_never_penalises_the_intercept():
    """A huge lam flattens the curve to the mean of y, not to 0."""
    rng = np.random.default_rng(2)
    x, y = rng.uniform(size=30), 5 + rng.normal(size=30)
    np.testing.assert_allclose(
        fit_polynomial(x, y, 5, lam=1e12)(np.linspace(0, 1, 7)), y.mean(), atol=1e-6
    )


def test_bias_variance_without_noise_adds_up_exactly():
    """With noise 0 there is no cross term: error = bias^2 + variance exactly, and noise = 0."""
    r = bias_variance_simulation(3, n_sets=200, noise=0.0, seed=1)
    assert r["noise"] == 0.0
    assert r["error"] == pytest.approx(r["bias2"] + r["variance"], rel=1e-12)


@pytest.mark.parametrize(("degree", "lam"), [(0, 0.0), (3, 0.0), (7, 0.0), (9, 1e-2)])
def test_bias_variance_adds_up_within_simulation_error(degree, lam):
    """bias^2 + variance + noise is within 3 standard errors of the measured test error; noise is near sigma^2."""
    r = bias_variance_simulation(degree, lam=lam, n_sets=400, seed=3)
    assert abs(r["bias2"] + r["variance"] + r["noise"] - r["error"]) < 3 * r["error_se"]
    assert r["noise"] == pytest.approx(0.09, rel=0.05)


def test_bias_variance_is_seeded_and_orders_models():
    """The same seed gives the same numbers; a line has more bias and less variance than degree 7."""
    assert bias_variance_simulation(1, n_sets=50, seed=4) == bias_variance_simulation(
        1, n_sets=50, seed=4
    )
    line, wiggly = bias_variance_simulation(1, n_sets=300), bias_variance_simulation(7, n_sets=300)
    assert line["bias2"] > wiggly["bias2"] and line["variance"] < wiggly["variance"]


@settings(max_examples=30, deadline=None)
@given(seeds, st.floats(0.1, 5), st.floats(0.1, 5))
def test_log_posterior_matches_scipy_stats(seed, sigma, tau):
    """The log posterior is the sum of normal log densities of the residuals and of the weights."""
    X, y = random_problem(seed, 12, 3)
    w = np.random.default_rng(seed + 1).normal(size=3)
    expected = stats.norm.logpdf(y, X @ w, sigma).sum() + stats.norm.logpdf(w, 0, tau).sum()
    assert gaussian_log_posterior(w, X, y, sigma, tau) == pytest.approx(expected, rel=1e-12)


@settings(max_examples=30, deadline=None)
@given(seeds, st.floats(0.3, 3), st.floats(0.3, 3))
def test_map_estimate_is_ridge_with_lambda_sigma2_over_tau2(seed, sigma, tau):
    """Gradient ascent, scipy's BFGS on -log posterior, and ridge with lam = sigma^2 / tau^2 agree."""
    X, y = random_problem(seed, 30, 4)
    w_map = map_by_gradient_ascent(X, y, sigma, tau)
    np.testing.assert_allclose(w_map, ridge(X, y, sigma**2 / tau**2), atol=1e-9)
    result = optimize.minimize(
        lambda w: -gaussian_log_posterior(w, X, y, sigma, tau),
        np.zeros(4),
        method="BFGS",
        options={"gtol": 1e-10},
    )
    np.testing.assert_allclose(w_map, result.x, atol=1e-5)


@settings(max_examples=100, deadline=None)
@given(st.floats(-10, 10), st.floats(0, 5))
def test_soft_threshold_solves_its_one_dimensional_problem(z, t):
    """S(z, t) minimises (w - z)^2 / 2 + t |w|, as scipy's bounded scalar minimiser finds."""

    def cost(w):
        return 0.5 * (w - z) ** 2 + t * abs(w)

    found = optimize.minimize_scalar(
        cost, bounds=(-11, 11), method="bounded", options={"xatol": 1e-10}
    )
    assert cost(float(soft_threshold(z, t))) <= found.fun + 1e-9
    assert float(soft_threshold(z, t)) == pytest.approx(
        np.sign(z) * max(abs(z) - t, 0.0), abs=1e-12
    )


def test_soft_threshold_is_exactly_zero_inside_the_threshold():
    """Values within t of 0 become exactly 0 (not -0.0); others move towards 0 by t."""
    out = soft_threshold([-3.0, -0.5, 0.0, 0.5, 3.0], 1.0)
    np.testing.assert_array_equal(out, [-2.0, 0.0, 0.0, 0.0, 2.0])
    assert not np.any(np.signbit(out[1:4]))


@settings(max_examples=40, deadline=None)
@given(seeds, st.integers(5, 40), st.integers(1, 8), st.floats(0.05, 0.9))
def test_lasso_matches_scipy_lbfgsb(seed, n, p, fraction):
    """Coordinate descent reaches the same objective as L-BFGS-B, and the same weights."""
    X, y = random_problem(seed, n, p)
    lam = fraction * np.abs(X.T @ y).max()
    w = lasso_coordinate_descent(X, y, lam)
    reference = scipy_lasso(X, y, lam)
    assert lasso_objective(X, y, w, lam) <= lasso_objective(X, y, reference, lam) + 1e-7
    if n >= p:  # with more rows than features the minimiser is unique
        np.testing.assert_allclose(w, reference, atol=1e-4)


@settings(max_examples=40, deadline=None)
@given(seeds, st.integers(5, 40), st.integers(1, 10), st.floats(0.01, 0.99))
def test_lasso_satisfies_its_optimality_conditions(seed, n, p, fraction):
    """x_j . r = lam sign(w_j) where w_j != 0 and |x_j . r| <= lam where w_j = 0."""
    X, y = random_problem(seed, n, p)
    lam = fraction * np.abs(X.T @ y).max()
    w = lasso_coordinate_descent(X, y, lam)
    correlation = X.T @ (y - X @ w)
    active = w != 0
    np.testing.assert_allclose(correlation[active], lam * np.sign(w[active]), atol=1e-6)
    assert np.all(np.abs(correlation[~active]) <= lam + 1e-6)


def test_lasso_limits():
    """lam >= max |X^T y| zeroes every weight; lam = 0 is least squares; a zero column stays at 0."""
    X, y = random_problem(5, 30, 4)
    np.testing.assert_array_equal(lasso_coordinate_descent(X, y, np.abs(X.T @ y).max()), 0.0)
    np.testing.assert_allclose(
        lasso_coordinate_descent(X, y, 0.0), np.linalg.lstsq(X, y, rcond=None)[0], atol=1e-7
    )
    X[:, 2] = 0.0
    assert lasso_coordinate_descent(X, y, 1.0)[2] == 0.0


@settings(max_examples=30, deadline=None)
@given(seeds, st.floats(0.01, 3))
def test_orthonormal_columns_ridge_divides_and_lasso_soft_thresholds(seed, lam):
    """With X^T X = I: ridge = w_hat / (1 + lam) and lasso = S(w_hat, lam), w_hat = X^T y."""
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.normal(size=(20, 5)))
    y = rng.normal(size=20)
    w_hat = Q.T @ y
    np.testing.assert_allclose(ridge(Q, y, lam), w_hat / (1 + lam), atol=1e-12)
    np.testing.assert_allclose(
        lasso_coordinate_descent(Q, y, lam), soft_threshold(w_hat, lam), atol=1e-9
    )


def test_paths_match_single_fits_in_the_order_given():
    """Each row of a path is the fit at that lam (cold-started for the lasso), whatever the order of lams."""
    X, y, _ = make_sparse_data(n=40, p=8, n_useful=3, seed=1)
    lams = np.array([5.0, 0.1, 50.0, 1.0])
    lasso_rows, ridge_rows = lasso_path(X, y, lams), ridge_path(X, y, lams)
    for lam, lasso_row, ridge_row in zip(lams, lasso_rows, ridge_rows):
        np.testing.assert_allclose(lasso_row, lasso_coordinate_descent(X, y, lam), atol=1e-7)
        np.testing.assert_allclose(ridge_row, ridge(X, y, lam))


def test_make_sparse_data():
    """Standardised columns, centred target, the stated true weights, and the same data for the same seed."""
    X, y, w_true = make_sparse_data(n=50, p=10, n_useful=3, seed=2)
    np.testing.assert_allclose(X.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(X.std(axis=0), 1)
    assert y.mean() == pytest.approx(0, abs=1e-12)
    np.testing.assert_array_equal(w_true, [3.0, -2.0, 1.5] + [0.0] * 7)
    np.testing.assert_array_equal(make_sparse_data(n=50, p=10, n_useful=3, seed=2)[0], X)


def test_lasso_zeroes_useless_features_and_ridge_does_not():
    """On sparse data, the lasso sets some weights exactly to 0; ridge at any lam sets none."""
    X, y, _ = make_sparse_data(n=40, p=20, n_useful=5, noise=3.0, seed=0)
    assert np.sum(lasso_coordinate_descent(X, y, 20.0) == 0) >= 10
    assert not np.any(ridge_path(X, y, np.logspace(-2, 3, 11)) == 0)


def test_plots_have_titles():
    """Both plots render to SVG; the titles (figure, then panels) become the alt text."""
    results = [bias_variance_simulation(d, n_sets=20) for d in (0, 1)]
    assert 'alt="Bias and variance"' in svg(
        plot_bias_variance([0, 1], results, "Bias and variance")
    )
    X, y, _ = make_sparse_data(n=30, p=6, n_useful=2)
    lams = np.logspace(-1, 2, 5)
    markup = svg(
        plot_paths(lams, ridge_path(X, y, lams), lasso_path(X, y, lams), "Paths", n_useful=2)
    )
    assert 'alt="Paths; ridge (L2); lasso (L1)"' in markup
