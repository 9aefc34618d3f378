"""Backprop by hand for a two-layer network: input -> linear -> tanh -> linear -> MSE loss."""

import numpy as np


def tiny_graph(x, w, b, y):
    """Forward and backward through L = (w * x + b - y)^2, one node at a time.

    Returns the value at every node and the derivative of L with respect to every node.
    """
    # Forward: each node computes from its inputs.
    z = w * x
    p = z + b
    r = p - y
    L = r**2
    values = {"z": z, "p": p, "r": r, "L": L}
    # Backward: each node multiplies the derivative arriving from above by its local slope.
    dL_dr = 2 * r
    dL_dp = dL_dr * 1.0  # r = p - y
    dL_db = dL_dp * 1.0  # p = z + b
    dL_dz = dL_dp * 1.0
    dL_dw = dL_dz * x  # z = w * x, so dz/dw = x
    dL_dx = dL_dz * w  # and dz/dx = w
    grads = {"r": dL_dr, "p": dL_dp, "z": dL_dz, "b": dL_db, "w": dL_dw, "x": dL_dx}
    return values, grads


def init_params(seed, n_in=2, n_hidden=8, n_out=1):
    """Small random weights (scaled by 1/sqrt(fan-in)) and zero biases."""
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(size=(n_in, n_hidden)) / np.sqrt(n_in),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(size=(n_hidden, n_out)) / np.sqrt(n_hidden),
        "b2": np.zeros(n_out),
    }


def forward(params, X):
    """Predictions for a batch X of shape (n, n_in), and the intermediate values backward needs."""
    z1 = X @ params["W1"] + params["b1"]
    h = np.tanh(z1)
    y_hat = h @ params["W2"] + params["b2"]
    return y_hat, {"X": X, "h": h, "y_hat": y_hat}


def mse_loss(y_hat, y):
    """Mean of the squared errors over every entry."""
    return float(np.mean((y_hat - y) ** 2))


def loss(params, X, y):
    """Loss of the network on (X, y): forward pass, then mean squared error."""
    return mse_loss(forward(params, X)[0], y)


def backward(params, cache, y):
    """Gradient of the MSE loss for every weight and bias, by the chain rule from the top."""
    X, h, y_hat = cache["X"], cache["h"], cache["y_hat"]
    d_y_hat = 2 * (y_hat - y) / y_hat.size  # dL/dy_hat for L = mean((y_hat - y)^2)
    d_W2 = h.T @ d_y_hat
    d_b2 = d_y_hat.sum(axis=0)
    d_h = d_y_hat @ params["W2"].T
    d_z1 = d_h * (1 - h**2)  # tanh'(z) = 1 - tanh(z)^2
    d_W1 = X.T @ d_z1
    d_b1 = d_z1.sum(axis=0)
    return {"W1": d_W1, "b1": d_b1, "W2": d_W2, "b2": d_b2}


def numerical_grads(params, X, y, h=1e-5):
    """Central-difference gradient of the loss, entry by entry, for every parameter (slow)."""
    grads = {}
    for name, value in params.items():
        grad = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            original = value[index]
            value[index] = original + h
            up = loss(params, X, y)
            value[index] = original - h
            down = loss(params, X, y)
            value[index] = original
            grad[index] = (up - down) / (2 * h)
        grads[name] = grad
    return grads


def gradient_check(params, X, y, h=1e-5):
    """Relative error |analytic - numerical| / (|analytic| + |numerical|) per parameter."""
    _, cache = forward(params, X)
    analytic = backward(params, cache, y)
    numerical = numerical_grads(params, X, y, h)
    errors = {}
    for name in params:
        diff = np.linalg.norm(analytic[name] - numerical[name])
        scale = np.linalg.norm(analytic[name]) + np.linalg.norm(numerical[name])
        errors[name] = float(diff / scale) if scale > 0 else 0.0
    return errors


def train(params, X, y, lr, steps):
    """Gradient descent with backprop gradients; returns a trained copy and the loss per step."""
    params = {name: value.copy() for name, value in params.items()}
    losses = []
    for _ in range(steps):
        y_hat, cache = forward(params, X)
        losses.append(mse_loss(y_hat, y))
        grads = backward(params, cache, y)
        for name in params:
            params[name] -= lr * grads[name]
    return params, np.array(losses)
