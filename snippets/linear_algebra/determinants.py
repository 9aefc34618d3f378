"""Determinants, areas and solving Ax = b from scratch, to set beside numpy's versions."""

import numpy as np


def det_2x2(A):
    """ad - bc: the signed area of the parallelogram spanned by the two columns."""
    (a, b), (c, d) = np.asarray(A, dtype=float)
    return a * d - b * c


def det_cofactor(A):
    """Expand along the first row; n! terms, so only for small matrices."""
    A = np.asarray(A, dtype=float)
    n = A.shape[0]
    if A.shape != (n, n):
        raise ValueError(f"a determinant needs a square matrix, got shape {A.shape}")
    if n == 1:
        return A[0, 0]
    if n == 2:
        return det_2x2(A)
    total = 0.0
    for j in range(n):
        minor = np.delete(A[1:], j, axis=1)  # drop row 0 and column j
        total += (-1) ** j * A[0, j] * det_cofactor(minor)
    return total


def lu_with_pivoting(A):
    """Gaussian elimination with partial pivoting: P A = L U.

    Returns (perm, L, U, swaps) where perm lists the original row of each row of U
    and swaps counts the row exchanges (each one flips the sign of the determinant).
    """
    U = np.array(A, dtype=float)
    n = U.shape[0]
    if U.shape != (n, n):
        raise ValueError(f"LU needs a square matrix, got shape {U.shape}")
    L = np.eye(n)
    perm = np.arange(n)
    swaps = 0
    for k in range(n - 1):
        # The largest pivot available keeps the multipliers at most 1 in size.
        p = k + int(np.argmax(np.abs(U[k:, k])))
        if p != k:
            U[[k, p], k:] = U[[p, k], k:]
            L[[k, p], :k] = L[[p, k], :k]
            perm[[k, p]] = perm[[p, k]]
            swaps += 1
        if U[k, k] == 0.0:
            continue  # the whole column below is zero: nothing to eliminate
        multipliers = U[k + 1 :, k] / U[k, k]
        L[k + 1 :, k] = multipliers
        U[k + 1 :, k + 1 :] -= np.outer(multipliers, U[k, k + 1 :])
        U[k + 1 :, k] = 0.0  # exactly zero by construction; skip the rounding noise
    return perm, L, U, swaps


def det_lu(A):
    """The product of the pivots, with one sign flip per row swap: about n^3 work, not n!."""
    _, _, U, swaps = lu_with_pivoting(A)
    return (-1) ** swaps * float(np.prod(np.diag(U)))


def solve_by_elimination(A, b):
    """Solve Ax = b: eliminate with partial pivoting, then substitute back from the bottom."""
    perm, L, U, _ = lu_with_pivoting(A)
    b = np.asarray(b, dtype=float)[perm]
    n = len(b)
    if np.any(np.diag(U) == 0.0):
        raise np.linalg.LinAlgError("the matrix is singular: a pivot is exactly zero")
    y = np.zeros(n)
    for i in range(n):  # L y = P b, top to bottom
        y[i] = b[i] - L[i, :i] @ y[:i]
    x = np.zeros(n)
    for i in reversed(range(n)):  # U x = y, bottom to top
        x[i] = (y[i] - U[i, i + 1 :] @ x[i + 1 :]) / U[i, i]
    return x


def area_of_image(A):
    """Signed area of the unit square after A, by the shoelace formula on its four corners."""
    corners = np.asarray(A, dtype=float) @ np.array([[0, 1, 1, 0], [0, 0, 1, 1]], dtype=float)
    x, y = corners
    return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


def hilbert(n):
    """H[i, j] = 1 / (i + j + 1): a famous, innocent-looking, badly conditioned matrix."""
    i = np.arange(n)
    return 1.0 / (i[:, None] + i[None, :] + 1)


def compare_solvers(A, x_true):
    """Relative residual and forward error of np.linalg.solve against inv(A) @ b."""
    A = np.asarray(A, dtype=float)
    b = A @ x_true
    results = {}
    for name, x in [("solve", np.linalg.solve(A, b)), ("inv @ b", np.linalg.inv(A) @ b)]:
        # How badly x fails its own equation, scaled so 1e-16 is "as good as floats get".
        residual = np.linalg.norm(b - A @ x) / (np.linalg.norm(A, 2) * np.linalg.norm(x))
        forward_error = np.linalg.norm(x - x_true) / np.linalg.norm(x_true)
        results[name] = {"residual": float(residual), "forward error": float(forward_error)}
    return results


def plot_unit_square_images(matrices, title):
    """One panel per matrix: the unit square, its image, the two columns as arrows, the area."""
    import matplotlib.pyplot as plt

    square = np.array([[0, 1, 1, 0, 0], [0, 0, 1, 1, 0]], dtype=float)
    fig, axes = plt.subplots(1, len(matrices), figsize=(2.2 * len(matrices), 2.6), sharey=True)
    for ax, A in zip(axes, matrices):
        image = np.asarray(A, dtype=float) @ square
        ax.fill(square[0], square[1], alpha=0.25, color="tab:blue")
        ax.fill(image[0], image[1], alpha=0.45, color="tab:orange")
        ax.plot(image[0], image[1], color="tab:orange", lw=1.5)
        # Where the x-axis (red) and y-axis (green) land: a flip swaps their order.
        for column, colour in zip(np.asarray(A, dtype=float).T, ["tab:red", "tab:green"]):
            arrow = {"arrowstyle": "->", "color": colour, "lw": 1.5}
            ax.annotate("", xy=column, xytext=(0, 0), arrowprops=arrow)
        ax.set_title(f"det = {det_2x2(A):g}", fontsize=10)
        ax.text(0.05, 0.05, f"area {abs(area_of_image(A)):g}", transform=ax.transAxes, fontsize=9)
        ax.set_xlim(-1.6, 2.6)
        ax.set_ylim(-1.1, 2.6)
        ax.set_aspect("equal")
        ax.grid(True, alpha=0.3)
    fig.suptitle(title, fontsize=11)
    return fig
