"""Gradient descent from scratch, and tools to see when it works: Hessian, chords, step sizes."""

import numpy as np


def gradient_descent(grad, x0, lr, steps, blowup=1e12):
    """Take `steps` steps x <- x - lr * grad(x) and return every point visited, x0 first.

    A run that diverges stops early once |x| passes `blowup`, before the numbers overflow,
    so the path can be shorter than steps + 1.
    """
    x = np.array(x0, dtype=float)
    path = [x.copy()]
    for _ in range(steps):
        x = x - lr * np.asarray(grad(x), dtype=float)
        path.append(x.copy())
        if not np.all(np.isfinite(x)) or np.max(np.abs(x)) > blowup:
            break
    return np.array(path)


def numerical_hessian(f, x, h=1e-4):
    """Matrix of second partial derivatives by central differences: H[i, j] = d2f / dxi dxj."""
    x = np.asarray(x, dtype=float)
    n = x.size
    H = np.zeros((n, n))
    eye = np.eye(n) * h
    for i in range(n):
        for j in range(n):
            up_up, up_down = f(x + eye[i] + eye[j]), f(x + eye[i] - eye[j])
            down_up, down_down = f(x - eye[i] + eye[j]), f(x - eye[i] - eye[j])
            H[i, j] = (up_up - up_down - down_up + down_down) / (4 * h * h)
    return H


def chord_violations(f, low, high, n_pairs=1000, seed=0):
    """Fraction of random chords on [low, high] that pass below the curve (0 for a convex f)."""
    rng = np.random.default_rng(seed)
    a = rng.uniform(low, high, size=n_pairs)
    b = rng.uniform(low, high, size=n_pairs)
    t = rng.uniform(0, 1, size=n_pairs)
    on_curve = f(t * a + (1 - t) * b)
    on_chord = t * f(a) + (1 - t) * f(b)
    # A tolerance, so rounding on a straight stretch does not count as a violation.
    return float(np.mean(on_curve > on_chord + 1e-9 * (1 + np.abs(on_chord))))


def lr_threshold(curvature, x0=1.0, steps=50, iterations=60):
    """Bisect for the largest learning rate at which gradient descent on (L/2) x^2 shrinks x."""

    def grad(x):
        return curvature * x

    low, high = 0.0, 10.0 / curvature
    for _ in range(iterations):
        lr = (low + high) / 2
        path = gradient_descent(grad, x0, lr, steps)
        if abs(path[-1]) < abs(x0):
            low = lr
        else:
            high = lr
    return low


def plot_learning_rates(A, b, x0, lrs, steps, title):
    """Loss gap f(x_k) - f(x*) per step of gradient descent on x.A.x / 2 - b.x, one line per lr."""
    import matplotlib.pyplot as plt

    A, b = np.asarray(A, dtype=float), np.asarray(b, dtype=float)
    x_star = np.linalg.solve(A, b)
    fig, ax = plt.subplots(figsize=(6, 4))
    for lr, label in lrs:
        path = gradient_descent(lambda x: A @ x - b, x0, lr, steps)
        diffs = path - x_star
        gap = 0.5 * np.einsum("ki,ij,kj->k", diffs, A, diffs)
        ax.semilogy(np.arange(len(gap)), np.maximum(gap, 1e-300), label=f"lr = {lr:g} ({label})")
    ax.set_xlabel("iteration")
    ax.set_ylabel("loss above the minimum")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    ax.set_title(title)
    return fig
