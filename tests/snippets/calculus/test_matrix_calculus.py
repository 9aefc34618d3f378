"""snippets/calculus/matrix_calculus.py against closed forms, finite differences, numpy and scipy."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.optimize import approx_fprime

from snippets.calculus.matrix_calculus import (
    evaluate,
    jacobian_by_jvp,
    jacobian_by_vjp,
    jvp,
    linear,
    numerical_jacobian,
    numerical_jvp,
    numerical_vjp,
    quadratic_form,
    quadratic_form_gradient,
    shift,
    squared_residual,
    squared_residual_gradient,
    sum_of_squares,
    tanh_layer,
    tanh_network,
    vjp,
)

entry = st.floats(-3, 3, allow_nan=False)


def _square_case(max_n=5):
    return st.integers(1, max_n).flatmap(
        lambda n: st.tuples(arrays(float, (n, n), elements=entry), arrays(float, n, elements=entry))
    )


def _least_squares_case():
    return st.tuples(st.integers(1, 6), st.integers(1, 4)).flatmap(
        lambda mn: st.tuples(
            arrays(float, mn, elements=entry),
            arrays(float, mn[0], elements=entry),
            arrays(float, mn[1], elements=entry),
        )
    )


def _network_jacobian(layers, x):
    """The chain's Jacobian built the slow way: every layer's matrix, multiplied out."""
    J = np.eye(len(x))
    for layer in layers:
        x, push, _ = layer(x)
        J = np.column_stack([np.atleast_1d(push(column)) for column in J.T])
    return J


def test_jacobian_of_a_worked_example():
    """f = (x1^2 x2, 5 x1 + sin x2) has Jacobian [[4, 1], [5, cos 2]] at (1, 2)."""

    def f(p):
        return np.array([p[0] ** 2 * p[1], 5 * p[0] + np.sin(p[1])])

    expected = np.array([[4.0, 1.0], [5.0, np.cos(2.0)]])
    np.testing.assert_allclose(numerical_jacobian(f, [1.0, 2.0]), expected, atol=1e-9)


@settings(max_examples=50, deadline=None)
@given(
    st.tuples(st.integers(1, 5), st.integers(1, 5)).flatmap(
        lambda mn: st.tuples(
            arrays(float, mn, elements=entry), arrays(float, mn[1], elements=entry)
        )
    )
)
def test_jacobian_of_a_matrix_multiply_is_the_matrix(case):
    """For any m x n matrix W and any x, the Jacobian of z -> W z is W, shape (m, n)."""
    W, x = case
    J = numerical_jacobian(lambda z: W @ z, x)
    assert J.shape == W.shape
    np.testing.assert_allclose(J, W, atol=1e-8)


def test_jacobian_of_a_scalar_function_is_its_gradient_as_a_row():
    """A function with one output has a 1 x n Jacobian equal to scipy's gradient."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=4)

    def f(z):
        return float(np.sum(np.sin(z) * z**2))

    J = numerical_jacobian(f, x)
    assert J.shape == (1, 4)
    np.testing.assert_allclose(J[0], approx_fprime(x, f, 1e-7), atol=1e-5)


def test_numerical_jvp_calls_f_twice_and_matches_j_times_u():
    """J u from a central difference costs two calls, whatever the size of x."""
    rng = np.random.default_rng(1)
    W, x, u = rng.normal(size=(3, 50)) / 7, rng.normal(size=50), rng.normal(size=50)
    calls = []

    def f(z):
        calls.append(z)
        return np.tanh(W @ z)

    result = numerical_jvp(f, x, u)
    assert len(calls) == 2
    np.testing.assert_allclose(result, ((1 - np.tanh(W @ x) ** 2)[:, None] * W) @ u, atol=1e-8)


@settings(max_examples=50, deadline=None)
@given(_square_case())
def test_quadratic_form_and_its_gradient(case):
    """x.A.x matches numpy's einsum, and (A + A^T) x matches finite differences for any A."""
    A, x = case
    assert quadratic_form(A, x) == pytest.approx(np.einsum("i,ij,j->", x, A, x), abs=1e-9)
    numeric = numerical_jacobian(lambda z: quadratic_form(A, z), x)[0]
    np.testing.assert_allclose(quadratic_form_gradient(A, x), numeric, atol=1e-6)


def test_quadratic_form_gradient_is_not_2ax_unless_symmetric():
    """For A = [[1, 4], [0, 2]] at (1, 2): (10, 12), not 2 A x = (18, 8); symmetric A gives 2 A x."""
    A, x = np.array([[1.0, 4.0], [0.0, 2.0]]), np.array([1.0, 2.0])
    np.testing.assert_allclose(quadratic_form_gradient(A, x), [10.0, 12.0])
    assert not np.allclose(quadratic_form_gradient(A, x), 2 * A @ x)
    S = A + A.T
    np.testing.assert_allclose(quadratic_form_gradient(S, x), 2 * S @ x)


@settings(max_examples=50, deadline=None)
@given(_least_squares_case())
def test_squared_residual_and_its_gradient(case):
    """||A x - b||^2 matches numpy's norm, and 2 A^T (A x - b) matches finite differences."""
    A, b, x = case
    assert squared_residual(A, b, x) == pytest.approx(
        np.linalg.norm(A @ x - b) ** 2, rel=1e-9, abs=1e-9
    )
    numeric = numerical_vjp(lambda z: squared_residual(A, b, z), x, 1.0)
    np.testing.assert_allclose(squared_residual_gradient(A, b, x), numeric, atol=1e-5)


