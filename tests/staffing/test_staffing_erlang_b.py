"""Erlang B against exact rational arithmetic, and its two inverse problems."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from scheduler.staffing import erlang_b, erlang_b_lines, erlang_b_max_load


def exact_b(lines: int, load: float) -> float:
    """The textbook recursion in exact fractions: the oracle."""
    a, b = Fraction(load), Fraction(1)
    for n in range(1, lines + 1):
        b = a * b / (n + a * b)
    return float(b)


@pytest.mark.parametrize(
    ("lines", "load"),
    [(0, 5.0), (1, 5.0), (10, 5.0), (15, 8.1), (30, 25.0), (3, 0.001), (5, 1000.0), (200, 180.5)],
)
def test_matches_exact_recursion(lines: int, load: float) -> None:
    assert erlang_b(lines, load) == pytest.approx(exact_b(lines, load), rel=1e-12)


def test_thousands_of_lines_match_float_recursion() -> None:
    # the recursion is forward-stable; 5,000 steps lose < 1e-12
    b = 1.0
    for n in range(1, 5001):
        b = 4900.0 * b / (n + 4900.0 * b)
    assert erlang_b(5000, 4900.0) == pytest.approx(b, rel=1e-11)


def test_vectorised_and_limits() -> None:
    out = erlang_b(np.array([0, 1, 10]), np.array([[0.0], [5.0]]))
    assert out.shape == (2, 3)
    np.testing.assert_allclose(out[0], [1.0, 0.0, 0.0])
    assert np.all(np.isfinite(out))
    assert erlang_b(10, 1e6) == pytest.approx(1 - 10 / 1e6, rel=1e-4)  # deep overload


def test_lines_is_the_first_count_meeting_the_target() -> None:
    loads = np.array([0.0, 0.5, 5.0, 8.1, 25.0, 333.3, 4900.0])
    for target in (0.001, 0.01, 0.05, 0.5):
        lines = erlang_b_lines(loads, target)
        for load, n in zip(loads, lines, strict=True):
            if load == 0:
                assert n == 0
                continue
            assert erlang_b(n, load) <= target
            assert n == 0 or erlang_b(n - 1, load) > target


def test_max_load_inverts_blocking() -> None:
    load = erlang_b_max_load(np.array([1, 15, 100, 2000]), 0.02)
    np.testing.assert_allclose(erlang_b(np.array([1, 15, 100, 2000]), load), 0.02, rtol=1e-9)
    assert erlang_b_max_load(0, 0.02) == 0.0
    assert erlang_b_max_load(5, 1.0) == np.inf
