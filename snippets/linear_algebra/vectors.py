"""Vectors and matrices from scratch, with plain Python loops so every step is visible."""

import numpy as np


def dot(u, v):
    """Multiply matching entries and add them up."""
    if len(u) != len(v):
        raise ValueError(f"dot needs vectors of the same length, got {len(u)} and {len(v)}")
    total = 0.0
    for a, b in zip(u, v):
        total += a * b
    return total


def matmul(A, B):
    """Entry (i, j) of A @ B is the dot product of row i of A with column j of B."""
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    if A.shape[1] != B.shape[0]:
        raise ValueError(f"cannot multiply {A.shape} by {B.shape}: inner sizes differ")
    C = np.zeros((A.shape[0], B.shape[1]))
    for i in range(A.shape[0]):
        for j in range(B.shape[1]):
            C[i, j] = dot(A[i, :], B[:, j])
    return C


def angle_between(u, v):
    """The angle in degrees, from u . v = |u| |v| cos(theta)."""
    cos_theta = dot(u, v) / (dot(u, u) ** 0.5 * dot(v, v) ** 0.5)
    return float(np.degrees(np.arccos(np.clip(cos_theta, -1.0, 1.0))))


def plot_matrix_action(A, title):
    """Draw the unit square and where the matrix A sends it."""
    import matplotlib.pyplot as plt

    square = np.array([[0, 1, 1, 0, 0], [0, 0, 1, 1, 0]], dtype=float)
    image = np.asarray(A, dtype=float) @ square
    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    ax.fill(square[0], square[1], alpha=0.3, label="unit square")
    ax.fill(image[0], image[1], alpha=0.3, label="after A")
    for column, colour in zip(np.asarray(A, dtype=float).T, ["tab:red", "tab:green"]):
        ax.annotate(
            "", xy=column, xytext=(0, 0), arrowprops={"arrowstyle": "->", "color": colour, "lw": 2}
        )
    ax.set_aspect("equal")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left")
    ax.set_title(title)
    return fig
