"""snippets/from_scratch/logistic_regression.py against scipy's expit, check_grad and minimize."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.optimize import check_grad, minimize
from scipy.special import expit, xlogy

from snippets.from_scratch.logistic_regression import (
    accuracy,
    log_loss,
    log_loss_gradient,
    make_blobs,
    newton_logistic_regression,
    numerical_gradient,
    plot_decision_boundary,
    plot_loss_curve,
    predict_proba,
    sigmoid,
    train_logistic_regression,
)

scores = st.floats(-1e6, 1e6, allow_nan=False)


def _loss_of(X, y):
    return lambda theta: log_loss(y, predict_proba(X, theta[:-1], theta[-1]))


def _scipy_optimum(X, y):
    def loss_and_grad(theta):
        z = X @ theta[:-1] + theta[-1]
        loss = np.mean(np.logaddexp(0, z) - y * z)  # log-loss written from the scores
        error = expit(z) - y
        return loss, np.append(X.T @ error, error.sum()) / len(y)

    return minimize(
        loss_and_grad, np.zeros(X.shape[1] + 1), jac=True, method="BFGS", options={"gtol": 1e-10}
    )


@settings(max_examples=50, deadline=None)
@given(arrays(float, st.integers(1, 20), elements=scores))
def test_sigmoid_is_a_probability_and_symmetric(z):
    """For any scores, sigmoid is in [0, 1], equals scipy's expit, and sigmoid(-z) = 1 - sigmoid(z)."""
    s = sigmoid(z)
    assert np.all((s >= 0) & (s <= 1))
    np.testing.assert_allclose(s, expit(z), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(sigmoid(-z), 1 - s, atol=1e-15)


@settings(max_examples=50, deadline=None)
@given(st.floats(-30, 30, allow_nan=False))
def test_sigmoid_is_strictly_inside_zero_one_for_moderate_scores(z):
    """For |z| <= 30 the sigmoid is strictly between 0 and 1 and returns a plain float."""
    s = sigmoid(z)
    assert 0 < s < 1 and np.ndim(s) == 0


def test_sigmoid_does_not_overflow():
    """Huge scores give exactly 0 and 1 with no floating-point warning."""
    with np.errstate(all="raise", under="ignore"):
        np.testing.assert_array_equal(
            sigmoid(np.array([-1e308, -1000.0, 1000.0, 1e308])), [0, 0, 1, 1]
        )


def test_log_loss_matches_scipy_xlogy():
    """log_loss equals -mean(xlogy(y, p) + xlogy(1 - y, 1 - p)) and is 0.693 for p = 0.5."""
    rng = np.random.default_rng(0)
    y, p = rng.integers(0, 2, size=100).astype(float), rng.uniform(0.01, 0.99, size=100)
    assert log_loss(y, p) == pytest.approx(-np.mean(xlogy(y, p) + xlogy(1 - y, 1 - p)))
    assert log_loss([1, 0], [0.5, 0.5]) == pytest.approx(np.log(2))
    assert np.isfinite(log_loss([1], [0.0]))  # clipped: no log(0)


def test_log_loss_gradient_matches_scipy_check_grad():
    """X^T(p - y)/n and mean(p - y) agree with scipy's finite differences at random parameters."""
    X, y = make_blobs(50, seed=1)
    rng = np.random.default_rng(2)
    for _ in range(5):
        theta = rng.normal(size=3)

        def gradient(t, X=X, y=y):
            return np.append(*log_loss_gradient(X, y, t[:2], t[2]))

        assert check_grad(_loss_of(X, y), gradient, theta, epsilon=1e-7) < 1e-5


def test_numerical_gradient_matches_a_known_gradient():
    """Central differences of sum(a * t^2) give 2 a t."""
    a, t = np.array([1.0, -2.0, 3.0]), np.array([0.5, 1.5, -1.0])
    np.testing.assert_allclose(
        numerical_gradient(lambda x: np.sum(a * x**2), t), 2 * a * t, atol=1e-6
    )


def test_make_blobs_is_balanced_and_seeded():
    """make_blobs returns 2n points, n of each class, and the same points for the same seed."""
    X, y = make_blobs(30, seed=4)
    X2, _ = make_blobs(30, seed=4)
    assert X.shape == (60, 2) and y.shape == (60,) and y.sum() == 30
    np.testing.assert_array_equal(X, X2)
    assert not np.array_equal(X, make_blobs(30, seed=5)[0])


def test_training_reaches_the_scipy_optimum():
    """Gradient descent (lr 1.0, 500 epochs) ends within 1e-3 of the loss scipy's BFGS finds."""
    X, y = make_blobs(100, seed=0)
    w, b, losses = train_logistic_regression(X, y, lr=1.0, epochs=500)
    best = _scipy_optimum(X, y)
    assert best.success
    assert len(losses) == 500 and all(isinstance(loss, float) for loss in losses)
    assert losses[-1] == pytest.approx(log_loss(y, predict_proba(X, w, b)))
    assert abs(losses[-1] - best.fun) < 1e-3


def test_default_training_decreases_the_loss_and_classifies_well():
    """With the defaults the loss never rises and accuracy on fresh blobs is above 0.9."""
    X, y = make_blobs(100, seed=3)
    w, b, losses = train_logistic_regression(X, y)
    assert all(later <= earlier for earlier, later in zip(losses, losses[1:]))
    X_new, y_new = make_blobs(200, seed=30)
    assert accuracy(y_new, predict_proba(X_new, w, b)) > 0.9


def test_newton_matches_scipy_minimize():
    """Newton's method (IRLS) finds the same weights and bias as scipy's BFGS."""
    X, y = make_blobs(100, seed=0)
    w, b = newton_logistic_regression(X, y)
    np.testing.assert_allclose(np.append(w, b), _scipy_optimum(X, y).x, atol=1e-5)


def test_accuracy_counts_thresholded_predictions():
    """accuracy thresholds probabilities at 0.5 and returns the share that match."""
    assert accuracy([1, 0, 1, 0], [0.9, 0.2, 0.4, 0.5]) == 0.5
    assert accuracy(np.ones(3), np.full(3, 0.5)) == 1.0


def test_plots_have_titles():
    """Both plot functions return a figure whose axes carry the given title."""
    X, y = make_blobs(20, seed=0)
    w, b, losses = train_logistic_regression(X, y, epochs=20)
    for fig, title in [
        (plot_loss_curve(losses, "Loss"), "Loss"),
        (plot_decision_boundary(X, y, w, b, "Boundary"), "Boundary"),
    ]:
        assert fig.axes[0].get_title() == title
        plt.close(fig)
