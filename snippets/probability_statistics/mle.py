"""Maximum likelihood from scratch: log-likelihoods, closed forms, and numerical maximisers."""

import numpy as np


def bernoulli_log_likelihood(p, x):
    """log L(p) = k log p + (n - k) log(1 - p) for 0/1 data x; p may be an array of values."""
    x = np.asarray(x)
    k, n = x.sum(), x.size
    p = np.asarray(p, dtype=float)
    return k * np.log(p) + (n - k) * np.log1p(-p)


def normal_log_likelihood(mu, sigma2, x):
    """log L(mu, sigma^2) = -n/2 log(2 pi sigma^2) - sum (x - mu)^2 / (2 sigma^2)."""
    x = np.asarray(x, dtype=float)
    return -0.5 * x.size * np.log(2 * np.pi * sigma2) - np.sum((x - mu) ** 2) / (2 * sigma2)


def bernoulli_mle(x):
    """The closed form: p-hat is the fraction of ones."""
    return float(np.mean(x))


def normal_mle(x):
    """The closed form: mu-hat is the mean, sigma^2-hat the mean squared deviation (1/n)."""
    x = np.asarray(x, dtype=float)
    mu = x.mean()
    return float(mu), float(np.mean((x - mu) ** 2))


def grid_search(log_likelihood, grid):
    """The grid point with the highest log-likelihood (log_likelihood takes the whole grid)."""
    grid = np.asarray(grid, dtype=float)
    return float(grid[np.argmax(log_likelihood(grid))])


def gradient_ascent_normal(x, steps=5_000, tol=1e-12):
    """Climb the normal log-likelihood in (mu, log sigma^2) and return (mu, sigma^2).

    Climbing in log sigma^2 keeps the variance positive. Gradient ascent crawls when the
    parameters live on very different scales, so the data is first rescaled to [0, 1] by
    its min and max (a change of units, not the answer) and the result scaled back.
    The step size is found by backtracking: halve it until the log-likelihood goes up.
    """
    x = np.asarray(x, dtype=float)
    low, spread = x.min(), np.ptp(x)
    if spread == 0:
        raise ValueError("all values are equal: the likelihood grows without bound as sigma -> 0")
    z = (x - low) / spread
    mu, log_s2, step = 0.0, 0.0, 1.0

    def average_log_likelihood(mu, log_s2):
        if abs(log_s2) > 700:  # exp() would overflow or underflow: treat as hopeless
            return -np.inf
        return normal_log_likelihood(mu, np.exp(log_s2), z) / z.size

    current = average_log_likelihood(mu, log_s2)
    for _ in range(steps):
        s2 = np.exp(log_s2)
        grad_mu = np.mean(z - mu) / s2
        grad_log_s2 = -0.5 + np.mean((z - mu) ** 2) / (2 * s2)  # chain rule: s2 * d/ds2
        if np.hypot(grad_mu, grad_log_s2) < tol:
            break
        while step > 1e-14:
            new_mu, new_log_s2 = mu + step * grad_mu, log_s2 + step * grad_log_s2
            new = average_log_likelihood(new_mu, new_log_s2)
            if new > current:
                break
            step /= 2
        if not new > current:  # no step size climbs any more: we are at the top
            break
        mu, log_s2, current, step = new_mu, new_log_s2, new, step * 1.5
    return float(low + spread * mu), float(spread**2 * np.exp(log_s2))


def sigmoid(z):
    """1 / (1 + e^-z), written so that neither branch overflows."""
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    positive = z >= 0
    out[positive] = 1 / (1 + np.exp(-z[positive]))
    e = np.exp(z[~positive])
    out[~positive] = e / (1 + e)
    return out


def log_loss(y, p):
    """Binary cross-entropy: -mean of y log p + (1 - y) log(1 - p)."""
    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)))


def labels_log_likelihood(y, p):
    """Sum of log P(observed label): log p_i where y_i = 1, log(1 - p_i) where y_i = 0."""
    y, p = np.asarray(y), np.asarray(p, dtype=float)
    return float(np.sum(np.log(np.where(y == 1, p, 1 - p))))


def mse(y, y_hat):
    """Mean squared error."""
    return float(np.mean((np.asarray(y, dtype=float) - np.asarray(y_hat, dtype=float)) ** 2))


def plot_bernoulli_log_likelihood(x, title):
    """The log-likelihood of p for 0/1 data, with its maximum marked at the sample mean."""
    import matplotlib.pyplot as plt

    p = np.linspace(0.01, 0.99, 197)
    p_hat = bernoulli_mle(x)
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(p, bernoulli_log_likelihood(p, x), label="log-likelihood")
    ax.axvline(p_hat, color="tab:red", linestyle="--", label=f"sample mean = {p_hat:.2f}")
    ax.scatter([p_hat], [bernoulli_log_likelihood(p_hat, x)], color="tab:red", zorder=3)
    ax.set_xlabel("p (probability of a 1)")
    ax.set_ylabel("log L(p)")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="lower center")
    ax.set_title(title)
    return fig