def test_squared_residual_gradient_vanishes_at_the_lstsq_solution():
    """At numpy's least-squares solution the gradient is zero: the normal equations hold."""
    rng = np.random.default_rng(2)
    A, b = rng.normal(size=(30, 4)), rng.normal(size=30)
    x_best = np.linalg.lstsq(A, b, rcond=None)[0]
    np.testing.assert_allclose(squared_residual_gradient(A, b, x_best), 0, atol=1e-12)
    assert squared_residual(A, b, x_best) < squared_residual(A, b, x_best + 1e-3)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.lists(st.integers(1, 6), min_size=2, max_size=4))
def test_vjp_and_jvp_match_finite_differences_for_any_network(seed, sizes):
    """For random widths, weights, x, u and v: reverse mode gives v^T J, forward mode J u."""
    layers = tanh_network(sizes, seed)
    rng = np.random.default_rng(seed + 1)
    x, u, v = rng.normal(size=sizes[0]), rng.normal(size=sizes[0]), rng.normal(size=sizes[-1])

    def f(z):
        return evaluate(layers, z)

    J = numerical_jacobian(f, x)
    y_rev, vJ = vjp(layers, x, v)
    y_fwd, Ju = jvp(layers, x, u)
    np.testing.assert_allclose(y_rev, f(x))
    np.testing.assert_allclose(y_fwd, f(x))
    np.testing.assert_allclose(vJ, v @ J, atol=1e-8)
    np.testing.assert_allclose(vJ, numerical_vjp(f, x, v), atol=1e-8)
    np.testing.assert_allclose(Ju, J @ u, atol=1e-8)


def test_full_jacobian_by_rows_and_by_columns_agree_with_the_product_of_layer_jacobians():
    """m backward sweeps, n forward sweeps and the explicit product J_K ... J_1 give one matrix."""
    layers = tanh_network([7, 5, 3], seed=4)
    x = np.random.default_rng(4).normal(size=7)
    by_rows, by_columns = jacobian_by_vjp(layers, x), jacobian_by_jvp(layers, x)
    assert by_rows.shape == by_columns.shape == (3, 7)
    np.testing.assert_allclose(by_rows, by_columns, atol=1e-12)
    np.testing.assert_allclose(by_rows, _network_jacobian(layers, x), atol=1e-12)


def test_closed_form_network_jacobian():
    """For tanh(W2 tanh(W1 x)) the Jacobian is diag(1 - y2^2) W2 diag(1 - y1^2) W1."""
    rng = np.random.default_rng(5)
    W1, W2, x = rng.normal(size=(4, 3)), rng.normal(size=(2, 4)), rng.normal(size=3)
    y1 = np.tanh(W1 @ x)
    y2 = np.tanh(W2 @ y1)
    expected = np.diag(1 - y2**2) @ W2 @ np.diag(1 - y1**2) @ W1
    layers = [linear(W1), tanh_layer(), linear(W2), tanh_layer()]
    np.testing.assert_allclose(jacobian_by_vjp(layers, x), expected, atol=1e-12)


@settings(max_examples=50, deadline=None)
@given(_least_squares_case())
def test_one_backward_sweep_gives_the_least_squares_gradient(case):
    """The chain multiply by A, subtract b, sum the squares, pulled back from 1.0, is 2 A^T (A x - b)."""
    A, b, x = case
    loss, grad = vjp([linear(A), shift(b), sum_of_squares()], x, 1.0)
    assert loss == pytest.approx(squared_residual(A, b, x), rel=1e-12, abs=1e-12)
    np.testing.assert_allclose(grad, squared_residual_gradient(A, b, x), atol=1e-10)


def test_reverse_mode_evaluates_each_layer_once():
    """A gradient of 200 inputs costs one call per layer in reverse mode, 200 in forward mode."""
    calls = []

    def counted(layer):
        def wrapped(x):
            calls.append(layer)
            return layer(x)

        return wrapped

    layers = [counted(layer) for layer in tanh_network([200, 10], seed=6) + [sum_of_squares()]]
    x = np.random.default_rng(6).normal(size=200)
    _, grad = vjp(layers, x, 1.0)
    assert len(calls) == len(layers)
    calls.clear()
    J = jacobian_by_jvp(layers, x)
    assert len(calls) == 200 * len(layers)
    np.testing.assert_allclose(grad, J[0], atol=1e-12)


def test_inputs_are_left_unchanged_and_lists_are_accepted():
    """vjp and jvp take plain lists and do not modify the arrays passed in."""
    layers = tanh_network([3, 2], seed=7)
    x, v = np.array([0.1, -0.2, 0.3]), np.array([1.0, -1.0])
    before = (x.copy(), v.copy())
    vjp(layers, x, v)
    jvp(layers, x, [1.0, 0.0, 0.0])
    np.testing.assert_array_equal(x, before[0])
    np.testing.assert_array_equal(v, before[1])
    np.testing.assert_allclose(vjp(layers, list(x), list(v))[1], vjp(layers, x, v)[1])


def test_tanh_network_is_seeded():
    """The same seed gives the same function; another seed gives another one."""
    x = np.linspace(-1, 1, 4)
    a = evaluate(tanh_network([4, 3, 2], seed=8), x)
    np.testing.assert_array_equal(a, evaluate(tanh_network([4, 3, 2], seed=8), x))
    assert not np.allclose(a, evaluate(tanh_network([4, 3, 2], seed=9), x))
