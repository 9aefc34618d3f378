"""Logistic regression with numpy only: a stable sigmoid, the log-loss, its gradient, and training."""

import numpy as np


def make_blobs(n_per_class, seed):
    """Two overlapping Gaussian blobs in 2-D: class 0 around (-1.5, -1), class 1 around (1.5, 1)."""
    rng = np.random.default_rng(seed)
    class_0 = rng.normal(loc=(-1.5, -1.0), scale=1.0, size=(n_per_class, 2))
    class_1 = rng.normal(loc=(1.5, 1.0), scale=1.0, size=(n_per_class, 2))
    X = np.vstack([class_0, class_1])
    y = np.concatenate([np.zeros(n_per_class), np.ones(n_per_class)])
    return X, y


def sigmoid(z):
    """1 / (1 + e^-z), written so that exp never sees a large positive number."""
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))  # always in (0, 1]: no overflow for any z
    out = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return out[()]  # a plain float for a scalar input


def log_loss(y, p, eps=1e-12):
    """Average cross-entropy -[y log p + (1 - y) log(1 - p)]; p is clipped away from 0 and 1."""
    y = np.asarray(y, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), eps, 1.0 - eps)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))


def predict_proba(X, w, b):
    """The model's probability of class 1 for each row: sigmoid(X w + b)."""
    return sigmoid(X @ w + b)


def log_loss_gradient(X, y, w, b):
    """Gradient of the log-loss: X^T (p - y) / n for w and mean(p - y) for b."""
    error = predict_proba(X, w, b) - y
    return X.T @ error / len(y), float(np.mean(error))


def numerical_gradient(f, theta, h=1e-6):
    """Central differences: (f(theta + h e_i) - f(theta - h e_i)) / 2h for each coordinate i."""
    theta = np.asarray(theta, dtype=float)
    grad = np.zeros_like(theta)
    for i in range(theta.size):
        step = np.zeros_like(theta)
        step[i] = h
        grad[i] = (f(theta + step) - f(theta - step)) / (2 * h)
    return grad


def train_logistic_regression(X, y, lr=0.1, epochs=500):
    """Batch gradient descent from zero weights; losses[i] is the log-loss after epoch i + 1."""
    w, b = np.zeros(X.shape[1]), 0.0
    losses = []
    for _ in range(epochs):
        grad_w, grad_b = log_loss_gradient(X, y, w, b)
        w, b = w - lr * grad_w, b - lr * grad_b
        losses.append(log_loss(y, predict_proba(X, w, b)))
    return w, b, losses


def newton_logistic_regression(X, y, iterations=10):
    """Newton's method (IRLS): theta <- theta - H^-1 g, with H = Xb^T diag(p(1 - p)) Xb / n."""
    Xb = np.column_stack([X, np.ones(len(X))])
    theta = np.zeros(Xb.shape[1])
    for _ in range(iterations):
        p = sigmoid(Xb @ theta)
        gradient = Xb.T @ (p - y) / len(y)
        hessian = (Xb * (p * (1 - p))[:, None]).T @ Xb / len(y)
        theta = theta - np.linalg.solve(hessian, gradient)
    return theta[:-1], float(theta[-1])


def accuracy(y, p):
    """Share of points whose predicted class (p >= 0.5) matches the label."""
    return float(np.mean((np.asarray(p) >= 0.5) == (np.asarray(y) == 1)))


def plot_loss_curve(losses, title):
    """The log-loss after each epoch."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(np.arange(1, len(losses) + 1), losses, lw=2)
    ax.set_xlabel("epoch")
    ax.set_ylabel("log-loss")
    ax.grid(True, alpha=0.3)
    ax.set_title(title)
    return fig


def plot_decision_boundary(X, y, w, b, title):
    """The points coloured by class and the line w . x + b = 0, where the model says 50/50."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.5, 4.5))
    for label, colour in [(0, "tab:blue"), (1, "tab:orange")]:
        points = X[y == label]
        ax.scatter(
            points[:, 0], points[:, 1], s=14, alpha=0.7, color=colour, label=f"class {label}"
        )
    # w0 x0 + w1 x1 + b = 0  =>  x1 = -(w0 x0 + b) / w1
    x0 = np.linspace(X[:, 0].min(), X[:, 0].max(), 2)
    ax.plot(x0, -(w[0] * x0 + b) / w[1], color="black", lw=2, label="w · x + b = 0")
    ax.set_ylim(X[:, 1].min() - 0.5, X[:, 1].max() + 0.5)
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left")
    ax.set_title(title)
    return fig
