"""snippets/calculus/backprop.py against finite differences, numpy and scipy."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import approx_fprime

from snippets.calculus.backprop import (
    backward,
    forward,
    gradient_check,
    init_params,
    loss,
    mse_loss,
    numerical_grads,
    tiny_graph,
    train,
)


def _data(seed, n=20, n_in=2):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2, 2, size=(n, n_in))
    y = (np.sin(X[:, :1]) + 0.5 * X[:, -1:]).reshape(-1, 1)
    return X, y


def test_tiny_graph_worked_example():
    """L = (3 * 2 + 1 - 5)^2 = 4, with dL/dw = 8, dL/dx = 12 and dL/db = 4."""
    values, grads = tiny_graph(x=2.0, w=3.0, b=1.0, y=5.0)
    assert values == {"z": 6.0, "p": 7.0, "r": 2.0, "L": 4.0}
    assert (grads["w"], grads["x"], grads["b"]) == (8.0, 12.0, 4.0)


@settings(max_examples=50, deadline=None)
@given(*[st.floats(-3, 3, allow_nan=False) for _ in range(4)])
def test_tiny_graph_matches_closed_form(x, w, b, y):
    """For any numbers, backward equals the hand derivative 2(wx + b - y) times x, w or 1."""
    values, grads = tiny_graph(x, w, b, y)
    r = w * x + b - y
    assert values["L"] == pytest.approx(r**2)
    assert grads["w"] == pytest.approx(2 * r * x)
    assert grads["x"] == pytest.approx(2 * r * w)
    assert grads["b"] == pytest.approx(2 * r)


def test_init_params_is_seeded_and_shaped():
    """The same seed gives the same weights; shapes follow (n_in, n_hidden, n_out)."""
    a, b = init_params(3, n_in=4, n_hidden=5, n_out=2), init_params(3, n_in=4, n_hidden=5, n_out=2)
    shapes = {k: v.shape for k, v in a.items()}
    assert shapes == {"W1": (4, 5), "b1": (5,), "W2": (5, 2), "b2": (2,)}
    for name in a:
        np.testing.assert_array_equal(a[name], b[name])
    assert not np.allclose(a["W1"], init_params(4, n_in=4, n_hidden=5, n_out=2)["W1"])


def test_forward_and_loss_match_plain_numpy():
    """forward is tanh(X W1 + b1) W2 + b2 and mse_loss is numpy's mean squared error."""
    params = init_params(0)
    X, y = _data(0)
    y_hat, _ = forward(params, X)
    expected = np.tanh(X @ params["W1"] + params["b1"]) @ params["W2"] + params["b2"]
    np.testing.assert_allclose(y_hat, expected)
    assert mse_loss(y_hat, y) == pytest.approx(np.mean((expected - y) ** 2))


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 4), st.integers(1, 6), st.integers(1, 3))
def test_backward_passes_the_gradient_check_for_any_shape(seed, n_in, n_hidden, n_out):
    """For random weights, data and layer sizes, backprop agrees with finite differences to 1e-6."""
    params = init_params(seed, n_in=n_in, n_hidden=n_hidden, n_out=n_out)
    rng = np.random.default_rng(seed + 1)
    X, y = rng.normal(size=(7, n_in)), rng.normal(size=(7, n_out))
    assert max(gradient_check(params, X, y).values()) < 1e-6


def test_backward_matches_scipy_approx_fprime():
    """The W1 gradient from backward matches scipy's finite-difference gradient."""
    params = init_params(5)
    X, y = _data(5)
    _, cache = forward(params, X)
    ours = backward(params, cache, y)["W1"]

    def loss_of_w1(flat):
        return loss({**params, "W1": flat.reshape(params["W1"].shape)}, X, y)

    theirs = approx_fprime(params["W1"].ravel(), loss_of_w1, 1e-7)
    np.testing.assert_allclose(ours.ravel(), theirs, atol=1e-6)


def test_numerical_grads_leaves_params_unchanged():
    """Nudging each weight up and down puts it back exactly afterwards."""
    params = init_params(2)
    before = {k: v.copy() for k, v in params.items()}
    numerical_grads(params, *_data(2))
    for name in params:
        np.testing.assert_array_equal(params[name], before[name])


def test_gradient_check_flags_a_wrong_gradient(monkeypatch):
    """A backward pass that drops tanh's slope gives a relative error far above 1e-6."""
    import snippets.calculus.backprop as backprop

    def buggy_backward(params, cache, y):
        grads = backward(params, cache, y)
        d_y_hat = 2 * (cache["y_hat"] - y) / y.size
        grads["W1"] = cache["X"].T @ (d_y_hat @ params["W2"].T)
        return grads

    monkeypatch.setattr(backprop, "backward", buggy_backward)
    assert backprop.gradient_check(init_params(0), *_data(0))["W1"] > 1e-2


def test_train_lowers_the_loss_and_copies_params():
    """Training lowers the loss 100-fold and does not modify the parameters passed in."""
    params = init_params(0)
    original = params["W1"].copy()
    X, y = _data(1, n=64)
    trained, losses = train(params, X, y, lr=0.2, steps=500)
    assert losses[-1] < losses[0] / 100
    assert np.all(np.diff(losses) <= 1e-12)  # a small enough rate never goes uphill here
    np.testing.assert_array_equal(params["W1"], original)
    assert loss(trained, X, y) < losses[-1]
