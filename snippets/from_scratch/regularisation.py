"""Bias and variance by simulation, ridge in closed form and as MAP, lasso by coordinate descent."""

import numpy as np


def true_function(x):
    """The curve the simulations try to learn: one period of a sine wave on [0, 1]."""
    return np.sin(2 * np.pi * np.asarray(x, dtype=float))


def polynomial_features(x, degree):
    """Columns t, t^2, ..., t^degree with t = 2x - 1, so [0, 1] maps to [-1, 1] and powers stay small.

    No column of ones: the intercept is handled by centring (see fit_polynomial).
    """
    t = 2 * np.asarray(x, dtype=float) - 1
    return t[:, None] ** np.arange(1, degree + 1)


def ridge(X, y, lam):
    """The w minimising |y - X w|^2 + lam |w|^2: solve (X^T X + lam I) w = X^T y. lam = 0 is OLS."""
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    return np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y)


def fit_polynomial(x, y, degree, lam=0.0):
    """Fit a polynomial by ridge with an unpenalised intercept; returns a function that predicts.

    Centring the features and the targets first lets the intercept be read off afterwards
    (mean of y minus the means of the features times w), so the penalty never shrinks it.
    """
    X, y = polynomial_features(x, degree), np.asarray(y, dtype=float)
    x_mean, y_mean = X.mean(axis=0), y.mean()
    w = ridge(X - x_mean, y - y_mean, lam)
    intercept = y_mean - x_mean @ w

    def predict(x_new):
        return intercept + polynomial_features(x_new, degree) @ w

    return predict


def bias_variance_simulation(
    degree, lam=0.0, n_train=15, n_sets=1000, noise=0.3, n_test=41, seed=0
):
    """Fit n_sets fresh training sets and split the expected test error at fixed test points.

    Each training set has one x drawn uniformly in each of n_train equal slices of [0, 1]
    (so every set covers the whole interval) and y = true_function(x) + noise * N(0, 1).
    Each fit is scored on fresh noisy targets at the same n_test evenly spaced test points.
    Averaged over the test points:
      bias2    (average prediction - true value)^2
      variance spread of the predictions around their average (over training sets)
      noise    mean squared gap between the test targets and the true values
      error    mean squared gap between the test targets and the predictions, measured
      error_se the standard error of error, from its spread over the training sets
    """
    rng = np.random.default_rng(seed)
    x_test = np.linspace(0, 1, n_test)
    truth = true_function(x_test)
    predictions = np.empty((n_sets, n_test))
    targets = np.empty((n_sets, n_test))
    for s in range(n_sets):
        x = (np.arange(n_train) + rng.uniform(size=n_train)) / n_train
        y = true_function(x) + noise * rng.normal(size=n_train)
        predictions[s] = fit_polynomial(x, y, degree, lam)(x_test)
        targets[s] = truth + noise * rng.normal(size=n_test)
    squared_errors = (targets - predictions) ** 2
    return {
        "bias2": float(np.mean((predictions.mean(axis=0) - truth) ** 2)),
        "variance": float(np.mean(predictions.var(axis=0))),
        "noise": float(np.mean((targets - truth) ** 2)),
        "error": float(squared_errors.mean()),
        "error_se": float(squared_errors.mean(axis=1).std(ddof=1) / np.sqrt(n_sets)),
    }


def gaussian_log_posterior(w, X, y, sigma, tau):
    """log p(y | X, w) + log p(w) for y = X w + N(0, sigma^2) noise and a N(0, tau^2 I) prior on w.

    The posterior's log up to a constant (the log of p(y), which does not depend on w).
    """
    w, X, y = (np.asarray(a, dtype=float) for a in (w, X, y))
    residual = y - X @ w
    log_likelihood = -0.5 * np.sum(residual**2) / sigma**2 - y.size * np.log(sigma)
    log_prior = -0.5 * np.sum(w**2) / tau**2 - w.size * np.log(tau)
    return float(log_likelihood + log_prior - 0.5 * (y.size + w.size) * np.log(2 * np.pi))


