"""snippets/linear_algebra/svd.py against numpy."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from snippets.linear_algebra.svd import (
    eckart_young_error,
    frobenius_norm,
    impute_low_rank,
    plot_error_vs_rank,
    plot_image_approximations,
    rank_k_approximation,
    ratings_matrix,
    svd_via_eigh,
    synthetic_image,
)

shapes = st.tuples(st.integers(1, 6), st.integers(1, 6))
entries = st.floats(-10, 10, allow_nan=False)
matrices = shapes.flatmap(lambda shape: arrays(float, shape, elements=entries))


def test_svd_via_eigh_matches_numpy():
    """Singular values equal numpy's and vectors agree up to sign, for tall and wide matrices."""
    rng = np.random.default_rng(0)
    for shape in [(6, 4), (4, 6), (5, 5), (8, 1), (1, 3)]:
        A = rng.normal(size=shape)
        U, s, Vt = svd_via_eigh(A)
        U_np, s_np, Vt_np = np.linalg.svd(A, full_matrices=False)
        np.testing.assert_allclose(s, s_np, rtol=1e-10)
        np.testing.assert_allclose(np.abs(np.sum(U * U_np, axis=0)), 1.0, atol=1e-8)
        np.testing.assert_allclose(np.abs(np.sum(Vt * Vt_np, axis=1)), 1.0, atol=1e-8)


@settings(max_examples=50, deadline=None)
@given(matrices)
def test_svd_via_eigh_rebuilds_the_matrix(A):
    """U diag(s) V^T equals A, s is sorted and positive, and V has orthonormal columns."""
    U, s, Vt = svd_via_eigh(A)
    scale = max(1.0, float(np.abs(A).max()))
    np.testing.assert_allclose(U * s @ Vt, A, atol=1e-6 * scale)
    assert np.all(s > 0) and np.all(np.diff(s) <= 0)
    np.testing.assert_allclose(Vt @ Vt.T, np.eye(len(s)), atol=1e-8)


def test_svd_via_eigh_finds_the_rank():
    """A product of 5x2 and 2x7 random factors gets exactly two singular values."""
    rng = np.random.default_rng(1)
    _, s, _ = svd_via_eigh(rng.normal(size=(5, 2)) @ rng.normal(size=(2, 7)))
    assert len(s) == 2


def test_zero_matrix_has_no_singular_values():
    """The zero matrix has rank 0: empty factors that still multiply back to zero."""
    U, s, Vt = svd_via_eigh(np.zeros((3, 2)))
    assert U.shape == (3, 0) and s.shape == (0,) and Vt.shape == (0, 2)


def test_frobenius_norm_matches_numpy():
    """frobenius_norm equals np.linalg.norm(A, 'fro')."""
    A = np.random.default_rng(2).normal(size=(4, 7))
    assert frobenius_norm(A) == pytest.approx(np.linalg.norm(A, "fro"))


@settings(max_examples=50, deadline=None)
@given(matrices, st.integers(0, 6))
def test_eckart_young_error_is_the_measured_error(A, k):
    """||A - A_k||_F equals sqrt(sum of the discarded sigma^2), and A_k has rank at most k."""
    A_k = rank_k_approximation(A, k)
    s = np.linalg.svd(A, compute_uv=False)
    expected = eckart_young_error(s, k)
    assert frobenius_norm(A - A_k) == pytest.approx(expected, abs=1e-7 * max(1.0, s[0]))
    assert np.linalg.matrix_rank(A_k) <= k


def test_rank_k_beats_other_rank_k_matrices():
    """No random rank-2 matrix is closer to A than the truncated SVD."""
    rng = np.random.default_rng(3)
    A = rng.normal(size=(6, 5))
    best = frobenius_norm(A - rank_k_approximation(A, 2))
    for _ in range(200):
        B = rng.normal(size=(6, 2)) @ rng.normal(size=(2, 5))
        assert frobenius_norm(A - B) >= best


def test_impute_keeps_known_ratings_and_beats_the_mean():
    """Known ratings are untouched, and a rank-3 fill beats each film's mean on hidden ones."""
    R = ratings_matrix(seed=4)
    hidden = np.random.default_rng(5).random(R.shape) < 0.2
    filled = impute_low_rank(R, hidden, k=3)
    np.testing.assert_array_equal(filled[~hidden], R[~hidden])
    means = impute_low_rank(R, hidden, k=3, n_iter=0)
    error = np.sqrt(np.mean((filled[hidden] - R[hidden]) ** 2))
    baseline = np.sqrt(np.mean((means[hidden] - R[hidden]) ** 2))
    assert error < baseline


def test_ratings_matrix_has_three_strong_factors():
    """Ratings lie in [1, 5] and three singular values dominate the rest."""
    R = ratings_matrix(seed=0)
    assert R.min() >= 1 and R.max() <= 5
    s = np.linalg.svd(R, compute_uv=False)
    assert s[2] > 3 * s[3]


def test_synthetic_image_is_seeded():
    """Same seed, same image, with the requested size."""
    np.testing.assert_array_equal(synthetic_image(32, seed=1), synthetic_image(32, seed=1))
    assert synthetic_image(32).shape == (32, 32)


def test_plots_are_titled():
    """Both figures carry the title they were given."""
    import matplotlib.pyplot as plt

    image = synthetic_image(16)
    fig = plot_error_vs_rank(image, 5, "errors")
    fig2 = plot_image_approximations(image, [1, 2], "pictures")
    try:
        assert fig.axes[0].get_title() == "errors"
        assert fig2._suptitle.get_text() == "pictures"
        assert [ax.get_title() for ax in fig2.axes] == ["original", "rank 1", "rank 2"]
    finally:
        plt.close(fig)
        plt.close(fig2)
