"""snippets/calculus/lagrange.py against scipy.optimize.minimize (SLSQP) and numpy.linalg.eigh."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize

from notesite.figures import svg
from snippets.calculus.lagrange import (
    lagrange_newton,
    least_squares_in_a_ball,
    plot_tangency,
    quadratic_value,
    ridge,
    solve_equality_qp,
    solve_inequality_qp,
)

seeds = st.integers(0, 2**32 - 1)


def _spd(rng, n):
    """A random symmetric positive definite matrix with eigenvalues between 0.5 and 5."""
    Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    return Q @ np.diag(rng.uniform(0.5, 5, size=n)) @ Q.T


def _slsqp(Q, q, constraints, x0):
    """scipy's SLSQP on x.Q.x / 2 + q.x with the given constraints, to tight tolerance."""
    result = minimize(
        lambda x: quadratic_value(Q, q, x),
        x0,
        jac=lambda x: Q @ x + q,
        constraints=constraints,
        method="SLSQP",
        options={"ftol": 1e-12, "maxiter": 500},
    )
    assert result.success, result.message
    return result.x


def test_the_running_example_by_hand():
    """x^2 + 2y^2 on x + y = 3: the optimum is (2, 1) with lambda = 4 and f = 6."""
    x, lam = solve_equality_qp(np.diag([2.0, 4.0]), [0.0, 0.0], [[1.0, 1.0]], [3.0])
    np.testing.assert_allclose(x, [2.0, 1.0])
    np.testing.assert_allclose(lam, [4.0])
    assert quadratic_value(np.diag([2.0, 4.0]), [0.0, 0.0], x) == pytest.approx(6.0)


