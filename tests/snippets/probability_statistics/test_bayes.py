"""snippets/probability_statistics/bayes.py against exact fractions and simulation."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notesite.figures import svg
from snippets.probability_statistics.bayes import (
    plot_posterior_vs_prevalence,
    posterior,
    simulate_test,
)

rate = st.floats(0.01, 0.99, allow_nan=False)


def test_medical_test_posterior_is_exactly_one_sixth():
    """1% prevalence, 99% sensitivity, 95% specificity give P(sick | positive) = 1/6 exactly."""
    assert posterior(Fraction(1, 100), Fraction(99, 100), Fraction(95, 100)) == Fraction(1, 6)


def test_posterior_matches_the_joint_probability_table():
    """The formula equals P(sick and positive) / P(positive) read off a 2x2 joint table."""
    rng = np.random.default_rng(1)
    for prior, sensitivity, specificity in rng.uniform(0.01, 0.99, size=(50, 3)):
        # rows: sick, healthy; columns: positive, negative
        joint = np.array(
            [
                [prior * sensitivity, prior * (1 - sensitivity)],
                [(1 - prior) * (1 - specificity), (1 - prior) * specificity],
            ]
        )
        assert joint.sum() == pytest.approx(1)
        from_table = joint[0, 0] / joint[:, 0].sum()
        assert posterior(prior, sensitivity, specificity) == pytest.approx(from_table)


@settings(max_examples=50, deadline=None)
@given(rate, rate, rate, rate)
def test_posterior_is_a_probability_that_grows_with_prevalence(p1, p2, sensitivity, specificity):
    """The posterior lies in [0, 1] and never falls when the prevalence rises."""
    low, high = sorted([p1, p2])
    a, b = posterior(low, sensitivity, specificity), posterior(high, sensitivity, specificity)
    assert 0 <= a <= 1 and 0 <= b <= 1
    assert a <= b + 1e-12


@settings(max_examples=50, deadline=None)
@given(rate, rate)
def test_an_uninformative_test_leaves_the_prior_unchanged(prior, sensitivity):
    """When P(positive | sick) = P(positive | healthy), the posterior equals the prior."""
    assert posterior(prior, sensitivity, 1 - sensitivity) == pytest.approx(prior)


def test_simulation_agrees_with_the_formula():
    """A seeded population of 1,000,000 lands within 0.01 of the exact posterior, three settings."""
    settings_ = [(0.01, 0.99, 0.95), (0.1, 0.9, 0.8), (0.3, 0.7, 0.99)]
    for prevalence, sensitivity, specificity in settings_:
        result = simulate_test(prevalence, sensitivity, specificity, n_people=1_000_000, seed=3)
        assert abs(result["posterior"] - posterior(prevalence, sensitivity, specificity)) < 0.01


def test_simulation_is_reproducible_and_consistent():
    """The same seed gives the same counts, and the posterior is the ratio of the counts."""
    a = simulate_test(0.05, 0.9, 0.9, n_people=10_000, seed=7)
    assert a == simulate_test(0.05, 0.9, 0.9, n_people=10_000, seed=7)
    assert a["sick_positive"] <= a["sick"]
    assert a["posterior"] == a["sick_positive"] / (a["sick_positive"] + a["healthy_positive"])


def test_plot_has_a_title():
    """The plot renders to SVG and its title becomes the alt text."""
    markup = svg(plot_posterior_vs_prevalence(0.99, 0.95, "Posterior against prevalence"))
    assert 'alt="Posterior against prevalence"' in markup
