"""Bayes' theorem for a diagnostic test: the formula, and a simulation that checks it."""

import numpy as np


def posterior(prior, sensitivity, specificity):
    """P(sick | positive) from P(sick), P(positive | sick) and P(negative | healthy).

    Works with floats, numpy arrays (of priors) or fractions.Fraction for exact answers.
    """
    true_positives = sensitivity * prior
    false_positives = (1 - specificity) * (1 - prior)
    return true_positives / (true_positives + false_positives)


def simulate_test(prevalence, sensitivity, specificity, n_people=1_000_000, seed=0):
    """Test a simulated population; count who is sick and who tests positive."""
    rng = np.random.default_rng(seed)
    sick = rng.random(n_people) < prevalence
    # A sick person tests positive with probability `sensitivity`,
    # a healthy one with probability 1 - `specificity` (a false alarm).
    caught = rng.random(n_people) < sensitivity
    false_alarm = rng.random(n_people) >= specificity
    positive = np.where(sick, caught, false_alarm)
    sick_positive = int(np.sum(sick & positive))
    healthy_positive = int(np.sum(~sick & positive))
    return {
        "sick": int(sick.sum()),
        "sick_positive": sick_positive,
        "healthy_positive": healthy_positive,
        "posterior": sick_positive / (sick_positive + healthy_positive),
    }


def plot_posterior_vs_prevalence(sensitivity, specificity, title):
    """P(sick | positive) against prevalence, on a log axis, with the line posterior = prior."""
    import matplotlib.pyplot as plt

    prevalence = np.logspace(-4, np.log10(0.5), 200)
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(prevalence, posterior(prevalence, sensitivity, specificity), label="P(sick | positive)")
    ax.plot(prevalence, prevalence, linestyle="--", color="grey", label="prior = prevalence")
    marked = 0.01
    ax.scatter([marked], [posterior(marked, sensitivity, specificity)], color="tab:red", zorder=3)
    ax.annotate(
        f"1% prevalence: {posterior(marked, sensitivity, specificity):.1%}",
        xy=(marked, posterior(marked, sensitivity, specificity)),
        xytext=(0.0015, 0.55),
        arrowprops={"arrowstyle": "->"},
    )
    ax.set_xscale("log")
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("prevalence (prior probability of being sick)")
    ax.set_ylabel("probability")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left")
    ax.set_title(title)
    return fig