@settings(max_examples=40, deadline=None)
@given(seeds, st.integers(2, 6), st.integers(1, 3))
def test_equality_qp_matches_slsqp(seed, n, m):
    """For random convex quadratics and m < n random linear constraints, x agrees with SLSQP,
    the constraints hold, and grad f = A^T lam."""
    m = min(m, n - 1)
    rng = np.random.default_rng(seed)
    Q, q = _spd(rng, n), rng.normal(size=n)
    A, c = rng.normal(size=(m, n)), rng.normal(size=m)
    x, lam = solve_equality_qp(Q, q, A, c)
    theirs = _slsqp(
        Q, q, [{"type": "eq", "fun": lambda z: A @ z - c, "jac": lambda z: A}], np.zeros(n)
    )
    np.testing.assert_allclose(x, theirs, atol=1e-5)
    np.testing.assert_allclose(A @ x, c, atol=1e-10)
    np.testing.assert_allclose(Q @ x + q, A.T @ lam, atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(seeds, st.integers(2, 5), st.integers(1, 3))
def test_each_multiplier_is_the_slope_of_the_optimum_in_its_constraint(seed, n, m):
    """d f*/d c_i = lam_i: a central difference in each constraint level matches its multiplier."""
    m = min(m, n - 1)
    rng = np.random.default_rng(seed)
    Q, q = _spd(rng, n), rng.normal(size=n)
    A, c = rng.normal(size=(m, n)), rng.normal(size=m)
    _, lam = solve_equality_qp(Q, q, A, c)
    h = 1e-5
    for i in range(m):
        e = np.eye(m)[i] * h
        up = quadratic_value(Q, q, solve_equality_qp(Q, q, A, c + e)[0])
        down = quadratic_value(Q, q, solve_equality_qp(Q, q, A, c - e)[0])
        assert (up - down) / (2 * h) == pytest.approx(lam[i], rel=1e-5, abs=1e-6)


def test_newton_on_a_nonlinear_constraint_matches_slsqp():
    """Minimise (x - 2)^2 + (y - 1)^2 + z^2 on the unit sphere: Newton from a nearby guess and
    SLSQP agree, and the point is the target scaled to length 1, with lambda = 1 - |target|."""
    target = np.array([2.0, 1.0, 0.0])

    def f(x):
        return float(np.sum((x - target) ** 2))

    x, lam, _ = lagrange_newton(
        lambda x: 2 * (x - target), lambda x: x @ x, lambda x: 2 * x, 1.0, [0.8, 0.5, 0.1], 0.0
    )
    theirs = minimize(
        f,
        [0.8, 0.5, 0.1],
        constraints=[{"type": "eq", "fun": lambda z: z @ z - 1}],
        method="SLSQP",
        options={"ftol": 1e-12},
    ).x
    np.testing.assert_allclose(x, theirs, atol=1e-5)
    np.testing.assert_allclose(x, target / np.linalg.norm(target), atol=1e-10)
    # 2 (x - t) = lam 2 x with x = t / |t| gives lam = 1 - |t|.
    assert lam[0] == pytest.approx(1 - np.linalg.norm(target))


def test_newton_with_two_constraints_matches_slsqp():
    """Maximise x y z subject to x + y + z = 3 and x - y = 0.5, Newton against SLSQP."""

    def grad(v):
        return -np.array([v[1] * v[2], v[0] * v[2], v[0] * v[1]])  # minimise -xyz

    G = np.array([[1.0, 1.0, 1.0], [1.0, -1.0, 0.0]])
    x, lam, _ = lagrange_newton(
        grad, lambda v: G @ v, lambda v: G, [3.0, 0.5], [1.3, 0.8, 0.9], [0, 0]
    )
    theirs = minimize(
        lambda v: -np.prod(v),
        [1.3, 0.8, 0.9],
        constraints=[{"type": "eq", "fun": lambda v: G @ v - [3.0, 0.5]}],
        method="SLSQP",
        options={"ftol": 1e-14},
    ).x
    np.testing.assert_allclose(x, theirs, atol=1e-5)
    np.testing.assert_allclose(grad(x), G.T @ lam, atol=1e-9)


@settings(max_examples=30, deadline=None)
@given(seeds, st.integers(2, 6))
def test_pca_by_newton_finds_eigenpairs_and_the_top_one_matches_eigh(seed, d):
    """Every solution of C v = lam v, v.v = 1 found by Newton is an eigenpair of C, and started
    near the top eigenvector it returns eigh's largest eigenvalue and its eigenvector."""
    rng = np.random.default_rng(seed)
    data = rng.normal(size=(200, d)) @ rng.normal(size=(d, d))
    C = np.cov(data, rowvar=False)
    values, vectors = np.linalg.eigh(C)

    def solve(v0):
        v0 = v0 / np.linalg.norm(v0)
        return lagrange_newton(
            lambda v: 2 * C @ v, lambda v: v @ v, lambda v: 2 * v, 1.0, v0, v0 @ C @ v0
        )

    v, lam, _ = solve(rng.normal(size=d))
    assert np.min(np.abs(values - lam[0])) < 1e-8 * values[-1]
    np.testing.assert_allclose(C @ v, lam[0] * v, atol=1e-8 * values[-1])
    near_top = vectors[:, -1] + 0.01 * rng.normal(size=d)
    v, lam, _ = solve(near_top)
    assert lam[0] == pytest.approx(values[-1], rel=1e-9)
    assert abs(v @ vectors[:, -1]) == pytest.approx(1.0, abs=1e-8)
    assert v @ C @ v == pytest.approx(values[-1], rel=1e-9)  # the variance is the multiplier


def test_newton_that_has_not_converged_says_so():
    """With too few iterations Newton raises instead of returning an unfinished answer."""
    C = np.diag([3.0, 2.0, 1.0])
    with pytest.raises(RuntimeError, match="did not converge"):
        lagrange_newton(
            lambda v: 2 * C @ v, lambda v: v @ v, lambda v: 2 * v, 1.0, [0.6, 0.6, 0.5], 0.0, 1
        )


def test_inequality_examples_from_the_note():
    """x + y >= 3 binds with mu = 4; x + y >= -1 is slack with mu = 0; adding y <= 0.5 gives
    (2.5, 0.5) with mu = (5, 3)."""
    Q, q = np.diag([2.0, 4.0]), np.zeros(2)
    x, mu = solve_inequality_qp(Q, q, [[-1.0, -1.0]], [-3.0])
    np.testing.assert_allclose(x, [2.0, 1.0])
    np.testing.assert_allclose(mu, [4.0])
    x, mu = solve_inequality_qp(Q, q, [[-1.0, -1.0]], [1.0])
    np.testing.assert_allclose(x, [0.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(mu, [0.0])
    x, mu = solve_inequality_qp(Q, q, [[-1.0, -1.0], [0.0, 1.0]], [-3.0, 0.5])
    np.testing.assert_allclose(x, [2.5, 0.5])
    np.testing.assert_allclose(mu, [5.0, 3.0])


@settings(max_examples=40, deadline=None)
@given(seeds, st.integers(2, 5), st.integers(1, 5))
def test_inequality_qp_matches_slsqp_and_satisfies_kkt(seed, n, m):
    """Random convex quadratics with m random feasible limits G x <= h: x agrees with SLSQP, and
    stationarity, feasibility, mu >= 0 and complementary slackness all hold."""
    rng = np.random.default_rng(seed)
    Q, q = _spd(rng, n), rng.normal(size=n) * 3
    G = rng.normal(size=(m, n))
    h = G @ rng.normal(size=n) + rng.uniform(0.1, 1.0, size=m)  # a point inside all limits
    x, mu = solve_inequality_qp(Q, q, G, h)
    theirs = _slsqp(
        Q, q, [{"type": "ineq", "fun": lambda z: h - G @ z, "jac": lambda z: -G}], np.zeros(n)
    )
    np.testing.assert_allclose(x, theirs, atol=1e-5)
    np.testing.assert_allclose(Q @ x + q + G.T @ mu, 0, atol=1e-8)
    assert np.all(G @ x <= h + 1e-9) and np.all(mu >= 0)
    np.testing.assert_allclose(mu * (h - G @ x), 0, atol=1e-8)


def test_infeasible_limits_are_reported():
    """x <= -1 and x >= 1 cannot both hold: no active set passes."""
    with pytest.raises(ValueError, match="feasible"):
        solve_inequality_qp([[2.0]], [0.0], [[1.0], [-1.0]], [-1.0, -1.0])


@settings(max_examples=40, deadline=None)
@given(seeds, st.floats(0.0, 100.0))
def test_ridge_matches_lstsq_on_the_augmented_system(seed, alpha):
    """Ridge is least squares on X stacked over sqrt(alpha) I, with y stacked over zeros."""
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(30, 4)), rng.normal(size=30)
    augmented_X = np.vstack([X, np.sqrt(alpha) * np.eye(4)])
    augmented_y = np.concatenate([y, np.zeros(4)])
    expected = np.linalg.lstsq(augmented_X, augmented_y, rcond=None)[0]
    np.testing.assert_allclose(ridge(X, y, alpha), expected, atol=1e-9)


@settings(max_examples=30, deadline=None)
@given(seeds, st.floats(0.05, 1.5))
def test_least_squares_in_a_ball_matches_slsqp_and_is_ridge(seed, fraction):
    """With budget t = fraction * ||w_ols||^2: the answer agrees with SLSQP; when t is below
    ||w_ols||^2 it lies on the ball and equals ridge(mu); otherwise mu = 0 and it is w_ols."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(40, 3))
    y = X @ rng.normal(size=3) * 2 + rng.normal(0, 0.5, 40)
    w_ols = ridge(X, y, 0.0)
    t = fraction * (w_ols @ w_ols)
    w, mu = least_squares_in_a_ball(X, y, t)
    theirs = minimize(
        lambda v: np.sum((X @ v - y) ** 2),
        np.zeros(3),
        jac=lambda v: 2 * X.T @ (X @ v - y),
        constraints=[{"type": "ineq", "fun": lambda v: t - v @ v, "jac": lambda v: -2 * v}],
        method="SLSQP",
        options={"ftol": 1e-14, "maxiter": 500},
    ).x
    np.testing.assert_allclose(w, theirs, atol=1e-4 * max(1.0, np.linalg.norm(w)))
    if fraction < 1:
        assert mu > 0 and w @ w == pytest.approx(t, rel=1e-9)
        np.testing.assert_allclose(w, ridge(X, y, mu))
    else:
        assert mu == 0 and np.allclose(w, w_ols)


def test_ball_multiplier_is_minus_the_slope_of_the_best_loss():
    """Loosening the budget t lowers the best squared error at the rate mu."""
    rng = np.random.default_rng(1)
    X = rng.normal(size=(50, 3))
    y = X @ np.array([2.0, -1.0, 0.5]) + rng.normal(0, 0.5, 50)

    def best_loss(t):
        w, _ = least_squares_in_a_ball(X, y, t)
        return float(np.sum((X @ w - y) ** 2))

    _, mu = least_squares_in_a_ball(X, y, 1.0)
    h = 1e-4
    assert (best_loss(1 + h) - best_loss(1 - h)) / (2 * h) == pytest.approx(-mu, rel=1e-5)


def test_plot_has_a_title():
    """The tangency plot renders to SVG and its title becomes the alt text."""
    fig = plot_tangency(
        np.diag([2.0, 4.0]), [[1.0, 1.0]], 3.0, [2.0, 1.0], "Touching", [(1.0, 2.0)]
    )
    assert 'alt="Touching"' in svg(fig)
