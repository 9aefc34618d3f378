"""snippets/probability_statistics/information.py against scipy.stats, scipy.special and scipy.optimize."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize, special, stats

from notesite.figures import svg
from snippets.probability_statistics.information import (
    cross_entropy,
    entropy,
    fit_gaussian_by_kl,
    gaussian_on_grid,
    jensen_sides,
    kl_divergence,
    log_softmax,
    logsumexp,
    numerical_gradient,
    one_hot,
    plot_kl_fits,
    softmax,
    softmax_cross_entropy,
    softmax_cross_entropy_gradient,
    surprise,
)

seeds = st.integers(0, 2**32 - 1)
sizes = st.integers(2, 12)


def random_pair(seed, k, with_zeros=False):
    """Two random distributions over k outcomes; with_zeros knocks out some outcomes of each."""
    rng = np.random.default_rng(seed)
    p, q = rng.dirichlet(np.ones(k)), rng.dirichlet(np.ones(k))
    if with_zeros:
        p[rng.random(k) < 0.3] = 0.0
        p[rng.integers(k)] += 1e-3  # never all zero
        p /= p.sum()
    return p, q


@settings(max_examples=50, deadline=None)
@given(seeds, sizes, st.sampled_from([None, 2, 10]))
def test_entropy_matches_scipy(seed, k, base):
    """H(p) equals scipy.stats.entropy(p), in nats, bits and decimal digits, zeros included."""
    p, _ = random_pair(seed, k, with_zeros=True)
    assert entropy(p, base) == pytest.approx(stats.entropy(p, base=base), abs=1e-12)


@settings(max_examples=50, deadline=None)
@given(seeds, sizes, st.booleans())
def test_kl_matches_scipy(seed, k, with_zeros):
    """KL(p || q) equals scipy.stats.entropy(p, q) and the sum of scipy.special.rel_entr."""
    p, q = random_pair(seed, k, with_zeros)
    assert kl_divergence(p, q) == pytest.approx(stats.entropy(p, q), abs=1e-12)
    assert kl_divergence(p, q, 2) == pytest.approx(stats.entropy(p, q, base=2), abs=1e-12)
    assert kl_divergence(p, q) == pytest.approx(special.rel_entr(p, q).sum(), abs=1e-12)


@settings(max_examples=50, deadline=None)
@given(seeds, sizes, st.booleans())
def test_cross_entropy_is_entropy_plus_kl(seed, k, with_zeros):
    """H(p, q) = H(p) + KL(p || q) = -sum p log q, and KL >= 0 with KL(p || p) = 0."""
    p, q = random_pair(seed, k, with_zeros)
    ce = cross_entropy(p, q)
    assert ce == pytest.approx(-np.sum(special.xlogy(p, q)), abs=1e-12)
    assert ce == pytest.approx(entropy(p) + kl_divergence(p, q), abs=1e-12)
    assert kl_divergence(p, q) >= 0 and ce >= entropy(p) - 1e-12
    assert kl_divergence(p, p) == 0.0


@settings(max_examples=50, deadline=None)
@given(seeds, sizes)
def test_entropy_is_at_most_log_k(seed, k):
    """KL(p || uniform) = log K - H(p), so H(p) <= log K, with equality for the uniform."""
    p, _ = random_pair(seed, k)
    uniform = np.full(k, 1 / k)
    assert kl_divergence(p, uniform) == pytest.approx(np.log(k) - entropy(p), abs=1e-12)
    assert entropy(p) <= np.log(k) + 1e-12
    assert entropy(uniform) == pytest.approx(np.log(k))


def test_zero_probability_where_the_other_has_mass_is_infinite():
    """q = 0 where p > 0 makes KL(p || q) and H(p, q) infinite, with no warning; 0 log 0 = 0."""
    p, q = np.array([0.5, 0.5, 0.0]), np.array([0.4, 0.4, 0.2])
    assert kl_divergence(q, p) == np.inf == stats.entropy(q, p)
    assert cross_entropy(q, p) == np.inf
    assert kl_divergence(p, q) == pytest.approx(np.log(1.25))
    assert entropy([1.0, 0.0]) == 0.0


def test_rows_are_separate_distributions():
    """On 2-D input every row is one distribution, and broadcasting a single one works."""
    rng = np.random.default_rng(3)
    P, Q = rng.dirichlet(np.ones(4), size=6), rng.dirichlet(np.ones(4), size=6)
    np.testing.assert_allclose(entropy(P), stats.entropy(P, axis=1))
    np.testing.assert_allclose(kl_divergence(P, Q), stats.entropy(P, Q, axis=1))
    np.testing.assert_allclose(kl_divergence(P, Q[0]), [kl_divergence(p, Q[0]) for p in P])


def test_surprise_and_known_entropies():
    """A fair coin is 1 bit, a 90/10 coin 0.469 bits, a 1-in-10 outcome log2(10) bits."""
    assert entropy([0.5, 0.5], base=2) == pytest.approx(1.0)
    assert entropy([0.9, 0.1], base=2) == pytest.approx(0.4689955935892812)
    assert surprise(0.1, base=2) == pytest.approx(np.log2(10))
    np.testing.assert_allclose(surprise([0.5, 0.25]), -np.log([0.5, 0.25]))


@settings(max_examples=50, deadline=None)
@given(seeds, st.integers(1, 10))
def test_jensen_for_concave_and_convex_functions(seed, k):
    """log E[X] >= E[log X], and E[X^2] - (E[X])^2 is the variance under the same weights."""
    rng = np.random.default_rng(seed)
    values, probs = rng.uniform(0.1, 10, size=k), rng.dirichlet(np.ones(k))
    log_of_mean, mean_of_logs = jensen_sides(np.log, values, probs)
    assert log_of_mean >= mean_of_logs - 1e-12
    square_of_mean, mean_of_squares = jensen_sides(np.square, values, probs)
    mean = probs @ values
    assert mean_of_squares - square_of_mean == pytest.approx(probs @ (values - mean) ** 2, abs=1e-9)


@settings(max_examples=50, deadline=None)
@given(seeds, st.integers(1, 5), st.integers(2, 10), st.floats(0.1, 50))
def test_softmax_family_matches_scipy(seed, rows, k, scale):
    """softmax, log_softmax and logsumexp equal scipy.special's along the last axis."""
    z = np.random.default_rng(seed).normal(0, scale, size=(rows, k))
    np.testing.assert_allclose(softmax(z), special.softmax(z, axis=-1), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(
        log_softmax(z), special.log_softmax(z, axis=-1), rtol=1e-10, atol=1e-12
    )
    np.testing.assert_allclose(logsumexp(z), special.logsumexp(z, axis=-1), rtol=1e-12)
    np.testing.assert_allclose(softmax(z).sum(axis=-1), 1.0)


def test_huge_logits_do_not_overflow():
    """Logits near 1000 give the same softmax as logits near 0, with no overflow warning."""
    z = np.array([1000.0, 999.0, 998.0])
    np.testing.assert_allclose(softmax(z), softmax(z - 998))
    assert logsumexp(z) == pytest.approx(special.logsumexp(z))
    assert np.isfinite(log_softmax(np.array([-1000.0, 1000.0]))).all()


@settings(max_examples=50, deadline=None)
@given(seeds, st.integers(1, 8), st.integers(2, 8), st.booleans())
def test_gradient_is_p_minus_y_by_finite_differences(seed, rows, k, soft):
    """For hard or soft targets, the analytic gradient (P - Y) / rows matches central differences."""
    rng = np.random.default_rng(seed)
    z = rng.normal(0, 3, size=(rows, k))
    y = rng.dirichlet(np.ones(k), size=rows) if soft else one_hot(rng.integers(0, k, rows), k)
    analytic = softmax_cross_entropy_gradient(z, y)
    np.testing.assert_allclose(analytic, (special.softmax(z, axis=-1) - y) / rows)
    numeric = numerical_gradient(lambda v: softmax_cross_entropy(v, y), z)
    np.testing.assert_allclose(analytic, numeric, atol=1e-8)


def test_loss_matches_scipy_and_approx_fprime():
    """The loss is -mean sum y log softmax(z); scipy's approx_fprime agrees with p - y."""
    z, y = np.array([2.0, 1.0, 0.1]), one_hot(1, 3)
    assert softmax_cross_entropy(z, y) == pytest.approx(-np.log(special.softmax(z)[1]))
    theirs = optimize.approx_fprime(z, lambda v: softmax_cross_entropy(v, y), 1e-7)
    np.testing.assert_allclose(softmax_cross_entropy_gradient(z, y), theirs, atol=1e-6)


def test_smoothed_target_minimum_is_its_entropy():
    """At z = log y the gradient vanishes and the loss equals H(y)."""
    y = np.array([0.05, 0.9, 0.05])
    z = np.log(y)
    np.testing.assert_allclose(softmax_cross_entropy_gradient(z, y), 0, atol=1e-12)
    assert softmax_cross_entropy(z, y) == pytest.approx(stats.entropy(y))


def test_targets_must_be_distributions():
    """Targets that are negative or do not sum to 1 are refused."""
    with pytest.raises(ValueError, match="probability distributions"):
        softmax_cross_entropy([1.0, 2.0], [1.0, 1.0])
    with pytest.raises(ValueError, match="probability distributions"):
        softmax_cross_entropy_gradient([1.0, 2.0], [1.5, -0.5])


def test_one_hot():
    """one_hot puts a single 1 in each label's column."""
    np.testing.assert_array_equal(one_hot([2, 0], 3), [[0, 0, 1], [1, 0, 0]])


def test_forward_kl_matches_moments_and_reverse_kl_picks_a_mode():
    """Fitting a Gaussian to two bumps: forward KL gives mean 0, sd sqrt(10); reverse, one bump."""
    x = np.linspace(-12, 12, 481)
    p = 0.5 * gaussian_on_grid(x, -3, 1) + 0.5 * gaussian_on_grid(x, 3, 1)
    mus, sigmas = np.linspace(-5, 5, 101), np.linspace(0.5, 5, 46)
    mu, sigma, kl = fit_gaussian_by_kl(p, x, mus, sigmas, "forward")
    assert mu == pytest.approx(0, abs=1e-12) and sigma == pytest.approx(np.sqrt(10), abs=0.1)
    assert kl == pytest.approx(stats.entropy(p, gaussian_on_grid(x, mu, sigma)))
    mu, sigma, kl = fit_gaussian_by_kl(p, x, mus, sigmas, "reverse")
    assert abs(mu) == pytest.approx(3) and sigma == pytest.approx(1)
    assert kl == pytest.approx(np.log(2), abs=0.01)
    with pytest.raises(ValueError, match="sideways"):
        fit_gaussian_by_kl(p, x, mus, sigmas, "sideways")


def test_gaussian_on_grid_sums_to_one_and_matches_scipy_shape():
    """The discretised Gaussian is scipy's normal pdf on the grid, rescaled to sum to 1."""
    x = np.linspace(-5, 7, 121)
    q = gaussian_on_grid(x, 1.0, 1.5)
    expected = stats.norm.pdf(x, 1.0, 1.5)
    np.testing.assert_allclose(q, expected / expected.sum())


def test_plot_has_a_title():
    """The plot renders to SVG and its title becomes the alt text."""
    x = np.linspace(-8, 8, 161)
    p = gaussian_on_grid(x, 0, 1)
    fit = (0.0, 1.0, 0.0)
    markup = svg(plot_kl_fits(x, p, fit, fit, "Two KL fits"))
    assert 'alt="Two KL fits"' in markup
