"""snippets/linear_algebra/eigen.py against numpy."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.linear_algebra.eigen import (
    correlated_cloud,
    covariance,
    plot_cloud_with_eigenvectors,
    power_iteration,
    rayleigh_quotient,
    top_eigenpairs,
    variance_along,
)


def symmetric_with_spectrum(eigenvalues, seed):
    """Q diag(eigenvalues) Q^T for a random orthogonal Q."""
    n = len(eigenvalues)
    Q, _ = np.linalg.qr(np.random.default_rng(seed).normal(size=(n, n)))
    return Q @ np.diag(eigenvalues) @ Q.T


def test_power_iteration_matches_eigh():
    """On random symmetric matrices: eigh's largest |lambda|, and its eigenvector up to sign."""
    rng = np.random.default_rng(0)
    for n in range(2, 8):
        M = rng.normal(size=(n, n))
        S = (M + M.T) / 2
        values, vectors = np.linalg.eigh(S)
        top = np.argmax(np.abs(values))
        if np.sort(np.abs(values))[-2] > 0.95 * abs(values[top]):
            continue  # too small a gap for a quick test
        value, vector, _ = power_iteration(S, tol=1e-12, seed=n)
        assert value == pytest.approx(values[top], abs=1e-9)
        assert abs(vector @ vectors[:, top]) == pytest.approx(1.0, abs=1e-9)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.floats(-5, 5, allow_nan=False), min_size=1, max_size=5),
    st.floats(6, 20),
    st.sampled_from([1.0, -1.0]),
    st.integers(0, 2**32 - 1),
)
def test_power_iteration_returns_an_eigenpair(rest, top, sign, seed):
    """With a clear winner, ||A v - lambda v|| is tiny, |v| = 1 and lambda is the top eigenvalue."""
    spectrum = [sign * top] + rest
    A = symmetric_with_spectrum(spectrum, seed)
    value, vector, _ = power_iteration(A, tol=1e-10, seed=seed)
    assert np.linalg.norm(vector) == pytest.approx(1.0)
    assert np.linalg.norm(A @ vector - value * vector) <= 1e-10 * np.linalg.norm(A) + 1e-12
    assert value == pytest.approx(sign * top, rel=1e-8)


def test_power_iteration_is_deterministic():
    """The same seed gives the same answer and iteration count."""
    S = symmetric_with_spectrum([3.0, 1.0, 0.5], seed=4)
    first, second = power_iteration(S, seed=9), power_iteration(S, seed=9)
    assert first[0] == second[0] and first[2] == second[2]
    np.testing.assert_array_equal(first[1], second[1])


def test_power_iteration_raises_without_a_real_winner():
    """A rotation has no real eigenvector, so power iteration reports non-convergence."""
    with pytest.raises(RuntimeError, match="did not converge"):
        power_iteration([[0.0, -1.0], [1.0, 0.0]], max_iter=200)


def test_power_iteration_refuses_non_square():
    """A non-square matrix raises ValueError naming its shape."""
    with pytest.raises(ValueError, match=r"\(2, 3\)"):
        power_iteration(np.ones((2, 3)))


def test_top_eigenpairs_match_eigh():
    """Deflation recovers the three largest eigenvalues and their vectors up to sign."""
    spectrum = [9.0, -6.0, 4.0, 1.0, 0.5]
    S = symmetric_with_spectrum(spectrum, seed=1)
    values, vectors = top_eigenpairs(S, 3)
    np.testing.assert_allclose(values, spectrum[:3], atol=1e-8)
    reference_values, reference_vectors = np.linalg.eigh(S)
    for value, vector in zip(values, vectors.T):
        match = reference_vectors[:, np.argmin(np.abs(reference_values - value))]
        assert abs(vector @ match) == pytest.approx(1.0, abs=1e-7)


def test_rayleigh_quotient_of_an_eigenvector_is_its_eigenvalue():
    """The Rayleigh quotient of (1, 1) under [[2, 1], [1, 2]] is 3, for any scaling."""
    assert rayleigh_quotient([[2, 1], [1, 2]], [5, 5]) == pytest.approx(3.0)


def test_covariance_matches_numpy():
    """covariance(X) equals np.cov(X, rowvar=False)."""
    X = np.random.default_rng(2).normal(size=(50, 4))
    np.testing.assert_allclose(covariance(X), np.cov(X, rowvar=False))


def test_top_eigenvector_has_the_most_variance():
    """The top eigenvector spreads the data by its eigenvalue, and no direction spreads it more."""
    X = correlated_cloud(n=200, seed=5)
    values, vectors = np.linalg.eigh(covariance(X))
    assert variance_along(X, vectors[:, -1]) == pytest.approx(values[-1])
    for angle in np.linspace(0, np.pi, 90):
        assert variance_along(X, [np.cos(angle), np.sin(angle)]) <= values[-1] + 1e-12


def test_correlated_cloud_is_seeded():
    """Same seed, same points; the long axis lies along the requested angle."""
    np.testing.assert_array_equal(correlated_cloud(seed=3), correlated_cloud(seed=3))
    _, vectors = np.linalg.eigh(covariance(correlated_cloud(n=5000, seed=3, angle_deg=30)))
    assert abs(vectors[:, -1] @ [np.cos(np.radians(30)), np.sin(np.radians(30))]) > 0.99


def test_plot_has_a_title_and_two_arrows():
    """The figure is titled and draws one arrow per eigenvector."""
    import matplotlib.pyplot as plt

    fig = plot_cloud_with_eigenvectors(correlated_cloud(n=50), "cloud")
    try:
        ax = fig.axes[0]
        assert ax.get_title() == "cloud"
        arrows = [child for child in ax.texts if getattr(child, "arrow_patch", None) is not None]
        assert len(arrows) == 2
    finally:
        plt.close(fig)
