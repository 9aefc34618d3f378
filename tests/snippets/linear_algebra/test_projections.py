"""snippets/linear_algebra/projections.py against numpy.linalg and scipy.linalg."""

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st

from notesite.figures import svg
from snippets.linear_algebra.projections import (
    column_space_basis,
    hat_matrix,
    least_squares,
    leverage,
    null_space_basis,
    plot_projection,
    project_onto_line,
    projection_matrix,
    rank,
    rank_tolerance,
)

seeds = st.integers(0, 2**32 - 1)
dims = st.integers(1, 7)


def low_rank(seed, m, n, r, scale=1.0):
    """An m x n matrix of rank min(r, m, n) (almost surely): a product through r dimensions."""
    rng = np.random.default_rng(seed)
    return scale * rng.normal(size=(m, r)) @ rng.normal(size=(r, n))


def same_span(B, C):
    """Two matrices with orthonormal columns span the same space when their projectors agree."""
    return B.shape == C.shape and np.allclose(B @ B.T, C @ C.T, atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(seeds, dims, dims, st.integers(0, 7), st.sampled_from([1e-20, 1.0, 1e20]))
def test_rank_matches_numpy_matrix_rank(seed, m, n, r, scale):
    """rank equals np.linalg.matrix_rank and the rank built in, at any scale of the matrix."""
    A = low_rank(seed, m, n, r, scale)
    assert rank(A) == np.linalg.matrix_rank(A) == min(r, m, n)


def test_rank_tolerance_is_numpys_default():
    """The cutoff is max(m, n) * eps * the largest singular value, as documented for matrix_rank."""
    A = low_rank(0, 6, 4, 2)
    s = np.linalg.svd(A, compute_uv=False)
    assert rank_tolerance(A) == pytest.approx(s.max() * max(A.shape) * np.finfo(float).eps)
    assert rank_tolerance(np.zeros((3, 2))) == 0.0


def test_exact_zero_test_overcounts_a_dependent_column():
    """A column equal to the sum of two others leaves a non-zero singular value below the tolerance."""
    A = np.array([[1.0, 0, 1], [1, 1, 2], [0, 1, 1], [2, 1, 3]])
    s = np.linalg.svd(A, compute_uv=False)
    assert np.sum(s > 0) == 3 and rank(A) == 2
    assert rank(A, tol=0.0) == 3  # with no tolerance the rounding noise counts


@settings(max_examples=60, deadline=None)
@given(seeds, dims, dims, st.integers(0, 7))
def test_null_space_matches_scipy(seed, m, n, r):
    """null_space_basis spans the same space as scipy.linalg.null_space, is orthonormal, and A N = 0."""
    A = low_rank(seed, m, n, r)
    N = null_space_basis(A)
    assert same_span(N, scipy.linalg.null_space(A))
    np.testing.assert_allclose(N.T @ N, np.eye(N.shape[1]), atol=1e-12)
    assert np.abs(A @ N).max(initial=0) <= 1e-9 * max(1.0, np.abs(A).max())


@settings(max_examples=60, deadline=None)
@given(seeds, dims, dims, st.integers(0, 7))
def test_column_space_matches_scipy_orth(seed, m, n, r):
    """column_space_basis spans the same space as scipy.linalg.orth, with rank(A) columns."""
    A = low_rank(seed, m, n, r)
    B = column_space_basis(A)
    assert B.shape[1] == rank(A)
    assert same_span(B, scipy.linalg.orth(A))


@settings(max_examples=60, deadline=None)
@given(seeds, dims, dims, st.integers(0, 7))
def test_rank_nullity(seed, m, n, r):
    """rank + nullity = number of columns, for wide, tall, square and rank-deficient matrices."""
    A = low_rank(seed, m, n, r)
    assert rank(A) + null_space_basis(A).shape[1] == n


@settings(max_examples=60, deadline=None)
@given(seeds, st.integers(2, 8))
def test_project_onto_line(seed, n):
    """The projection lies on the line, its leftover is orthogonal to a, and it equals a a^T b / a^T a."""
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=n), rng.normal(size=n)
    p = project_onto_line(a, b)
    assert (b - p) @ a == pytest.approx(0, abs=1e-10)
    np.testing.assert_allclose(p, np.outer(a, a) @ b / (a @ a))
    np.testing.assert_allclose(p, projection_matrix(a[:, None]) @ b, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(seeds, dims, dims, st.integers(0, 7))
def test_projection_matrix_is_a_times_its_pseudo_inverse(seed, m, n, r):
    """P = A pinv(A): symmetric, idempotent, trace = rank, and it leaves A's columns unchanged."""
    A = low_rank(seed, m, n, r)
    P = projection_matrix(A)
    np.testing.assert_allclose(P, A @ np.linalg.pinv(A), atol=1e-9)
    np.testing.assert_allclose(P, P.T, atol=1e-12)
    np.testing.assert_allclose(P @ P, P, atol=1e-12)
    assert np.trace(P) == pytest.approx(rank(A))
    np.testing.assert_allclose(P @ A, A, atol=1e-9 * max(1.0, np.abs(A).max()))


@settings(max_examples=50, deadline=None)
@given(seeds, st.integers(1, 5), st.integers(0, 20))
def test_hat_matrix_for_independent_columns(seed, p, extra_rows):
    """H y = X lstsq(X, y); H is the projection, symmetric, idempotent, trace p; I - H has trace n - p."""
    rng = np.random.default_rng(seed)
    n = p + 1 + extra_rows
    X, y = rng.normal(size=(n, p)), rng.normal(size=n)
    H = hat_matrix(X)
    np.testing.assert_allclose(H @ y, X @ scipy.linalg.lstsq(X, y)[0], atol=1e-9)
    np.testing.assert_allclose(H, projection_matrix(X), atol=1e-9)
    np.testing.assert_allclose(H @ H, H, atol=1e-9)
    assert np.trace(H) == pytest.approx(p) and np.trace(np.eye(n) - H) == pytest.approx(n - p)


def test_hat_matrix_refuses_an_exactly_duplicated_column():
    """With a duplicated integer column X^T X is exactly singular, and the formula raises."""
    X = np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]])
    with pytest.raises(np.linalg.LinAlgError):
        hat_matrix(X)
    assert np.trace(projection_matrix(X)) == pytest.approx(1.0)


