"""Rank, null space and orthogonal projections from the SVD, and least squares as a projection."""

import numpy as np


def rank_tolerance(A, s=None):
    """The cutoff below which a singular value counts as zero: max(m, n) * eps * the largest.

    An exactly dependent column leaves a singular value of rounding size (about eps times
    the largest), not 0, so a test against 0 would count it. numpy's matrix_rank uses the
    same default.
    """
    A = np.asarray(A, dtype=float)
    if s is None:
        s = np.linalg.svd(A, compute_uv=False)
    largest = s[0] if np.size(s) else 0.0
    return max(A.shape) * np.finfo(float).eps * largest


def rank(A, tol=None):
    """How many singular values stand above the tolerance: the number of independent columns."""
    A = np.asarray(A, dtype=float)
    s = np.linalg.svd(A, compute_uv=False)
    tol = rank_tolerance(A, s) if tol is None else tol
    return int(np.sum(s > tol))


def _svd_split(A, tol=None):
    """A's SVD cut at its rank r: (U_r, s_r, V_r, V_rest), with V_rest the n - r leftover inputs."""
    A = np.asarray(A, dtype=float)
    U, s, Vt = np.linalg.svd(A, full_matrices=True)
    tol = rank_tolerance(A, s) if tol is None else tol
    r = int(np.sum(s > tol))
    return U[:, :r], s[:r], Vt[:r].T, Vt[r:].T


def column_space_basis(A, tol=None):
    """Orthonormal columns spanning every A x: the first r left singular vectors."""
    return _svd_split(A, tol)[0]


def null_space_basis(A, tol=None):
    """Orthonormal columns spanning every x with A x = 0: the right singular vectors past the rank."""
    return _svd_split(A, tol)[3]


def project_onto_line(a, b):
    """The point on the line through a that is closest to b: (a.b / a.a) a."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return (a @ b) / (a @ a) * a


def projection_matrix(A, tol=None):
    """P = U_r U_r^T, the orthogonal projection onto A's column space, dependent columns or not."""
    U_r = column_space_basis(A, tol)
    return U_r @ U_r.T


def hat_matrix(X):
    """H = X (X^T X)^-1 X^T, solved rather than inverted. Needs independent columns."""
    X = np.asarray(X, dtype=float)
    return X @ np.linalg.solve(X.T @ X, X.T)


def leverage(X, tol=None):
    """The diagonal of the hat matrix, h_ii = |row i of U_r|^2, without building the n x n matrix."""
    U_r = column_space_basis(X, tol)
    return np.sum(U_r**2, axis=1)


def least_squares(X, y, tol=None):
    """The shortest beta that minimises |y - X beta|: V_r diag(1 / s_r) U_r^T y.

    With independent columns it is the only minimiser; with dependent ones it picks the one
    with no component in the null space, like np.linalg.lstsq and the pseudo-inverse.
    """
    U_r, s_r, V_r, _ = _svd_split(X, tol)
    return V_r @ ((U_r.T @ np.asarray(y, dtype=float)) / s_r)


def plot_projection(X, y, title, view=(20, -35)):
    """y, its projection onto the plane spanned by the two columns of X (n = 3), and the residual."""
    import matplotlib.pyplot as plt

    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    y_hat = projection_matrix(X) @ y
    residual = y - y_hat
    fig = plt.figure(figsize=(6, 5.5))
    ax = fig.add_subplot(projection="3d")
    # A patch of the plane: every mix of the two columns with weights from -0.5 to 2.
    weights = np.linspace(-0.5, 1.5, 2)
    s, t = np.meshgrid(weights, weights)
    plane = X[:, :1, None] * s + X[:, 1:2, None] * t
    ax.plot_surface(*plane, color="tab:blue", alpha=0.12)
    origin = np.zeros(3)
    arrows = [
        (X[:, 0], "tab:blue", "the two columns of X"),
        (X[:, 1], "tab:blue", None),
        (y, "black", "y, the targets"),
        (y_hat, "tab:orange", "ŷ = Hy, the fitted values"),
    ]
    for vector, colour, name in arrows:
        ax.quiver(*origin, *vector, color=colour, arrow_length_ratio=0.08, lw=2, label=name)
    ax.plot(*np.column_stack([y_hat, y]), color="tab:red", ls="--", lw=2, label="residual y − ŷ")
    # A small square in the corner where the residual meets the plane: the right angle.
    along = -y_hat / np.linalg.norm(y_hat) * 0.4
    up = residual / np.linalg.norm(residual) * 0.4
    corner = np.column_stack([y_hat + along, y_hat + along + up, y_hat + up])
    ax.plot(*corner, color="tab:red", lw=1)
    ax.legend(loc="upper left", fontsize=9)
    ax.view_init(*view)
    ax.set_aspect("equal")
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.set_major_locator(plt.MaxNLocator(4, integer=True))
    ax.set_xlabel("point 1")
    ax.set_ylabel("point 2")
    ax.set_zlabel("point 3")
    ax.set_title(title)
    return fig
