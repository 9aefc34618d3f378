"""The singular value decomposition from scratch, low-rank approximation and a tiny recommender."""

import numpy as np


def svd_via_eigh(A):
    """A = U diag(s) V^T built from the eigendecomposition of A^T A.

    V holds the eigenvectors of A^T A, the singular values are the square roots of its
    eigenvalues, and each column of U is A v / sigma. Only the r eigenvalues that stand
    above the rounding noise of A^T A (max(m, n) * eps * the largest) are kept, so the
    result is the compact SVD: U is m x r, s has r entries, Vt is r x n.
    """
    A = np.asarray(A, dtype=float)
    eigenvalues, V = np.linalg.eigh(A.T @ A)
    order = np.argsort(eigenvalues)[::-1]  # eigh sorts ascending; the SVD wants largest first
    eigenvalues, V = eigenvalues[order], V[:, order]
    # A zero singular value comes back as an eigenvalue of about eps * lambda_max, which
    # would be a singular value of sqrt(eps) * s_max: noise, not signal.
    noise = max(A.shape) * np.finfo(float).eps * (eigenvalues[0] if eigenvalues.size else 0.0)
    keep = eigenvalues > noise
    s, V = np.sqrt(eigenvalues[keep]), V[:, keep]
    U = A @ V / s
    return U, s, V.T


def frobenius_norm(A):
    """Square every entry, add them up, take the square root."""
    A = np.asarray(A, dtype=float)
    return float(np.sqrt(np.sum(A * A)))


def rank_k_approximation(A, k):
    """Keep the k largest singular values and their vectors: the best rank-k matrix."""
    U, s, Vt = np.linalg.svd(np.asarray(A, dtype=float), full_matrices=False)
    return (U[:, :k] * s[:k]) @ Vt[:k]


def eckart_young_error(s, k):
    """The Frobenius error of the best rank-k approximation: sqrt of the discarded sigma^2."""
    s = np.asarray(s, dtype=float)
    return float(np.sqrt(np.sum(s[k:] ** 2)))


def synthetic_image(size=64, seed=0):
    """A greyscale picture: a shaded background, a bright square, a dark disk, faint noise."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:size, 0:size] / size
    image = 0.3 + 0.3 * x  # left-to-right shading
    image[int(0.15 * size) : int(0.55 * size), int(0.1 * size) : int(0.5 * size)] = 0.9
    image[(x - 0.68) ** 2 + (y - 0.65) ** 2 < 0.22**2] = 0.1
    return image + 0.02 * rng.normal(size=image.shape)


def ratings_matrix(n_users=40, n_items=12, seed=0, noise=0.25):
    """Users x items ratings from 1 to 5, made from three hidden factors plus noise.

    Each user has a generosity and a taste for two genres; each item has a weight on the
    two genres. A rating is generosity + taste . genre weights, plus a little noise.
    """
    rng = np.random.default_rng(seed)
    users = np.column_stack([rng.normal(3.2, 0.4, n_users), rng.normal(0, 1, (n_users, 2))])
    items = np.column_stack([np.ones(n_items), rng.normal(0, 0.8, (n_items, 2))])
    return np.clip(users @ items.T + noise * rng.normal(size=(n_users, n_items)), 1, 5)


def impute_low_rank(R, hidden, k, n_iter=100):
    """Fill the hidden entries of R by repeatedly replacing them with a rank-k approximation.

    Start from each item's mean over the ratings that are known, then alternate: fit the
    best rank-k matrix, copy its values into the hidden cells only. Known ratings never
    change. Returns the filled matrix.
    """
    R = np.asarray(R, dtype=float)
    hidden = np.asarray(hidden, dtype=bool)
    filled = R.copy()
    known = np.where(hidden, np.nan, R)
    filled[hidden] = np.broadcast_to(np.nanmean(known, axis=0), R.shape)[hidden]
    for _ in range(n_iter):
        filled[hidden] = rank_k_approximation(filled, k)[hidden]
    return filled


def plot_error_vs_rank(A, max_rank, title):
    """Measured error of every rank-k approximation, with the Eckart-Young prediction on top."""
    import matplotlib.pyplot as plt

    A = np.asarray(A, dtype=float)
    s = np.linalg.svd(A, compute_uv=False)
    ranks = np.arange(0, max_rank + 1)
    total = frobenius_norm(A)
    measured = [frobenius_norm(A - rank_k_approximation(A, k)) / total for k in ranks]
    predicted = [eckart_young_error(s, k) / total for k in ranks]
    fig, ax = plt.subplots(figsize=(6, 3.8))
    ax.plot(ranks, predicted, color="tab:orange", lw=2, label="sqrt(sum of discarded σ²)")
    ax.plot(ranks, measured, "o", color="tab:blue", ms=4, label="measured ‖A − A_k‖")
    ax.set_yscale("log")
    ax.set_xlabel("rank k")
    ax.set_ylabel("relative error (Frobenius)")
    ax.grid(True, alpha=0.3)
    ax.legend()
    ax.set_title(title)
    return fig


def plot_image_approximations(image, ranks, title):
    """The image next to its rank-k approximations, one panel each."""
    import matplotlib.pyplot as plt

    panels = [("original", image)] + [(f"rank {k}", rank_k_approximation(image, k)) for k in ranks]
    fig, axes = plt.subplots(1, len(panels), figsize=(1.6 * len(panels), 2.1))
    for ax, (label, picture) in zip(axes, panels):
        ax.imshow(picture, cmap="gray", vmin=0, vmax=1, interpolation="nearest")
        ax.set_title(label, fontsize=10)
        ax.axis("off")
    fig.suptitle(title, fontsize=11)
    return fig