@settings(max_examples=50, deadline=None)
@given(seeds, st.integers(3, 30))
def test_leverage_is_the_diagonal_of_h(seed, n):
    """Leverages equal diag(H), lie in [0, 1], sum to p, and match the one-feature formula."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    X = np.column_stack([np.ones(n), x])
    h = leverage(X)
    np.testing.assert_allclose(h, np.diag(hat_matrix(X)), atol=1e-12)
    assert np.all(h >= -1e-12) and np.all(h <= 1 + 1e-12)
    assert h.sum() == pytest.approx(2)
    expected = 1 / n + (x - x.mean()) ** 2 / np.sum((x - x.mean()) ** 2)
    np.testing.assert_allclose(h, expected, atol=1e-12)


def test_leverage_is_the_sensitivity_of_a_fitted_value_to_its_own_target():
    """Raising y_i by 1 raises the i-th fitted value by exactly h_ii."""
    rng = np.random.default_rng(1)
    X, y = np.column_stack([np.ones(12), rng.normal(size=(12, 2))]), rng.normal(size=12)
    h = leverage(X)
    for i in range(12):
        bumped = y.copy()
        bumped[i] += 1
        moved = X[i] @ (least_squares(X, bumped) - least_squares(X, y))
        assert moved == pytest.approx(h[i])


@settings(max_examples=60, deadline=None)
@given(seeds, dims, dims, st.integers(0, 7))
def test_least_squares_is_the_minimum_norm_solution(seed, m, n, r):
    """least_squares equals numpy's lstsq and pinv(X) y, dependent, wide or tall; residual is orthogonal."""
    X = low_rank(seed, m, n, r)
    y = np.random.default_rng(seed + 1).normal(size=m)
    beta = least_squares(X, y)
    np.testing.assert_allclose(beta, np.linalg.lstsq(X, y, rcond=None)[0], atol=1e-8)
    np.testing.assert_allclose(beta, np.linalg.pinv(X) @ y, atol=1e-8)
    np.testing.assert_allclose(X.T @ (y - X @ beta), 0, atol=1e-8)
    # Minimum norm: no component along the null space.
    np.testing.assert_allclose(null_space_basis(X).T @ beta, 0, atol=1e-8)


def test_adding_a_null_vector_leaves_the_fit_unchanged():
    """With area in m^2 and in ft^2, any multiple of the null vector gives the same predictions."""
    rng = np.random.default_rng(4)
    m2 = rng.uniform(30, 120, 50)
    X = np.column_stack([np.ones(50), m2, 10.7639 * m2])
    y = 20 + 3 * m2 + rng.normal(0, 15, 50)
    beta, n = least_squares(X, y), null_space_basis(X)[:, 0]
    assert rank(X) == 2
    for t in (-100.0, 3.0, 1e3):
        np.testing.assert_allclose(X @ (beta + t * n), X @ beta, rtol=1e-9)


def test_plot_has_a_title():
    """The projection plot renders to SVG with its title as alt text."""
    X = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
    markup = svg(plot_projection(X, np.array([2.0, -1.0, 3.0]), "A projection"))
    assert 'alt="A projection"' in markup
