"""PCA from scratch, twice: eigenvectors of the covariance matrix, and the SVD of the centred data."""

import numpy as np


def make_latent_data(n=300, d=6, strengths=(3.0, 1.5), noise=0.3, seed=0):
    """n points in d dimensions driven by a few hidden factors (one per strength) plus small noise."""
    rng = np.random.default_rng(seed)
    factors = rng.normal(size=(n, len(strengths))) * np.asarray(strengths)
    loadings, _ = np.linalg.qr(rng.normal(size=(d, len(strengths))))  # orthonormal directions
    offset = rng.normal(scale=5.0, size=d)  # data is rarely centred to begin with
    return factors @ loadings.T + offset + noise * rng.normal(size=(n, d))


def centre(X):
    """Subtract each column's mean; returns the centred data and the means."""
    mean = X.mean(axis=0)
    return X - mean, mean


def covariance_matrix(X):
    """Sample covariance Xc^T Xc / (n - 1) of the centred data."""
    Xc, _ = centre(X)
    return Xc.T @ Xc / (len(X) - 1)


def pca_eig(X):
    """Eigenvalues (decreasing) and unit eigenvectors (as columns) of the covariance matrix."""
    eigenvalues, eigenvectors = np.linalg.eigh(covariance_matrix(X))  # eigh sorts increasing
    order = np.argsort(eigenvalues)[::-1]
    return eigenvalues[order], eigenvectors[:, order]


def pca_svd(X):
    """The same from Xc = U S V^T: the directions are the columns of V, the variances s^2 / (n - 1)."""
    Xc, _ = centre(X)
    _, s, Vt = np.linalg.svd(Xc, full_matrices=False)
    return s**2 / (len(X) - 1), Vt.T


def match_signs(reference, components):
    """Flip each column of components to point the same way as the matching column of reference."""
    signs = np.sign(np.sum(reference * components, axis=0))
    signs[signs == 0] = 1.0
    return components * signs


def explained_variance_ratio(eigenvalues):
    """Each component's share of the total variance."""
    return eigenvalues / eigenvalues.sum()


def project(X, mean, components, k):
    """Coordinates of each centred point along the first k components: (X - mean) V_k."""
    return (X - mean) @ components[:, :k]


def reconstruct(scores, mean, components, k):
    """Back to the original space: scores V_k^T + mean."""
    return scores @ components[:, :k].T + mean


def reconstruction_error(X, k):
    """Squared distance between each point and its k-component reconstruction, summed, over n - 1."""
    _, components = pca_eig(X)
    mean = X.mean(axis=0)
    X_hat = reconstruct(project(X, mean, components, k), mean, components, k)
    return float(np.sum((X - X_hat) ** 2) / (len(X) - 1))


def plot_explained_variance(eigenvalues, title):
    """Bars for each component's share of the variance, a line for the running total."""
    import matplotlib.pyplot as plt

    ratio = explained_variance_ratio(eigenvalues)
    positions = np.arange(1, len(ratio) + 1)
    fig, ax = plt.subplots(figsize=(6, 3.8))
    ax.bar(positions, ratio, color="tab:blue", alpha=0.7, label="this component")
    ax.plot(positions, np.cumsum(ratio), color="tab:red", marker="o", label="cumulative")
    ax.set_xticks(positions)
    ax.set_xlabel("principal component")
    ax.set_ylabel("share of total variance")
    ax.set_ylim(0, 1.05)
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend(loc="center right")
    ax.set_title(title)
    return fig
