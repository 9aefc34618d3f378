"""snippets/from_scratch/linear_regression.py against numpy's and scipy's least squares."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from snippets.from_scratch.linear_regression import (
    batch_gradient_descent,
    closed_form,
    make_regression_data,
    minibatch_sgd,
    mse,
    mse_gradient,
    plot_loss_curves,
    safe_step,
    standardise,
    steps_to_converge,
)


def _lstsq(X, y):
    Xb = np.column_stack([X, np.ones(len(X))])
    return np.linalg.lstsq(Xb, y, rcond=None)[0]


def test_make_regression_data_is_seeded_and_follows_the_formula():
    """Same seed, same data; the least-squares fit is close to w = (3, -2), b = 1."""
    X, y = make_regression_data(seed=3)
    X2, y2 = make_regression_data(seed=3)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    np.testing.assert_allclose(_lstsq(X, y), [3, -2, 1], atol=0.15)


def test_mse_matches_numpy():
    """mse equals numpy's mean of squared differences."""
    rng = np.random.default_rng(0)
    y, y_hat = rng.normal(size=50), rng.normal(size=50)
    assert mse(y, y_hat) == pytest.approx(np.mean((y - y_hat) ** 2))


def test_mse_gradient_matches_central_differences():
    """The formula (2/n) X^T r and (2/n) sum(r) equals central differences of mse at random points."""
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(40, 3)), rng.normal(size=40)
    h = 1e-6
    for _ in range(5):
        w, b = rng.normal(size=3), float(rng.normal())
        grad_w, grad_b = mse_gradient(X, y, w, b)
        numeric_w = [
            (mse(y, X @ (w + h * e) + b) - mse(y, X @ (w - h * e) + b)) / (2 * h) for e in np.eye(3)
        ]
        numeric_b = (mse(y, X @ w + b + h) - mse(y, X @ w + b - h)) / (2 * h)
        np.testing.assert_allclose(grad_w, numeric_w, atol=1e-6)
        assert grad_b == pytest.approx(numeric_b, abs=1e-6)


def test_closed_form_matches_numpy_and_scipy_lstsq():
    """The normal equations give the same weights as np.linalg.lstsq and scipy.linalg.lstsq."""
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(60, 4)), rng.normal(size=60)
    w, b = closed_form(X, y)
    Xb = np.column_stack([X, np.ones(len(X))])
    np.testing.assert_allclose(np.append(w, b), _lstsq(X, y), atol=1e-10)
    np.testing.assert_allclose(np.append(w, b), scipy.linalg.lstsq(Xb, y)[0], atol=1e-10)


@settings(max_examples=50, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    true_w=arrays(float, 3, elements=st.floats(-5, 5, allow_nan=False)),
    true_b=st.floats(-5, 5, allow_nan=False),
)
def test_batch_gradient_descent_matches_lstsq_on_well_conditioned_data(seed, true_w, true_b):
    """On standard-normal features (well conditioned), batch GD lands on the lstsq solution."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(200, 3))
    y = X @ true_w + true_b + rng.normal(size=200)
    w, b, losses = batch_gradient_descent(X, y, lr=0.25, epochs=200)
    np.testing.assert_allclose(np.append(w, b), _lstsq(X, y), atol=1e-6)
    assert len(losses) == 200 and losses[-1] <= losses[0]


def test_minibatch_sgd_is_close_to_lstsq_and_seeded():
    """Mini-batch SGD ends within 0.05 of lstsq, and the same seed gives the same run."""
    X, y = make_regression_data(seed=5)
    w, b, losses = minibatch_sgd(X, y, lr=0.05, epochs=100, batch_size=20, seed=0)
    w2, b2, _ = minibatch_sgd(X, y, lr=0.05, epochs=100, batch_size=20, seed=0)
    np.testing.assert_allclose(np.append(w, b), _lstsq(X, y), atol=0.05)
    np.testing.assert_array_equal(w, w2)
    assert b == b2 and len(losses) == 100


def test_standardise_gives_mean_zero_and_std_one():
    """Each standardised column has mean 0 and standard deviation 1, and the stats match numpy's."""
    rng = np.random.default_rng(6)
    X = rng.normal(loc=[10, -3], scale=[5, 0.1], size=(100, 2))
    Xs, mean, std = standardise(X)
    np.testing.assert_allclose(Xs.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Xs.std(axis=0), 1)
    np.testing.assert_allclose(mean, np.mean(X, axis=0))
    np.testing.assert_allclose(std, np.std(X, axis=0))


def test_safe_step_is_one_over_the_top_hessian_eigenvalue():
    """1/L uses scipy's largest eigenvalue of (2/n) Xb^T Xb; steps just under 2/L converge, just over diverge."""
    X, y = make_regression_data(seed=7)
    X = X * np.array([1.0, 4.0])
    Xb = np.column_stack([X, np.ones(len(X))])
    top = scipy.linalg.eigvalsh(2 / len(X) * Xb.T @ Xb)[-1]
    step = safe_step(X)
    assert step == pytest.approx(1 / top)
    assert steps_to_converge(X, y, lr=1.9 * step, max_steps=20_000) is not None
    assert steps_to_converge(X, y, lr=2.1 * step, max_steps=20_000) is None


def test_unscaled_features_need_many_more_steps():
    """With each version's safe step, standardised data converges in far fewer steps than shifted, scaled data."""
    X, y = make_regression_data(seed=0)
    X_raw = X * np.array([1.0, 10.0]) + np.array([2.0, 0.0])
    X_std, _, _ = standardise(X_raw)
    fast = steps_to_converge(X_std, y, lr=safe_step(X_std))
    slow = steps_to_converge(X_raw, y, lr=safe_step(X_raw))
    assert fast is not None and slow is not None and slow > 50 * fast


def test_plot_loss_curves_has_a_title_and_a_log_axis():
    """The figure has the given title, a log y-axis and one line per curve."""
    fig = plot_loss_curves(
        {"a": [1.0, 0.5, 0.25], "b": [2.0, 1.0, 0.3]}, optimum=0.2, title="Losses"
    )
    ax = fig.axes[0]
    assert ax.get_title() == "Losses" and ax.get_yscale() == "log" and len(ax.lines) == 2
    plt.close(fig)
