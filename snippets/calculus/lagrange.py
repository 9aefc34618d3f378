"""Constrained optimisation from scratch: Lagrange conditions solved directly or by Newton's method,
inequality constraints by trying which ones are active, and ridge regression as a constrained fit."""

from itertools import combinations

import numpy as np

from snippets.calculus.matrix_calculus import numerical_jacobian


def solve_equality_qp(Q, q, A, c):
    """Minimise x.Q.x / 2 + q.x subject to A x = c. Returns (x, lam).

    The Lagrange conditions Q x + q = A^T lam and A x = c are linear, so one solve gives both.
    With this sign, lam_i is how fast the best value rises as c_i rises.
    """
    Q, q, A, c = (np.atleast_1d(np.asarray(a, dtype=float)) for a in (Q, q, A, c))
    A = np.atleast_2d(A)
    n, m = Q.shape[0], A.shape[0]
    kkt = np.block([[Q, -A.T], [A, np.zeros((m, m))]])
    solution = np.linalg.solve(kkt, np.concatenate([-q, c]))
    return solution[:n], solution[n:]


def quadratic_value(Q, q, x):
    """x.Q.x / 2 + q.x."""
    Q, q, x = (np.asarray(a, dtype=float) for a in (Q, q, x))
    return float(0.5 * x @ Q @ x + q @ x)


def lagrange_newton(grad_f, g, jac_g, c, x0, lam0, iterations=50, tol=1e-12):
    """Solve grad f(x) = J_g(x)^T lam, g(x) = c by Newton's method, from the guess (x0, lam0).

    g maps n inputs to m constraint values and jac_g gives its m x n Jacobian. Newton's method
    needs the Jacobian of the whole system, which is taken by central differences. Returns
    (x, lam, iterations used). It finds a point where the conditions hold, which can be a
    minimum, a maximum or neither: which one depends on the start.
    """
    x0 = np.atleast_1d(np.asarray(x0, dtype=float))
    n = x0.size
    c = np.atleast_1d(np.asarray(c, dtype=float))

    def conditions(z):
        x, lam = z[:n], z[n:]
        J = np.atleast_2d(jac_g(x))
        return np.concatenate([grad_f(x) - J.T @ lam, np.atleast_1d(g(x)) - c])

    z = np.concatenate([x0, np.atleast_1d(np.asarray(lam0, dtype=float))])
    for k in range(1, iterations + 1):
        residual = conditions(z)
        z = z - np.linalg.solve(numerical_jacobian(conditions, z), residual)
        if np.max(np.abs(conditions(z))) < tol:
            return z[:n], z[n:], k
    raise RuntimeError(f"Newton's method did not converge in {iterations} iterations")


def solve_inequality_qp(Q, q, G, h, tol=1e-9):
    """Minimise x.Q.x / 2 + q.x subject to G x <= h, for Q positive definite. Returns (x, mu).

    Tries every set of constraints as the ones that hold with equality (the active set),
    fewest first, and returns the first answer that passes all the KKT checks: G x <= h,
    mu >= 0, and mu_i = 0 for every constraint that is not active. Fine for a handful of
    constraints; the number of sets doubles with each one.
    """
    Q, q, G, h = (np.atleast_1d(np.asarray(a, dtype=float)) for a in (Q, q, G, h))
    G = np.atleast_2d(G)
    n, m = Q.shape[0], G.shape[0]
    for size in range(m + 1):
        for active in combinations(range(m), size):
            rows = list(active)
            Ga = G[rows]
            kkt = np.block([[Q, Ga.T], [Ga, np.zeros((size, size))]])
            try:
                solution = np.linalg.solve(kkt, np.concatenate([-q, h[rows]]))
            except np.linalg.LinAlgError:
                continue  # these constraints are not independent; another set will do
            x, mu = solution[:n], np.zeros(m)
            mu[rows] = solution[n:]
            if np.all(G @ x <= h + tol) and np.all(mu >= -tol):
                return x, np.maximum(mu, 0.0)
    raise ValueError("no active set satisfies the KKT conditions: are the constraints feasible?")


