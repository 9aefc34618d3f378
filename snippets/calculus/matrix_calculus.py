"""Matrix calculus: Jacobians, two classic gradients, and vector-Jacobian products without J."""

import numpy as np

from snippets.calculus.gradients import numerical_derivative, numerical_gradient


def numerical_jvp(f, x, u, h=1e-5):
    """J u: how fast every output of f moves as x moves along u. Two calls to f, whatever J's size."""
    x, u = np.asarray(x, dtype=float), np.asarray(u, dtype=float)
    return np.atleast_1d(numerical_derivative(lambda t: f(x + t * u), 0.0, h))


def numerical_jacobian(f, x, h=1e-5):
    """The m x n matrix of slopes of f: column j is how all m outputs move when x_j is nudged."""
    x = np.asarray(x, dtype=float)
    return np.column_stack([numerical_jvp(f, x, e, h) for e in np.eye(x.size)])


def numerical_vjp(f, x, v, h=1e-5):
    """v^T J, found as the gradient of the scalar v . f(x): 2n calls to f, two per input."""
    v = np.asarray(v, dtype=float)
    return numerical_gradient(lambda z: np.sum(v * f(z)), x, h)


def quadratic_form(A, x):
    """x^T A x: every product x_i x_j, weighted by A_ij, added up."""
    A, x = np.asarray(A, dtype=float), np.asarray(x, dtype=float)
    return float(x @ A @ x)


def quadratic_form_gradient(A, x):
    """(A + A^T) x: A x from the x on the right, A^T x from the x on the left."""
    A, x = np.asarray(A, dtype=float), np.asarray(x, dtype=float)
    return (A + A.T) @ x


def squared_residual(A, b, x):
    """||A x - b||^2, the sum of squared misses of the linear model A x against targets b."""
    A, b, x = (np.asarray(a, dtype=float) for a in (A, b, x))
    r = A @ x - b
    return float(r @ r)


def squared_residual_gradient(A, b, x):
    """2 A^T (A x - b): twice the residual, sent back through A."""
    A, b, x = (np.asarray(a, dtype=float) for a in (A, b, x))
    return 2 * A.T @ (A @ x - b)


# A layer maps x to (y, push, pull): its output, u -> J u (forward mode) and v -> v^T J
# (reverse mode), where J is the layer's Jacobian at x. No layer ever builds its J.


def linear(W):
    """x -> W x. Its Jacobian is W itself: push u to W u, pull v back to v^T W."""
    W = np.asarray(W, dtype=float)

    def layer(x):
        return W @ x, lambda u: W @ u, lambda v: v @ W

    return layer


def shift(b):
    """x -> x - b. Its Jacobian is the identity, so both directions pass through unchanged."""
    b = np.asarray(b, dtype=float)

    def layer(x):
        return x - b, lambda u: u, lambda v: v

    return layer


def tanh_layer():
    """Elementwise tanh. Its Jacobian is diag(1 - y^2), so a product with it is elementwise."""

    def layer(x):
        y = np.tanh(x)
        slope = 1 - y**2
        return y, lambda u: slope * u, lambda v: v * slope

    return layer


def sum_of_squares():
    """x -> x . x, one number. Its Jacobian is the single row 2 x^T."""

    def layer(x):
        return float(x @ x), lambda u: float(2 * x @ u), lambda v: v * 2 * x

    return layer


def tanh_network(sizes, seed=0):
    """Layers linear, tanh, linear, tanh, ... through sizes, weights seeded and scaled 1/sqrt(n_in)."""
    rng = np.random.default_rng(seed)
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layers += [linear(rng.normal(size=(n_out, n_in)) / np.sqrt(n_in)), tanh_layer()]
    return layers


def evaluate(layers, x):
    """f(x) for the chain: the first layer's output feeds the second, and so on."""
    x = np.asarray(x, dtype=float)
    for layer in layers:
        x, _, _ = layer(x)
    return x


def jvp(layers, x, u):
    """Forward mode: f(x) and J u, carrying u along with x, first layer first. Nothing is stored."""
    x, u = np.asarray(x, dtype=float), np.asarray(u, dtype=float)
    for layer in layers:
        x, push, _ = layer(x)
        u = push(u)
    return x, u


def vjp(layers, x, v):
    """Reverse mode: f(x) and v^T J. The forward sweep keeps each layer's pull (and with it the
    values it needs); the backward sweep applies them, last layer first, to a vector."""
    x = np.asarray(x, dtype=float)
    pulls = []
    for layer in layers:
        x, _, pull = layer(x)
        pulls.append(pull)
    for pull in reversed(pulls):
        v = pull(v)
    return x, v


def jacobian_by_jvp(layers, x):
    """The full Jacobian, one column per forward sweep: n sweeps for n inputs."""
    x = np.asarray(x, dtype=float)
    return np.column_stack([np.atleast_1d(jvp(layers, x, e)[1]) for e in np.eye(x.size)])


def jacobian_by_vjp(layers, x):
    """The full Jacobian, one row per backward sweep: m sweeps for m outputs."""
    m = np.size(evaluate(layers, x))
    return np.vstack([vjp(layers, x, e)[1] for e in np.eye(m)])
