"""snippets/calculus/optimization.py against closed forms and numpy.linalg."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from notesite.figures import svg
from snippets.calculus.optimization import (
    chord_violations,
    gradient_descent,
    lr_threshold,
    numerical_hessian,
    plot_learning_rates,
)


def _spd(seed, n):
    """A random symmetric positive definite matrix with eigenvalues between 0.5 and 5."""
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    return Q @ np.diag(rng.uniform(0.5, 5, size=n)) @ Q.T


def test_path_starts_at_x0_and_follows_the_update_rule():
    """path[0] is x0 and each step is x - lr * grad(x): a 1-D bowl shrinks by (1 - lr L) a step."""
    path = gradient_descent(lambda x: 4 * x, 1.0, 0.1, 10)
    assert path.shape == (11,)
    np.testing.assert_allclose(path, 0.6 ** np.arange(11))


@settings(max_examples=50, deadline=None)
@given(
    st.integers(0, 10_000),
    st.integers(1, 5),
    st.floats(0.2, 0.95),
    arrays(float, 5, elements=st.floats(-3, 3)),
)
def test_converges_to_the_solution_of_ax_equals_b_below_2_over_l(seed, n, fraction, b):
    """On x.A.x / 2 - b.x with lr below 2 / lambda_max, gradient descent ends at solve(A, b)."""
    A, b = _spd(seed, n), b[:n]
    lr = fraction * 2 / np.linalg.eigvalsh(A).max()
    path = gradient_descent(lambda x: A @ x - b, np.zeros(n), lr, 1500)
    np.testing.assert_allclose(path[-1], np.linalg.solve(A, b), atol=1e-6)


def test_diverges_above_2_over_l_and_stops_before_overflow():
    """Just above 2 / lambda_max the iterate blows up; the run stops early, finite, no warning."""
    A = _spd(0, 3)
    lr = 1.05 * 2 / np.linalg.eigvalsh(A).max()
    path = gradient_descent(lambda x: A @ x, np.ones(3), lr, 100_000)
    assert len(path) < 100_001
    assert np.all(np.isfinite(path)) and np.abs(path[-1]).max() > 1e12


@settings(max_examples=15, deadline=None)
@given(st.floats(0.01, 100))
def test_lr_threshold_is_two_over_curvature(curvature):
    """Bisection finds the largest converging learning rate on (L/2) x^2 to be 2 / L."""
    assert lr_threshold(curvature) == pytest.approx(2 / curvature, rel=1e-9)


def test_numerical_hessian_of_a_random_quadratic():
    """The Hessian of x.A.x / 2 + sum(sin x) is (A + A^T) / 2 - diag(sin x)."""
    rng = np.random.default_rng(3)
    A, x = rng.normal(size=(4, 4)), rng.normal(size=4)

    def f(v):
        return 0.5 * v @ A @ v + np.sum(np.sin(v))

    expected = 0.5 * (A + A.T) - np.diag(np.sin(x))
    np.testing.assert_allclose(numerical_hessian(f, x), expected, atol=1e-6)


def test_saddle_has_eigenvalues_of_mixed_sign():
    """x^2 - y^2 has Hessian diag(2, -2) at the origin, where its gradient is zero."""
    H = numerical_hessian(lambda v: v[0] ** 2 - v[1] ** 2, [0.0, 0.0])
    np.testing.assert_allclose(np.linalg.eigvalsh(H), [-2, 2], atol=1e-6)


CONVEX = [np.square, np.exp, np.abs, lambda x: np.maximum(x, 0), lambda x: 3 * x + 1]


@pytest.mark.parametrize("f", CONVEX)
def test_convex_functions_pass_the_chord_test(f):
    """Convex functions (including straight lines and kinks) have no chord below the curve."""
    assert chord_violations(f, -3, 3) == 0


@pytest.mark.parametrize("f", [np.sin, lambda x: x**4 - 3 * x**2 + x, lambda x: -np.square(x)])
def test_non_convex_functions_fail_the_chord_test(f):
    """Functions with a hump have chords that pass below the curve."""
    assert chord_violations(f, -2, 2) > 0.05


def test_learning_rate_plot_has_one_line_per_rate_and_a_log_axis():
    """plot_learning_rates draws one line per learning rate, on a log y-axis, with a title."""
    rates = [(0.01, "a"), (0.18, "b"), (0.205, "c")]
    fig = plot_learning_rates(np.diag([1.0, 10.0]), [1.0, 5.0], [0.0, 0.0], rates, 60, "LR")
    ax = fig.axes[0]
    assert len(ax.get_lines()) == 3 and ax.get_yscale() == "log"
    assert 'alt="LR"' in svg(fig)
