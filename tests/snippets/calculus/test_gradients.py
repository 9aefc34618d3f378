"""snippets/calculus/gradients.py against analytic derivatives, numpy and scipy."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.optimize import approx_fprime

from notesite.figures import svg
from snippets.calculus.gradients import (
    difference_errors,
    directional_derivative,
    numerical_derivative,
    numerical_gradient,
    plot_difference_errors,
)

coefficient = st.floats(-5, 5, allow_nan=False)


def test_central_derivative_matches_cosine():
    """The central difference of sin equals cos at 50 random points to 1e-9."""
    xs = np.random.default_rng(0).uniform(-10, 10, size=50)
    for x in xs:
        assert numerical_derivative(np.sin, x) == pytest.approx(np.cos(x), abs=1e-9)


def test_forward_error_is_order_h_and_central_order_h_squared():
    """A 10x smaller step cuts the forward error about 10x and the central error about 100x."""
    forward, central = difference_errors(np.exp, np.exp, 0.5, [1e-2, 1e-3])
    assert forward[0] / forward[1] == pytest.approx(10, rel=0.05)
    assert central[0] / central[1] == pytest.approx(100, rel=0.05)
    assert np.all(central < forward)


def test_unknown_method_is_refused():
    """A method other than central or forward raises a ValueError naming it."""
    with pytest.raises(ValueError, match="backward"):
        numerical_derivative(np.sin, 0.0, method="backward")


@settings(max_examples=50, deadline=None)
@given(arrays(float, 5, elements=coefficient), st.floats(-2, 2, allow_nan=False))
def test_derivative_of_random_polynomial_matches_polyder(coefficients, x):
    """For a random degree-4 polynomial, the central difference equals numpy's polyder."""
    p = np.poly1d(coefficients)
    assert numerical_derivative(p, x) == pytest.approx(np.polyder(p)(x), abs=1e-6)


@settings(max_examples=50, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda n: st.tuples(
            arrays(float, (n, n), elements=coefficient),
            arrays(float, n, elements=coefficient),
            arrays(float, n, elements=coefficient),
        )
    )
)
def test_numerical_gradient_of_random_quadratic(case):
    """The gradient of x.A.x / 2 + b.x is (A + A^T) x / 2 + b, and numerical_gradient finds it."""
    A, b, x = case

    def f(v):
        return 0.5 * v @ A @ v + b @ v

    np.testing.assert_allclose(numerical_gradient(f, x), 0.5 * (A + A.T) @ x + b, atol=1e-6)


def test_numerical_gradient_agrees_with_scipy_and_keeps_shape():
    """On a matrix input the gradient keeps the input's shape and matches scipy's approx_fprime."""
    rng = np.random.default_rng(1)
    W = rng.normal(size=(3, 2))

    def f(M):
        return float(np.sum(np.tanh(M) ** 2) + M[0, 1] * M[2, 0])

    ours = numerical_gradient(f, W)
    assert ours.shape == W.shape
    theirs = approx_fprime(W.ravel(), lambda v: f(v.reshape(3, 2)), 1e-7)
    np.testing.assert_allclose(ours.ravel(), theirs, atol=1e-5)


def test_directional_derivative_is_gradient_dot_unit_direction():
    """The slope along u equals grad . u / |u| for random points and directions."""
    rng = np.random.default_rng(2)

    def f(p):
        return p[0] ** 2 * p[1] + np.sin(p[1])

    def grad(p):
        return np.array([2 * p[0] * p[1], p[0] ** 2 + np.cos(p[1])])

    for _ in range(20):
        point, direction = rng.normal(size=2), rng.normal(size=2)
        expected = grad(point) @ direction / np.linalg.norm(direction)
        assert directional_derivative(f, point, direction) == pytest.approx(expected, abs=1e-8)


def test_error_plot_has_a_title_and_renders():
    """The error-vs-h figure carries its title, which becomes the SVG's aria-label."""
    markup = svg(plot_difference_errors(np.sin, np.cos, 1.0, "Error vs h"))
    assert markup.startswith("<img") and 'alt="Error vs h"' in markup
