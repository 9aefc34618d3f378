"""Momentum, RMSProp and Adam from scratch, learning-rate schedules, and a valley to run them on."""

import numpy as np


def rotation(angle):
    """The 2 x 2 matrix that turns the plane anticlockwise by `angle` radians."""
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, -s], [s, c]])


def valley(curvatures, angle=0.0):
    """The quadratic f(x) = x.A.x / 2 whose curvatures along its own axes are `curvatures`.

    With angle = 0 the axes are the coordinate axes; otherwise the bowl is turned by `angle`
    radians (two inputs only), so f(rotation(angle) @ x) is the unturned f(x).
    Returns f, its gradient A x and A. The minimum is at 0, where f = 0.
    """
    A = np.diag(np.asarray(curvatures, dtype=float))
    if angle:
        R = rotation(angle)
        A = R @ A @ R.T

    def f(x):
        x = np.asarray(x, dtype=float)
        return 0.5 * float(x @ A @ x)

    def grad(x):
        return A @ np.asarray(x, dtype=float)

    return f, grad, A


def noisy(grad, sigma, seed=0):
    """grad plus Gaussian noise of standard deviation sigma: a stand-in for a mini-batch gradient."""
    rng = np.random.default_rng(seed)

    def noisy_grad(x):
        g = np.asarray(grad(x), dtype=float)
        return g + sigma * rng.normal(size=g.shape)

    return noisy_grad


def _rate(lr, k):
    """The learning rate at step k: lr itself, or lr(k) when lr is a schedule."""
    return float(lr(k)) if callable(lr) else float(lr)


def _run(update, x0, steps, blowup=1e12):
    """Apply x <- update(x, k) for k = 0, 1, ... and return every point visited, x0 first.

    A run that diverges stops once |x| passes `blowup`, before the numbers overflow, so the
    path can be shorter than steps + 1.
    """
    x = np.array(x0, dtype=float)
    path = [x.copy()]
    for k in range(steps):
        x = update(x, k)
        path.append(x.copy())
        if not np.all(np.isfinite(x)) or np.max(np.abs(x)) > blowup:
            break
    return np.array(path)


def gradient_descent(grad, x0, lr, steps):
    """x <- x - lr g. Every point visited, x0 first. lr may be a number or a schedule lr(k)."""

    def update(x, k):
        return x - _rate(lr, k) * grad(x)

    return _run(update, x0, steps)


def momentum(grad, x0, lr, beta, steps):
    """Heavy ball: v <- beta v + g, x <- x - lr v, with v = 0 at the start.

    v is a running sum of past gradients, each one weighted by beta once more per step of
    age. The same as x_{k+1} = x_k - lr g_k + beta (x_k - x_{k-1}), Polyak's form.
    """
    v = np.zeros(np.shape(x0))

    def update(x, k):
        nonlocal v
        v = beta * v + grad(x)
        return x - _rate(lr, k) * v

    return _run(update, x0, steps)


def rmsprop(grad, x0, lr, rho=0.9, eps=1e-8, steps=100):
    """s <- rho s + (1 - rho) g^2, x <- x - lr g / (sqrt(s) + eps), every coordinate on its own.

    s is a running mean of each coordinate's squared gradient, so dividing by its root
    gives every coordinate steps of about the same size, lr, however steep it is.
    """
    s = np.zeros(np.shape(x0))

    def update(x, k):
        nonlocal s
        g = grad(x)
        s = rho * s + (1 - rho) * g**2
        return x - _rate(lr, k) * g / (np.sqrt(s) + eps)

    return _run(update, x0, steps)


def adam(grad, x0, lr, beta1=0.9, beta2=0.999, eps=1e-8, steps=100, bias_correction=True):
    """Momentum on the gradient (m) and RMSProp's mean square (v), both bias-corrected.

    m and v start at 0, so early on they are too small by factors 1 - beta1^t and
    1 - beta2^t; dividing by those factors undoes it. bias_correction=False leaves it out.
    """
    m, v = np.zeros(np.shape(x0)), np.zeros(np.shape(x0))

    def update(x, k):
        nonlocal m, v
        t = k + 1
        g = grad(x)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat, v_hat = (m / (1 - beta1**t), v / (1 - beta2**t)) if bias_correction else (m, v)
        return x - _rate(lr, k) * m_hat / (np.sqrt(v_hat) + eps)

    return _run(update, x0, steps)


def uncorrected_adam_step(t, beta1=0.9, beta2=0.999):
    """Size of Adam's step t, in units of lr, without bias correction, when every gradient is the
    same: m / sqrt(v) = (1 - beta1^t) / sqrt(1 - beta2^t). With the correction it is exactly 1."""
    t = np.asarray(t, dtype=float)
    return (1 - beta1**t) / np.sqrt(1 - beta2**t)


def steps_to_tolerance(f, path, tol):
    """The first step k at which f(path[k]) <= tol, or None if the run never gets there."""
    for k, x in enumerate(path):
        if f(x) <= tol:
            return k
    return None


def step_decay(lr0, factor, every):
    """Schedule: lr0, multiplied by `factor` once every `every` steps (k counts from 0)."""

    def schedule(k):
        return float(lr0 * factor ** (k // every))

    return schedule


def cosine_decay(lr0, total, lr_min=0.0):
    """Schedule: from lr0 at k = 0 down half a cosine wave to lr_min at k = total, then flat."""

    def schedule(k):
        progress = min(k, total) / total
        return float(lr_min + 0.5 * (lr0 - lr_min) * (1 + np.cos(np.pi * progress)))

    return schedule


def linear_warmup(schedule, warmup):
    """Schedule: ramp linearly up to schedule's lr over the first `warmup` steps, then follow it.

    Step k of the ramp uses (k + 1) / warmup of the rate, so the first step is not zero.
    """

    def warmed(k):
        rate = schedule(k) if callable(schedule) else schedule
        return float(rate * min(1.0, (k + 1) / warmup))

    return warmed


def plot_runs(f, paths, title, first=40, xlim=(-11, 2), ylim=(-1.5, 1.5)):
    """Two panels for the same runs (name -> points): the first `first` steps drawn over f's
    level curves, and f at every step on a log scale."""
    import matplotlib.pyplot as plt

    xs, ys = np.linspace(*xlim, 240), np.linspace(*ylim, 160)
    X, Y = np.meshgrid(xs, ys)
    Z = np.vectorize(lambda a, b: f(np.array([a, b])))(X, Y)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    levels = np.geomspace(0.05, Z.max(), 12)
    left.contour(X, Y, Z, levels=levels, colors="tab:grey", linewidths=0.6, alpha=0.6)
    colours = ["tab:red", "tab:blue", "tab:orange", "tab:green", "tab:purple"]
    for (name, path), colour in zip(paths.items(), colours):
        shown = path[: first + 1]
        left.plot(shown[:, 0], shown[:, 1], "-o", color=colour, markersize=2, linewidth=0.8)
        losses = np.array([f(x) for x in path])
        right.semilogy(np.arange(len(path)), np.maximum(losses, 1e-300), color=colour, label=name)
    left.plot([0], [0], "k*", markersize=10)
    left.set_xlim(*xlim)
    left.set_ylim(*ylim)
    left.set_xlabel("x1")
    left.set_ylabel("x2")
    left.set_title(f"The first {first} steps")
    right.set_ylim(1e-8, 1e3)
    right.set_xlabel("step")
    right.set_ylabel("loss")
    right.grid(True, alpha=0.3)
    right.legend(fontsize=8)
    right.set_title("Loss at every step")
    fig.suptitle(title)
    return fig
