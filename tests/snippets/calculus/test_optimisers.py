"""snippets/calculus/optimisers.py against hand-derived updates, closed forms and numpy/scipy."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import rosen, rosen_der

from notesite.figures import svg
from snippets.calculus.optimisers import (
    adam,
    cosine_decay,
    gradient_descent,
    linear_warmup,
    momentum,
    noisy,
    plot_runs,
    rmsprop,
    rotation,
    step_decay,
    steps_to_tolerance,
    uncorrected_adam_step,
    valley,
)

seeds = st.integers(0, 2**32 - 1)


def _random_gradients(seed, n, d):
    """n gradients in d dimensions, none of whose entries is 0 (so sign() is defined)."""
    rng = np.random.default_rng(seed)
    g = rng.normal(size=(n, d)) * rng.uniform(0.01, 100, size=d)
    g[np.abs(g) < 1e-6] = 1e-3
    return g


def _replay(gradients):
    """A grad function that ignores x and hands out the given gradients in order."""
    it = iter(gradients)
    return lambda x: np.array(next(it), dtype=float)


def test_valley_is_a_quadratic_with_the_given_curvatures():
    """f = x.A.x / 2 with eigenvalues `curvatures`; grad is A x; turning keeps f(R x) = f0(x)."""
    f, grad, A = valley([1.0, 100.0])
    np.testing.assert_array_equal(A, np.diag([1.0, 100.0]))
    assert f([-10.0, 1.0]) == 100.0
    np.testing.assert_allclose(grad([-10.0, 1.0]), [-10.0, 100.0])
    f_turned, grad_turned, A_turned = valley([1.0, 100.0], np.pi / 4)
    np.testing.assert_allclose(np.linalg.eigvalsh(A_turned), [1.0, 100.0])
    x = np.array([0.3, -1.7])
    assert f_turned(rotation(np.pi / 4) @ x) == pytest.approx(f(x))
    np.testing.assert_allclose(grad_turned(x), A_turned @ x)
    assert abs(A_turned[0, 1]) > 1  # turned: the axes are mixed


@settings(max_examples=50, deadline=None)
@given(st.floats(-np.pi, np.pi))
def test_rotation_is_orthogonal_with_determinant_one(angle):
    """rotation(a) is orthogonal with det 1, and rotation(a) @ rotation(-a) is the identity."""
    R = rotation(angle)
    np.testing.assert_allclose(R.T @ R, np.eye(2), atol=1e-12)
    assert np.linalg.det(R) == pytest.approx(1.0)
    np.testing.assert_allclose(R @ rotation(-angle), np.eye(2), atol=1e-12)


def test_gradient_descent_follows_its_update_and_accepts_a_schedule():
    """Each step is x - lr_k g: on a 1-D bowl of curvature 4 the path is a product of (1 - 4 lr_k)."""
    path = gradient_descent(lambda x: 4 * x, [1.0], 0.1, 10)
    np.testing.assert_allclose(path[:, 0], 0.6 ** np.arange(11))
    schedule = step_decay(0.1, 0.5, 2)
    path = gradient_descent(lambda x: 4 * x, [1.0], schedule, 4)
    factors = [1 - 4 * schedule(k) for k in range(4)]
    np.testing.assert_allclose(path[:, 0], np.concatenate([[1.0], np.cumprod(factors)]))


@settings(max_examples=50, deadline=None)
@given(st.floats(0.1, 10), st.floats(0.001, 1.5), st.floats(0.0, 0.99), st.floats(-5, 5))
def test_momentum_on_a_1d_quadratic_matches_its_closed_form(curvature, lr_times_l, beta, x0):
    """On f = a x^2 / 2 the heavy ball obeys x_{k+1} = (1 + beta - lr a) x_k - beta x_{k-1}, with
    x_1 = (1 - lr a) x_0; so x_k = c1 r1^k + c2 r2^k, r the roots of r^2 - (1 + beta - lr a) r + beta."""
    lr = lr_times_l / curvature
    steps = 30
    path = momentum(lambda x: curvature * x, [x0], lr, beta, steps)[:, 0]
    trace = 1 + beta - lr * curvature
    r1, r2 = np.roots([1.0, -trace, beta]).astype(complex)
    x1 = (1 - lr * curvature) * x0
    k = np.arange(steps + 1)
    if abs(r1 - r2) > 1e-6:
        c2 = (x1 - r1 * x0) / (r2 - r1)
        closed = (x0 - c2) * r1**k + c2 * r2**k
    else:  # a double root r: x_k = (c1 + c2 k) r^k
        r = (r1 + r2) / 2
        closed = (x0 + (x1 / r - x0) * k) * r**k
    np.testing.assert_allclose(path, closed.real, atol=1e-8 * max(1.0, np.abs(closed).max()))


def test_momentum_is_polyaks_form():
    """v <- beta v + g, x <- x - lr v is x_{k+1} = x_k - lr g_k + beta (x_k - x_{k-1}), x_{-1} = x_0."""
    _, grad, _ = valley([1.0, 30.0], 0.4)
    lr, beta = 0.03, 0.8
    path = momentum(grad, [2.0, -1.0], lr, beta, 50)
    previous, x = np.array([2.0, -1.0]), np.array([2.0, -1.0])
    for k in range(50):
        previous, x = x, x - lr * grad(x) + beta * (x - previous)
        np.testing.assert_allclose(path[k + 1], x, atol=1e-12)


def test_momentum_steps_build_up_to_lr_over_one_minus_beta():
    """With a constant gradient of 1 the k-th step is lr (1 - beta^k) / (1 - beta)."""
    path = momentum(lambda x: np.ones(1), [0.0], 0.1, 0.9, 60)
    steps = -np.diff(path[:, 0])
    k = np.arange(1, 61)
    np.testing.assert_allclose(steps, 0.1 * (1 - 0.9**k) / (1 - 0.9))


@settings(max_examples=50, deadline=None)
@given(seeds, st.floats(0.001, 1.0), st.floats(0.5, 0.999))
def test_rmsprop_matches_its_update_written_out(seed, lr, rho):
    """RMSProp's path equals the update s = rho s + (1 - rho) g^2, x -= lr g / (sqrt(s) + eps) done by hand."""
    g = _random_gradients(seed, 20, 3)
    path = rmsprop(_replay(g), np.zeros(3), lr, rho=rho, steps=20)
    x, s = np.zeros(3), np.zeros(3)
    for gk in g:
        s = rho * s + (1 - rho) * gk**2
        x = x - lr * gk / (np.sqrt(s) + 1e-8)
    np.testing.assert_allclose(path[-1], x, rtol=1e-12, atol=1e-12)
    # s_1 = (1 - rho) g^2, so the first step is lr |g| / (sqrt(1 - rho) |g| + eps): lr / sqrt(1 - rho)
    # in every coordinate whose gradient is far above eps (hypothesis found one that is not).
    first = path[1] - path[0]
    size = np.abs(g[0])
    np.testing.assert_allclose(
        np.abs(first), lr * size / (np.sqrt(1 - rho) * size + 1e-8), rtol=1e-9
    )
    big = np.sqrt(1 - rho) * size > 1e-3  # eps then moves the step by under 1e-5 of it
    np.testing.assert_allclose(np.abs(first)[big], lr / np.sqrt(1 - rho), rtol=1e-4)


