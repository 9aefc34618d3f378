"""snippets/from_scratch/pca.py against numpy's covariance, eigvalsh and scipy's SVD."""

import matplotlib.pyplot as plt
import numpy as np
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from snippets.from_scratch.pca import (
    centre,
    covariance_matrix,
    explained_variance_ratio,
    make_latent_data,
    match_signs,
    pca_eig,
    pca_svd,
    plot_explained_variance,
    project,
    reconstruct,
    reconstruction_error,
)

datasets = st.tuples(st.integers(5, 30), st.integers(2, 5)).flatmap(
    lambda shape: arrays(
        float, shape, elements=st.floats(-100, 100, allow_nan=False, allow_subnormal=False)
    )
)


@settings(max_examples=50, deadline=None)
@given(datasets)
def test_components_are_orthonormal_and_ordered_by_variance(X):
    """For any data, the components are orthonormal, the eigenvalues non-increasing, and each is the variance along its component."""
    eigenvalues, V = pca_eig(X)
    scale = max(1.0, float(np.abs(X).max())) ** 2
    np.testing.assert_allclose(V.T @ V, np.eye(X.shape[1]), atol=1e-9)
    assert np.all(np.diff(eigenvalues) <= 1e-9 * scale)
    assert eigenvalues[-1] >= -1e-9 * scale
    Xc, _ = centre(X)
    np.testing.assert_allclose((Xc @ V).var(axis=0, ddof=1), eigenvalues, atol=1e-8 * scale)
    np.testing.assert_allclose(
        eigenvalues.sum(), np.trace(np.cov(X, rowvar=False)), atol=1e-8 * scale
    )


@settings(max_examples=50, deadline=None)
@given(datasets)
def test_eig_and_svd_give_the_same_variances(X):
    """pca_svd's s^2/(n - 1) equals pca_eig's eigenvalues for any data."""
    scale = max(1.0, float(np.abs(X).max())) ** 2
    np.testing.assert_allclose(pca_svd(X)[0], pca_eig(X)[0], atol=1e-8 * scale)


def test_covariance_matrix_matches_numpy():
    """covariance_matrix equals np.cov with columns as variables."""
    X = np.random.default_rng(0).normal(size=(40, 4)) + 3
    np.testing.assert_allclose(covariance_matrix(X), np.cov(X, rowvar=False))


def test_eigenvalues_match_numpy_and_scipy_svd():
    """The eigenvalues equal numpy's eigvalsh of np.cov, sorted down, and scipy's singular values squared over n - 1."""
    X = make_latent_data(seed=1)
    eigenvalues, _ = pca_eig(X)
    np.testing.assert_allclose(eigenvalues, np.linalg.eigvalsh(np.cov(X, rowvar=False))[::-1])
    s = scipy.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    np.testing.assert_allclose(eigenvalues, s**2 / (len(X) - 1))


def test_eig_and_svd_components_agree_up_to_sign():
    """With distinct eigenvalues, every SVD direction is the eigen direction or its negative."""
    X = make_latent_data(seed=2)
    _, V = pca_eig(X)
    _, V_svd = pca_svd(X)
    np.testing.assert_allclose(np.abs(np.sum(V * V_svd, axis=0)), 1, atol=1e-9)
    np.testing.assert_allclose(match_signs(V, V_svd), V, atol=1e-9)


def test_latent_data_has_two_strong_directions():
    """Data made from 2 factors has 2 large eigenvalues (about 9 and 2.25) holding over 95% of the variance."""
    eigenvalues, _ = pca_eig(make_latent_data(seed=0))
    ratio = explained_variance_ratio(eigenvalues)
    assert np.isclose(ratio.sum(), 1.0)
    assert ratio[:2].sum() > 0.95 and eigenvalues[2] < 0.2


def test_reconstruction_error_falls_to_zero_and_equals_the_dropped_variance():
    """The error with k components is the sum of the dropped eigenvalues, falls with k, and all components rebuild the data."""
    X = make_latent_data(n=100, d=5, seed=3)
    eigenvalues, V = pca_eig(X)
    errors = [reconstruction_error(X, k) for k in range(6)]
    np.testing.assert_allclose(errors, [eigenvalues[k:].sum() for k in range(6)], atol=1e-10)
    assert all(later < earlier for earlier, later in zip(errors, errors[1:]))
    mean = X.mean(axis=0)
    np.testing.assert_allclose(reconstruct(project(X, mean, V, 5), mean, V, 5), X, atol=1e-10)


def test_plot_explained_variance_has_a_title_and_bars():
    """The figure carries the title, one bar per component and the cumulative line."""
    fig = plot_explained_variance(np.array([4.0, 2.0, 1.0]), "Variance")
    ax = fig.axes[0]
    assert ax.get_title() == "Variance" and len(ax.patches) == 3 and len(ax.lines) == 1
    plt.close(fig)
