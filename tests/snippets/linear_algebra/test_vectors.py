"""snippets/linear_algebra/vectors.py against numpy."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from snippets.linear_algebra.vectors import angle_between, dot, matmul

finite = st.floats(-1e3, 1e3, allow_nan=False)


@given(
    st.integers(1, 8).flatmap(
        lambda n: st.tuples(arrays(float, n, elements=finite), arrays(float, n, elements=finite))
    )
)
def test_dot_matches_numpy(pair):
    """dot(u, v) equals numpy's u @ v on random vectors."""
    u, v = pair
    assert dot(u, v) == pytest.approx(u @ v, rel=1e-9, abs=1e-6)


def test_matmul_matches_numpy_on_random_matrices():
    """matmul(A, B) equals A @ B for random shapes."""
    rng = np.random.default_rng(0)
    for _ in range(20):
        n, k, m = rng.integers(1, 6, size=3)
        A, B = rng.normal(size=(n, k)), rng.normal(size=(k, m))
        np.testing.assert_allclose(matmul(A, B), A @ B, atol=1e-12)


def test_matmul_refuses_mismatched_shapes():
    """Inner sizes that differ raise a ValueError that names both shapes."""
    with pytest.raises(ValueError, match=r"\(2, 3\) by \(2, 3\)"):
        matmul(np.ones((2, 3)), np.ones((2, 3)))


def test_angle_between_perpendicular_and_parallel():
    """Perpendicular vectors are 90 degrees apart, a vector and its double 0."""
    assert angle_between([1, 0], [0, 3]) == pytest.approx(90)
    assert angle_between([1, 2], [2, 4]) == pytest.approx(0, abs=1e-4)
