"""Variance, covariance, correlation and the variance inflation factor from scratch."""

import numpy as np


def variance(x, ddof=1):
    """Average squared distance from the mean, dividing by n - ddof (n - 1 for a sample)."""
    x = np.asarray(x, dtype=float)
    if len(x) - ddof <= 0:
        raise ValueError(f"need more than {ddof} values, got {len(x)}")
    deviations = x - x.sum() / len(x)
    return float(deviations @ deviations / (len(x) - ddof))


def covariance(x, y, ddof=1):
    """Average product of the two variables' distances from their means."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(x) != len(y):
        raise ValueError(f"x and y need the same length, got {len(x)} and {len(y)}")
    if len(x) - ddof <= 0:
        raise ValueError(f"need more than {ddof} values, got {len(x)}")
    return float((x - x.mean()) @ (y - y.mean()) / (len(x) - ddof))


def covariance_matrix(X, ddof=1):
    """Entry (i, j) is the covariance of columns i and j: Xc^T Xc / (n - ddof), Xc centred."""
    X = np.asarray(X, dtype=float)
    centred = X - X.mean(axis=0)
    return centred.T @ centred / (X.shape[0] - ddof)


def standardise(X):
    """Subtract each column's mean and divide by its standard deviation (z-scores)."""
    X = np.asarray(X, dtype=float)
    return (X - X.mean(axis=0)) / X.std(axis=0, ddof=1)


def correlation_matrix(X):
    """Correlation is the covariance of the standardised columns."""
    return covariance_matrix(standardise(X))


def correlated_pairs(R, names, threshold=0.95):
    """Pairs of features whose correlation is at least `threshold` in absolute value."""
    pairs = []
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            if abs(R[i, j]) >= threshold:
                pairs.append((names[i], names[j], float(R[i, j])))
    return pairs


def make_flats(n=200, seed=0):
    """Flat listings: area in m², the same area in square feet (rounded to 10), rooms, age."""
    rng = np.random.default_rng(seed)
    area_m2 = rng.normal(70, 20, size=n).clip(20, None)
    area_ft2 = np.round(area_m2 * 10.764, -1)
    rooms = np.clip(np.round(area_m2 / 25 + rng.normal(0, 0.5, size=n)), 1, None)
    age = rng.uniform(0, 80, size=n)
    names = ["area_m2", "area_ft2", "rooms", "age"]
    return np.column_stack([area_m2, area_ft2, rooms, age]), names


def make_regression_data(rho, n=100, seed=0):
    """Two unit-variance features with correlation about rho, and y = 3 x1 + 2 x2 + noise."""
    rng = np.random.default_rng(seed)
    x1 = rng.normal(size=n)
    x2 = rho * x1 + np.sqrt(1 - rho**2) * rng.normal(size=n)
    y = 3 * x1 + 2 * x2 + rng.normal(size=n)
    return np.column_stack([x1, x2]), y


def fit_least_squares(X, y):
    """Intercept and coefficients minimising the squared error (intercept first)."""
    X = np.asarray(X, dtype=float)
    design = np.column_stack([np.ones(len(X)), X])
    beta, *_ = np.linalg.lstsq(design, y, rcond=None)
    return beta


def bootstrap_coefficients(X, y, n_resamples=200, seed=0):
    """Refit on n_resamples resamples of the rows (with replacement); one row per refit."""
    rng = np.random.default_rng(seed)
    n = len(y)
    fits = []
    for _ in range(n_resamples):
        rows = rng.integers(0, n, size=n)
        fits.append(fit_least_squares(X[rows], y[rows]))
    return np.array(fits)


def r_squared(X, y):
    """Share of y's variance that a least-squares fit on X explains."""
    beta = fit_least_squares(X, y)
    predictions = np.column_stack([np.ones(len(y)), X]) @ beta
    residual = y - predictions
    centred = y - y.mean()
    return float(1 - residual @ residual / (centred @ centred))


def vif(X):
    """Variance inflation factor of each column: regress it on the others, VIF = 1 / (1 - R^2)."""
    X = np.asarray(X, dtype=float)
    factors = []
    for j in range(X.shape[1]):
        others = np.delete(X, j, axis=1)
        factors.append(1.0 / (1.0 - r_squared(others, X[:, j])))
    return np.array(factors)


def plot_coefficient_pairs(collinear, independent, true_coefficients=(3.0, 2.0)):
    """Scatter beta1 against beta2 over bootstrap refits: collinear features beside independent."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(8, 4), sharex=True, sharey=True)
    total = sum(true_coefficients)
    both = np.concatenate([collinear[:, 1], independent[:, 1]])
    line = np.array([both.min() - 1, both.max() + 1])
    for ax, fits, title in [
        (axes[0], collinear, "Correlation 0.999: coefficients swing"),
        (axes[1], independent, "Correlation 0: coefficients stay put"),
    ]:
        ax.scatter(fits[:, 1], fits[:, 2], s=8, alpha=0.5, label="one bootstrap refit")
        ax.plot(line, total - line, color="tab:red", lw=1, label=f"beta1 + beta2 = {total:g}")
        ax.plot(*true_coefficients, "k+", markersize=12, label="true (3, 2)")
        ax.set_title(title)
        ax.set_xlabel("beta1")
        ax.grid(True, alpha=0.3)
    axes[0].set_ylabel("beta2")
    axes[0].legend(loc="upper right", fontsize="small")
    fig.tight_layout()
    return fig
