"""snippets/linear_algebra/determinants.py against numpy."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from snippets.linear_algebra.determinants import (
    area_of_image,
    compare_solvers,
    det_2x2,
    det_cofactor,
    det_lu,
    hilbert,
    lu_with_pivoting,
    plot_unit_square_images,
    solve_by_elimination,
)

entries = st.floats(-10, 10, allow_nan=False)


def square(n):
    return arrays(float, (n, n), elements=entries)


def hadamard(M):
    """Hadamard's bound on |det M|: the product of its rows' lengths."""
    return float(np.prod(np.linalg.norm(M, axis=1)))


def test_det_2x2_is_ad_minus_bc():
    """det_2x2 of [[a, b], [c, d]] is ad - bc."""
    assert det_2x2([[3, 8], [4, 6]]) == 3 * 6 - 8 * 4


def test_determinants_match_numpy_on_random_matrices():
    """Cofactor expansion and LU pivots both equal np.linalg.det for sizes 1 to 6."""
    rng = np.random.default_rng(0)
    for n in range(1, 7):
        A = rng.normal(size=(n, n))
        assert det_cofactor(A) == pytest.approx(np.linalg.det(A), rel=1e-9, abs=1e-12)
        assert det_lu(A) == pytest.approx(np.linalg.det(A), rel=1e-9, abs=1e-12)


def test_lu_factors_rebuild_the_permuted_matrix():
    """L is unit lower-triangular, U upper-triangular, and L U equals A's rows in perm order."""
    rng = np.random.default_rng(1)
    A = rng.normal(size=(6, 6))
    perm, L, U, _ = lu_with_pivoting(A)
    np.testing.assert_allclose(L @ U, A[perm], atol=1e-12)
    np.testing.assert_allclose(np.tril(L), L)
    np.testing.assert_allclose(np.diag(L), 1.0)
    np.testing.assert_allclose(np.triu(U), U)
    assert np.abs(L).max() <= 1.0  # partial pivoting keeps every multiplier at most 1


@settings(max_examples=50, deadline=None)
@given(st.integers(2, 4).flatmap(lambda n: st.tuples(square(n), square(n))))
def test_det_of_product_is_product_of_dets(pair):
    """det(AB) = det(A) det(B) for random square matrices."""
    A, B = pair
    scale = max(1.0, abs(det_lu(A) * det_lu(B)))
    # Elimination's rounding error grows with the size of the rows, not with the
    # determinant: a singular B whose product with A has entries in the hundreds gives
    # det(AB) ~ 4e-8, not 0. Hadamard's bound (product of row lengths) caps |det|.
    n = len(A)
    rounding = 64 * n * np.finfo(float).eps * (hadamard(A @ B) + hadamard(A) * hadamard(B))
    assert det_lu(A @ B) == pytest.approx(det_lu(A) * det_lu(B), abs=1e-8 * scale + rounding)


@settings(max_examples=50, deadline=None)
@given(square(2))
def test_area_of_image_is_the_determinant(A):
    """The signed area of the unit square's image equals the 2x2 determinant."""
    assert area_of_image(A) == pytest.approx(det_2x2(A), abs=1e-9)


def test_solve_by_elimination_matches_numpy():
    """solve_by_elimination agrees with np.linalg.solve on random well-conditioned systems."""
    rng = np.random.default_rng(2)
    for n in range(1, 9):
        A = rng.normal(size=(n, n)) + n * np.eye(n)
        b = rng.normal(size=n)
        expected = np.linalg.solve(A, b)
        np.testing.assert_allclose(solve_by_elimination(A, b), expected, rtol=1e-10, atol=1e-12)


def test_solve_by_elimination_needs_pivoting():
    """A zero in the top-left corner is handled by swapping rows."""
    A = np.array([[0.0, 1.0], [1.0, 1.0]])
    np.testing.assert_allclose(solve_by_elimination(A, [2.0, 3.0]), [1.0, 2.0])


def test_singular_matrix_is_refused():
    """An exactly singular matrix raises LinAlgError instead of dividing by zero."""
    with pytest.raises(np.linalg.LinAlgError, match="singular"):
        solve_by_elimination([[1.0, 2.0], [2.0, 4.0]], [1.0, 2.0])


def test_non_square_matrix_is_refused():
    """Determinants of non-square matrices raise a ValueError naming the shape."""
    with pytest.raises(ValueError, match=r"\(2, 3\)"):
        det_cofactor(np.ones((2, 3)))


def test_hilbert_matches_scipy():
    """hilbert(n) equals scipy.linalg.hilbert(n)."""
    from scipy.linalg import hilbert as scipy_hilbert

    np.testing.assert_allclose(hilbert(7), scipy_hilbert(7))


def test_solve_has_smaller_residual_than_inverse_on_hilbert():
    """On the 10x10 Hilbert matrix, solve's residual is tiny and far below inv @ b's."""
    results = compare_solvers(hilbert(10), np.ones(10))
    assert results["solve"]["residual"] < 1e-14
    assert results["inv @ b"]["residual"] > 1e6 * results["solve"]["residual"]


def test_plot_has_one_titled_panel_per_matrix():
    """The figure has one axes per matrix, each titled with its determinant."""
    import matplotlib.pyplot as plt

    fig = plot_unit_square_images([[[2, 0], [0, 1]], [[1, 1], [1, 1]]], "test")
    try:
        assert [ax.get_title() for ax in fig.axes] == ["det = 2", "det = 0"]
    finally:
        plt.close(fig)
