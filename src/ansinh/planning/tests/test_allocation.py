"""Largest-remainder allocation: the parts add up exactly to the total, each is its quota rounded down or up."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.planning.allocation import largest_remainder, path_to_target


def test_worked_example():
    # 100 over weights 1, 1, 1: quotas 33⅓ each; the one unit left goes to the first (ties in the given order)
    assert largest_remainder(100, [("a", 1), ("b", 1), ("c", 1)]) == {"a": 34, "b": 33, "c": 33}
    # 10 over 5.5 / 3.1 / 1.4 (weights 55, 31, 14): quotas 5.5, 3.1, 1.4 → 5, 3, 1 + one to the largest remainder (.5)
    assert largest_remainder(10, {"x": 55, "y": 31, "z": 14}) == {"x": 6, "y": 3, "z": 1}


def test_zero_weights_mean_equal_and_refusals():
    assert largest_remainder(5, {"a": 0, "b": 0}) == {"a": 3, "b": 2}
    assert largest_remainder(0, {}) == {}
    with pytest.raises(ValueError):
        largest_remainder(5, {"a": -1})
    with pytest.raises(ValueError):
        largest_remainder(-5, {"a": 1})


@given(
    total=st.integers(min_value=0, max_value=10**13),
    weights=st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=40),
)
def test_parts_sum_to_total_and_stay_within_a_unit_of_their_quota(total, weights):
    out = largest_remainder(total, list(enumerate(weights)))
    assert sum(out.values()) == total
    whole = sum(weights)
    for i, w in enumerate(weights):
        quota = Fraction(total * w, whole) if whole else Fraction(total, len(weights))
        assert quota - 1 < out[i] < quota + 1
        assert out[i] >= 0


@given(start=st.integers(0, 10**6), target=st.integers(0, 10**6), steps=st.sampled_from([12, 52, 53]))
def test_path_ends_on_target_and_moves_one_way(start, target, steps):
    path = path_to_target(start, target, steps)
    assert len(path) == steps and path[-1] == target
    assert path == sorted(path) or path == sorted(path, reverse=True)
