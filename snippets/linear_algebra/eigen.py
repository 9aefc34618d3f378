"""Eigenvalues and eigenvectors from scratch: power iteration, deflation, covariance."""

import numpy as np


def rayleigh_quotient(A, v):
    """v^T A v / v^T v: the eigenvalue that best fits the direction v."""
    v = np.asarray(v, dtype=float)
    return float(v @ (np.asarray(A, dtype=float) @ v) / (v @ v))


def power_iteration(A, tol=1e-10, max_iter=10_000, seed=0):
    """The eigenvalue of largest size and its unit eigenvector, by multiplying by A again and again.

    Stops when ||A v - lambda v|| <= tol * ||A|| (v is then an eigenvector as far as
    floats can tell) and returns (eigenvalue, eigenvector, iterations). Raises if that
    never happens, e.g. when two eigenvalues of the largest size tie, like 2 and -2.
    """
    A = np.asarray(A, dtype=float)
    n = A.shape[0]
    if A.shape != (n, n):
        raise ValueError(f"eigenvectors need a square matrix, got shape {A.shape}")
    scale = np.linalg.norm(A)
    if scale == 0.0:
        return 0.0, np.eye(n)[0], 0
    # A random start has some component along the top eigenvector (with probability 1).
    v = np.random.default_rng(seed).normal(size=n)
    v /= np.linalg.norm(v)
    for iteration in range(1, max_iter + 1):
        w = A @ v
        eigenvalue = float(v @ w)  # the Rayleigh quotient, since v has length 1
        if np.linalg.norm(w - eigenvalue * v) <= tol * scale:
            return eigenvalue, v, iteration
        v = w / np.linalg.norm(w)
    raise RuntimeError(f"power iteration did not converge in {max_iter} iterations")


def top_eigenpairs(A, k, tol=1e-10, seed=0):
    """The k eigenpairs of largest size of a symmetric A, by power iteration and deflation.

    After finding (lambda, v), subtract lambda v v^T: that sets v's eigenvalue to 0 and
    leaves the other eigenpairs alone, so the next run finds the runner-up.
    """
    A = np.array(A, dtype=float)
    values, vectors = [], []
    for i in range(k):
        eigenvalue, v, _ = power_iteration(A, tol=tol, seed=seed + i)
        values.append(eigenvalue)
        vectors.append(v)
        A = A - eigenvalue * np.outer(v, v)
    return np.array(values), np.column_stack(vectors)


def covariance(X):
    """Sample covariance of the columns of X: centre each column, then X_c^T X_c / (n - 1)."""
    X = np.asarray(X, dtype=float)
    centred = X - X.mean(axis=0)
    return centred.T @ centred / (X.shape[0] - 1)


def variance_along(X, u):
    """Sample variance of the data projected onto the direction u."""
    u = np.asarray(u, dtype=float)
    projections = np.asarray(X, dtype=float) @ (u / np.linalg.norm(u))
    return float(np.var(projections, ddof=1))


def correlated_cloud(n=200, seed=0, spreads=(2.0, 0.5), angle_deg=30.0, centre=(1.0, 2.0)):
    """n points in 2-D, spread spreads[0] along angle_deg and spreads[1] across it."""
    rng = np.random.default_rng(seed)
    theta = np.radians(angle_deg)
    rotation = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    return rng.normal(size=(n, 2)) * np.array(spreads) @ rotation.T + np.array(centre)


def plot_cloud_with_eigenvectors(X, title):
    """Scatter X and draw its covariance eigenvectors from the mean, scaled by sqrt(eigenvalue)."""
    import matplotlib.pyplot as plt

    X = np.asarray(X, dtype=float)
    values, vectors = np.linalg.eigh(covariance(X))
    mean = X.mean(axis=0)
    fig, ax = plt.subplots(figsize=(5.5, 4.5))
    ax.scatter(X[:, 0], X[:, 1], s=10, alpha=0.5, color="tab:blue")
    for value, vector, colour in zip(values, vectors.T, ["tab:green", "tab:red"]):
        vector = vector if vector.sum() >= 0 else -vector  # eigh's sign is arbitrary: point upwards
        tip = mean + np.sqrt(value) * vector
        arrow = {"arrowstyle": "-|>", "color": colour, "lw": 2.5}
        ax.annotate("", xy=tip, xytext=mean, arrowprops=arrow)
        ax.annotate(
            f"λ = {value:.2f}",
            xy=tip,
            xytext=10 * vector,
            textcoords="offset points",
            color=colour,
            fontsize=10,
            ha="left" if vector[0] >= 0 else "right",
            va="bottom",
            bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": colour, "alpha": 0.9},
        )
    ax.set_aspect("equal")
    ax.grid(True, alpha=0.3)
    ax.set_xlabel("feature 1")
    ax.set_ylabel("feature 2")
    ax.set_title(title)
    return fig