def ridge(X, y, alpha):
    """The w minimising ||X w - y||^2 + alpha ||w||^2: (X^T X + alpha I) w = X^T y."""
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    return np.linalg.solve(X.T @ X + alpha * np.eye(X.shape[1]), X.T @ y)


def least_squares_in_a_ball(X, y, t, iterations=200):
    """Minimise ||X w - y||^2 subject to ||w||^2 <= t. Returns (w, mu), mu the KKT multiplier.

    If the unconstrained fit is inside the ball, the constraint is slack and mu = 0. Otherwise
    the answer lies on the ball's surface, where stationarity 2 X^T (X w - y) + 2 mu w = 0 is
    ridge with alpha = mu; ||ridge(alpha)||^2 falls as alpha grows, so bisection finds mu.
    """
    w = ridge(X, y, 0.0)
    if w @ w <= t:
        return w, 0.0
    low, high = 0.0, 1.0
    while np.sum(ridge(X, y, high) ** 2) > t:
        high *= 2
    for _ in range(iterations):
        mid = (low + high) / 2
        if np.sum(ridge(X, y, mid) ** 2) > t:
            low = mid
        else:
            high = mid
    return ridge(X, y, high), high


def plot_tangency(Q, A, c, x_star, title, also_at=(), scale=0.15):
    """Level curves of x.Q.x / 2 with the line A x = c (two inputs, one constraint), and arrows
    for the gradients of f and of g at the constrained optimum x_star, both times `scale`;
    `also_at` adds the gradient of f at other points of the line, for comparison."""
    import matplotlib.pyplot as plt

    Q, a = np.asarray(Q, dtype=float), np.ravel(np.asarray(A, dtype=float))
    x_star = np.asarray(x_star, dtype=float)
    xs, ys = np.linspace(-1, 4.5, 300), np.linspace(-1.5, 3.5, 300)
    X, Y = np.meshgrid(xs, ys)
    Z = 0.5 * (Q[0, 0] * X**2 + (Q[0, 1] + Q[1, 0]) * X * Y + Q[1, 1] * Y**2)
    best = quadratic_value(Q, np.zeros(2), x_star)
    fig, ax = plt.subplots(figsize=(6, 5))
    levels = sorted({best / 4, best / 2, best, best * 2, best * 3})
    contours = ax.contour(X, Y, Z, levels=levels, colors="tab:grey", linewidths=0.8)
    ax.clabel(contours, fmt="f = %g", fontsize=7)
    line_x = np.linspace(-1, 4.5, 2)
    ax.plot(line_x, (c - a[0] * line_x) / a[1], color="tab:red", label="the constraint g = c")

    def arrow(start, vector, colour, width):
        style = {"arrowstyle": "->", "color": colour, "lw": width}
        ax.annotate("", xy=start + scale * vector, xytext=start, arrowprops=style)

    for point in also_at:
        point = np.asarray(point, dtype=float)
        arrow(point, Q @ point, "tab:cyan", 1.2)
        ax.plot(*point, "o", color="tab:cyan", markersize=4)
    arrow(x_star, Q @ x_star, "tab:blue", 1.8)
    arrow(x_star, a, "tab:red", 2.4)
    ax.plot([], [], color="tab:blue", label="gradient of f at the optimum")
    ax.plot([], [], color="tab:red", label="gradient of g there")
    if len(also_at):
        ax.plot([], [], color="tab:cyan", label="gradient of f elsewhere on the line")
    ax.plot(*x_star, "ko", label="constrained minimum")
    ax.set_xlim(xs[0], xs[-1])
    ax.set_ylim(ys[0], ys[-1])
    ax.set_aspect("equal")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend(loc="upper right", fontsize=7)
    ax.set_title(title)
    return fig