def map_by_gradient_ascent(X, y, sigma, tau, steps=20_000, tol=1e-12):
    """Climb the log posterior from w = 0; its gradient is X^T (y - X w) / sigma^2 - w / tau^2.

    The step is 1/L, with L the largest curvature (eigenvalue of X^T X / sigma^2 + I / tau^2),
    and it stops once no weight moves by more than tol. Nothing here knows about ridge.
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    curvature = np.linalg.eigvalsh(X.T @ X)[-1] / sigma**2 + 1 / tau**2
    w = np.zeros(X.shape[1])
    for _ in range(steps):
        gradient = X.T @ (y - X @ w) / sigma**2 - w / tau**2
        step = gradient / curvature
        w = w + step
        if np.abs(step).max() < tol:
            break
    return w


def soft_threshold(z, t):
    """sign(z) * max(|z| - t, 0): move z towards 0 by t, and stop at 0 if it would cross."""
    z = np.asarray(z, dtype=float)
    return np.where(np.abs(z) > t, z - t * np.sign(z), 0.0)


def lasso_objective(X, y, w, lam):
    """(1/2) |y - X w|^2 + lam * |w|_1."""
    X, y, w = (np.asarray(a, dtype=float) for a in (X, y, w))
    residual = y - X @ w
    return float(0.5 * residual @ residual + lam * np.abs(w).sum())


def lasso_coordinate_descent(X, y, lam, w0=None, max_sweeps=10_000, tol=1e-10):
    """Minimise lasso_objective one weight at a time, each by an exact soft-thresholding step.

    With the other weights fixed, the best w_j is S(x_j . r_j, lam) / |x_j|^2, where r_j is
    the residual with feature j's contribution put back. Sweeps over all weights until
    none moves by more than tol. w0 warm-starts it (from the previous lam on a path).
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    column_sq = np.sum(X**2, axis=0)
    residual = y - X @ w
    for _ in range(max_sweeps):
        largest_move = 0.0
        for j in np.flatnonzero(column_sq):  # an all-zero column keeps w_j = 0
            old = w[j]
            rho = X[:, j] @ residual + column_sq[j] * old
            new = soft_threshold(rho, lam) / column_sq[j]
            if new != old:
                residual -= X[:, j] * (new - old)
                w[j] = new
                largest_move = max(largest_move, abs(new - old))
        if largest_move < tol:
            break
    return w


def ridge_path(X, y, lams):
    """Ridge weights for each lam, one row per lam."""
    return np.array([ridge(X, y, lam) for lam in lams])


def lasso_path(X, y, lams):
    """Lasso weights for each lam, one row per lam in the order given.

    The fits run from the largest lam down, each warm-started from the previous one: at the
    top almost every weight is 0, and each smaller lam only switches a few more on.
    """
    lams = np.asarray(lams, dtype=float)
    rows = np.empty((lams.size, np.shape(X)[1]))
    w = None
    for i in np.argsort(lams)[::-1]:
        w = lasso_coordinate_descent(X, y, lams[i], w0=w)
        rows[i] = w
    return rows


def make_sparse_data(n=60, p=20, n_useful=5, noise=1.0, seed=0):
    """Standardised features, only the first n_useful of which matter, and a centred target.

    Returns X (n x p), y, and the true weights (3, -2, 1.5, -1, 0.5, ... then zeros).
    """
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    w_true = np.zeros(p)
    w_true[:n_useful] = np.array([3.0, -2.0, 1.5, -1.0, 0.5, 2.5, -1.5, 1.0])[:n_useful]
    y = X @ w_true + noise * rng.normal(size=n)
    return X, y - y.mean(), w_true


def plot_bias_variance(degrees, results, title):
    """Bias^2, variance, noise, their sum and the measured test error against polynomial degree."""
    import matplotlib.pyplot as plt

    def pick(key):
        return np.array([r[key] for r in results])

    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(degrees, pick("bias2"), "o-", color="tab:blue", label="bias²")
    ax.plot(degrees, pick("variance"), "o-", color="tab:red", label="variance")
    ax.plot(degrees, pick("noise"), "--", color="tab:grey", label="noise")
    total = pick("bias2") + pick("variance") + pick("noise")
    ax.plot(degrees, total, "-", color="black", lw=3, alpha=0.3, label="bias² + variance + noise")
    ax.plot(degrees, pick("error"), "x", color="black", ms=8, label="measured test error")
    ax.set_yscale("log")
    ax.set_xlabel("polynomial degree")
    ax.set_ylabel("average over the test points")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    ax.set_title(title)
    return fig


def plot_paths(lams, ridge_weights, lasso_weights, title, n_useful=0):
    """Every weight against lam, ridge on the left and lasso on the right, lam on a log axis.

    The first n_useful weights (the features that matter) are drawn in colour, the rest in grey.
    """
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(9, 3.8), sharey=True)
    for ax, weights, name in [
        (axes[0], ridge_weights, "ridge (L2)"),
        (axes[1], lasso_weights, "lasso (L1)"),
    ]:
        weights = np.asarray(weights)
        ax.plot(lams, weights[:, n_useful:], color="tab:grey", lw=0.8, alpha=0.7)
        for j in range(n_useful):
            ax.plot(lams, weights[:, j], lw=2, label=f"feature {j + 1}")
        ax.axhline(0, color="black", lw=0.8)
        ax.set_xscale("log")
        ax.set_xlabel("λ")
        ax.set_title(name, fontsize=10)
        ax.grid(True, alpha=0.3)
    axes[0].set_ylabel("weight (grey: features that do not matter)")
    if n_useful:
        axes[1].legend(fontsize=8, loc="lower right")
    fig.suptitle(title, fontsize=11)
    return fig