@settings(max_examples=50, deadline=None)
@given(seeds, st.floats(1e-4, 1.0), st.floats(0.0, 0.99), st.floats(0.9, 0.9999))
def test_adams_first_corrected_step_is_lr_times_minus_sign_g(seed, lr, beta1, beta2):
    """m_hat_1 = g and v_hat_1 = g^2, so the first step is -lr sign(g) per coordinate, whatever |g|."""
    g = _random_gradients(seed, 1, 5)
    path = adam(_replay(g), np.zeros(5), lr, beta1, beta2, eps=0.0, steps=1)
    np.testing.assert_allclose(path[1] - path[0], -lr * np.sign(g[0]), rtol=1e-12)


@settings(max_examples=50, deadline=None)
@given(seeds, st.floats(1e-3, 1.0), st.floats(0.5, 0.95), st.floats(0.9, 0.9999), st.booleans())
def test_adam_matches_its_update_written_out(seed, lr, beta1, beta2, corrected):
    """Adam's path equals Kingma and Ba's Algorithm 1 done by hand, with and without correction."""
    g = _random_gradients(seed, 15, 4)
    path = adam(_replay(g), np.ones(4), lr, beta1, beta2, steps=15, bias_correction=corrected)
    x, m, v = np.ones(4), np.zeros(4), np.zeros(4)
    for t, gt in enumerate(g, start=1):
        m = beta1 * m + (1 - beta1) * gt
        v = beta2 * v + (1 - beta2) * gt**2
        m_hat = m / (1 - beta1**t) if corrected else m
        v_hat = v / (1 - beta2**t) if corrected else v
        x = x - lr * m_hat / (np.sqrt(v_hat) + 1e-8)
    np.testing.assert_allclose(path[-1], x, rtol=1e-10, atol=1e-12)


