"""Linear regression trained from scratch: batch and mini-batch gradient descent on the MSE."""

import numpy as np


def make_regression_data(n=200, noise=0.5, seed=0):
    """Two standard-normal features and y = 3 x1 - 2 x2 + 1 + Gaussian noise."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    y = 3.0 * X[:, 0] - 2.0 * X[:, 1] + 1.0 + noise * rng.normal(size=n)
    return X, y


def standardise(X):
    """Shift each column to mean 0 and scale it to standard deviation 1."""
    mean, std = X.mean(axis=0), X.std(axis=0)
    return (X - mean) / std, mean, std


def mse(y, y_hat):
    """Mean squared error: the average of the squared residuals."""
    return float(np.mean((np.asarray(y_hat) - np.asarray(y)) ** 2))


def mse_gradient(X, y, w, b):
    """Gradient of the MSE with respect to w and b: (2/n) X^T r and (2/n) sum(r)."""
    residual = X @ w + b - y
    n = len(y)
    return 2.0 / n * (X.T @ residual), 2.0 / n * float(np.sum(residual))


def closed_form(X, y):
    """Least squares through the normal equations (X^T X) theta = X^T y, bias included."""
    Xb = np.column_stack([X, np.ones(len(X))])
    theta = np.linalg.solve(Xb.T @ Xb, Xb.T @ y)
    return theta[:-1], float(theta[-1])


def batch_gradient_descent(X, y, lr=0.1, epochs=100):
    """One step per epoch, on the gradient of the whole dataset; returns w, b and the losses."""
    w, b = np.zeros(X.shape[1]), 0.0
    losses = []
    for _ in range(epochs):
        grad_w, grad_b = mse_gradient(X, y, w, b)
        w, b = w - lr * grad_w, b - lr * grad_b
        losses.append(mse(y, X @ w + b))
    return w, b, losses


def minibatch_sgd(X, y, lr=0.05, epochs=100, batch_size=20, seed=0):
    """Shuffle each epoch, then one step per mini-batch; the loss is recorded once per epoch."""
    rng = np.random.default_rng(seed)
    w, b = np.zeros(X.shape[1]), 0.0
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            batch = order[start : start + batch_size]
            grad_w, grad_b = mse_gradient(X[batch], y[batch], w, b)
            w, b = w - lr * grad_w, b - lr * grad_b
        losses.append(mse(y, X @ w + b))
    return w, b, losses


def safe_step(X):
    """1/L, where L is the largest eigenvalue of the MSE's Hessian (2/n) Xb^T Xb; above 2/L GD diverges."""
    Xb = np.column_stack([X, np.ones(len(X))])
    return 1.0 / np.linalg.eigvalsh(2.0 / len(X) * Xb.T @ Xb)[-1]


def steps_to_converge(X, y, lr, tol=1e-6, max_steps=50_000):
    """Batch gradient descent steps until the loss is within tol of the least-squares loss.

    Returns None if it does not get there in max_steps, or if the loss blows up (diverges).
    """
    w_best, b_best = closed_form(X, y)
    target = mse(y, X @ w_best + b_best) + tol
    w, b = np.zeros(X.shape[1]), 0.0
    for step in range(1, max_steps + 1):
        grad_w, grad_b = mse_gradient(X, y, w, b)
        w, b = w - lr * grad_w, b - lr * grad_b
        loss = mse(y, X @ w + b)
        if loss <= target:
            return step
        if not np.isfinite(loss) or loss > 1e12:
            return None
    return None


def plot_loss_curves(curves, optimum, title):
    """How far each named loss curve is above the least-squares loss, per epoch, on a log scale."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    for name, losses in curves.items():
        gap = np.maximum(np.asarray(losses) - optimum, 1e-16)  # a log axis cannot show 0
        ax.plot(np.arange(1, len(gap) + 1), gap, label=name, lw=2)
    ax.set_yscale("log")
    ax.set_xlabel("epoch (one pass over the data)")
    ax.set_ylabel("MSE minus the least-squares MSE")
    ax.grid(True, alpha=0.3)
    ax.legend()
    ax.set_title(title)
    return fig
