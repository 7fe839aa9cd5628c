"""``late_change_price``: nothing outside the notice horizon, more as the notice shrinks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scheduler.publish import late_change_price


def test_prices_at_the_edges() -> None:
    assert late_change_price(168, 168, 5) == 0
    assert late_change_price(400, 168, 5) == 0
    assert late_change_price(167.5, 168, 5) == 5  # a started hour short counts
    assert late_change_price(36, 168, 1) == 132
    assert late_change_price(0, 168, 2) == 336
    assert late_change_price(-10, 168, 2) == 336  # already under way: the full price


@given(
    st.floats(min_value=-50, max_value=400, allow_nan=False),
    st.floats(min_value=0, max_value=50, allow_nan=False),
    st.integers(min_value=0, max_value=20),
)
def test_less_notice_never_costs_less(notice: float, shorter_by: float, weight: int) -> None:
    assert late_change_price(notice - shorter_by, 168, weight) >= late_change_price(
        notice, 168, weight
    )


@pytest.mark.parametrize(("horizon", "weight"), [(0, 1), (-5, 1), (168, -1)])
def test_nonsense_parameters_are_refused(horizon: float, weight: int) -> None:
    with pytest.raises(ValueError):
        late_change_price(10, horizon, weight)