def test_uncorrected_adam_step_with_a_steady_gradient():
    """Without correction, a constant gradient gives steps of (1 - b1^t) / sqrt(1 - b2^t) times lr."""
    g = np.array([2.0, -0.5])
    lr = 0.01
    path = adam(lambda x: g, np.zeros(2), lr, steps=30, bias_correction=False)
    sizes = np.abs(np.diff(path, axis=0)) / lr
    expected = uncorrected_adam_step(np.arange(1, 31))
    np.testing.assert_allclose(sizes, np.column_stack([expected, expected]), rtol=1e-6)
    assert uncorrected_adam_step(1) == pytest.approx(0.1 / np.sqrt(0.001))
    t = np.arange(1, 10_000)
    assert t[np.argmax(uncorrected_adam_step(t))] == 12
    corrected = adam(lambda x: g, np.zeros(2), lr, steps=30)
    np.testing.assert_allclose(np.abs(np.diff(corrected, axis=0)), lr, rtol=1e-6)


def test_steps_to_tolerance():
    """The first index at which f is at most tol, or None when it never is."""
    path = np.array([[4.0], [2.0], [1.0], [0.5]])

    def square(x):
        return float(x[0] ** 2)

    assert steps_to_tolerance(square, path, 1.0) == 2
    assert steps_to_tolerance(square, path, 16.0) == 0
    assert steps_to_tolerance(square, path, 0.1) is None


def test_schedules_at_known_points():
    """Step decay halves at 100, 200; cosine is lr0 at 0, the midpoint at K/2, lr_min from K on;
    warm-up starts at lr / W and hands over at step W - 1."""
    step = step_decay(0.1, 0.5, 100)
    assert [step(k) for k in (0, 99, 100, 199, 200)] == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025])
    cos = cosine_decay(0.1, 1000, lr_min=0.01)
    assert cos(0) == pytest.approx(0.1)
    assert cos(500) == pytest.approx(0.055)
    assert cos(250) == pytest.approx(0.01 + 0.045 * (1 + np.cos(np.pi / 4)))
    assert cos(1000) == pytest.approx(0.01) and cos(5000) == pytest.approx(0.01)
    warm = linear_warmup(cos, 10)
    assert warm(0) == pytest.approx(0.1 / 10)
    assert warm(4) == pytest.approx(cos(4) * 0.5)
    assert warm(9) == cos(9) and warm(600) == cos(600)
    assert linear_warmup(0.3, 3)(0) == pytest.approx(0.1)


@settings(max_examples=50, deadline=None)
@given(st.floats(1e-4, 1.0), st.integers(2, 5000), st.integers(0, 10_000))
def test_cosine_decay_is_monotone_and_bounded(lr0, total, k):
    """Cosine decay never rises and stays between lr_min and lr0, and cosine(k) + cosine(K - k)
    = lr0 + lr_min (the curve is symmetric about its midpoint)."""
    schedule = cosine_decay(lr0, total, lr_min=lr0 / 100)
    assert lr0 / 100 - 1e-15 <= schedule(k) <= lr0 + 1e-15
    assert schedule(k + 1) <= schedule(k) + 1e-15
    if k <= total:
        assert schedule(k) + schedule(total - k) == pytest.approx(lr0 + lr0 / 100)


def test_noisy_gradient_is_seeded_and_unbiased():
    """The same seed gives the same noise; averaged over many calls the noise vanishes."""
    _, grad, _ = valley([1.0, 100.0])
    x = np.array([1.0, 0.1])
    a, b = noisy(grad, 1.0, seed=3), noisy(grad, 1.0, seed=3)
    np.testing.assert_array_equal(a(x), b(x))
    samples = np.array([a(x) for _ in range(20_000)])
    np.testing.assert_allclose(samples.mean(axis=0), grad(x), atol=0.05)
    np.testing.assert_allclose(samples.std(axis=0), 1.0, atol=0.05)


@pytest.mark.parametrize("angle", [0.0, np.pi / 4, 1.0])
def test_every_optimiser_converges_on_the_valley(angle):
    """Plain descent, momentum and Adam reach the minimum of a turned or unturned valley; RMSProp
    does with a decaying rate."""
    f, grad, _ = valley([1.0, 100.0], angle)
    x0 = rotation(angle) @ np.array([-10.0, 1.0])
    runs = {
        "gd": gradient_descent(grad, x0, 2 / 101, 1000),
        "momentum": momentum(grad, x0, 4 / 121, (9 / 11) ** 2, 1000),
        "adam": adam(grad, x0, 0.5, steps=3000),
        "rmsprop": rmsprop(grad, x0, cosine_decay(0.1, 2000), steps=2000),
    }
    for name, path in runs.items():
        assert f(path[-1]) < 1e-8, name
    assert steps_to_tolerance(f, runs["momentum"], 1e-6) < steps_to_tolerance(f, runs["gd"], 1e-6)


def test_momentum_rate_is_the_square_root_of_beta():
    """Tuned as Polyak did, the error falls by sqrt(beta) = (sqrt(k) - 1) / (sqrt(k) + 1) a step."""
    _, grad, _ = valley([1.0, 100.0])
    path = momentum(grad, [-10.0, 1.0], 4 / 121, (9 / 11) ** 2, 400)
    norms = np.linalg.norm(path, axis=1)
    rate = (norms[300] / norms[100]) ** (1 / 200)
    assert rate == pytest.approx(9 / 11, rel=0.01)


def test_adam_on_rosenbrock_agrees_with_scipys_minimiser():
    """On scipy's Rosenbrock function, Adam with cosine decay ends near (1, 1), the minimum scipy
    finds, where the gradient rosen_der vanishes."""
    from scipy.optimize import minimize

    path = adam(rosen_der, [-1.2, 1.0], cosine_decay(0.02, 20_000), steps=20_000)
    reference = minimize(rosen, [-1.2, 1.0], jac=rosen_der, method="BFGS").x
    np.testing.assert_allclose(path[-1], reference, atol=1e-3)
    assert rosen(path[-1]) < 1e-6


def test_a_diverging_run_stops_before_overflow():
    """Past 2/L plain descent blows up; the path stops early instead of overflowing."""
    path = gradient_descent(lambda x: 10 * x, [1.0], 0.3, 10_000)
    assert len(path) < 10_001 and np.all(np.isfinite(path))


def test_plot_has_a_title():
    """The plot renders to SVG and its titles become the alt text."""
    f, grad, _ = valley([1.0, 100.0])
    path = gradient_descent(grad, [-10.0, 1.0], 0.01, 50)
    markup = svg(plot_runs(f, {"gd": path}, "A valley"))
    assert 'alt="A valley; The first 40 steps; Loss at every step"' in markup
