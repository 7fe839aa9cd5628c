"""Bad input raises StaffingInputError naming the field, never a NaN or a hang."""

from __future__ import annotations

import math

import pytest

from scheduler.staffing import (
    StaffingInputError,
    apply_shrinkage,
    erlang_a_agents,
    erlang_a_metrics,
    erlang_b,
    erlang_c_agents,
    erlang_c_metrics,
    offered_load,
)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: offered_load(-5, 180, 1800), "calls"),
        (lambda: offered_load(5, 0, 1800), "aht_s"),
        (lambda: offered_load(5, 180, -1), "interval_s"),
        (lambda: offered_load(math.nan, 180, 1800), "calls"),
        (lambda: erlang_c_agents(10, 180, target_sl=1.5, target_time_s=20), "target_sl"),
        (lambda: erlang_c_agents(10, 180, target_sl=1.0, target_time_s=20), "target_sl"),
        (lambda: erlang_c_agents(10, 180, target_sl=-0.1, target_time_s=20), "target_sl"),
        (lambda: erlang_c_agents(10, 180, target_sl=0.8), "target_time_s"),
        (lambda: erlang_c_agents(10, 180, target_asa_s=0.0), "target_asa_s"),
        (lambda: erlang_c_agents(10, 180, max_occupancy=0.0), "max_occupancy"),
        (lambda: erlang_c_agents(10, 180, max_p_wait=1.5), "max_p_wait"),
        (lambda: erlang_c_agents(10, math.inf), "aht_s"),
        (lambda: erlang_a_agents(10, 180, 0.0, target_sl=0.8, target_time_s=20), "patience_s"),
        (lambda: erlang_a_agents(10, 180, -5.0, target_sl=0.8, target_time_s=20), "patience_s"),
        (lambda: erlang_a_agents(10, 180, 60, max_abandon=0.0), "max_abandon"),
        (lambda: erlang_a_agents(10, 180, 60, definition="answered"), "definition"),
        (lambda: erlang_a_metrics(10, 8, 180, 60, -1.0), "target_time_s"),
        (lambda: erlang_c_metrics(2.5, 8, 180, 20), "agents"),
        (lambda: erlang_b(-1, 8), "lines"),
        (lambda: apply_shrinkage(10, 1.0), "shrinkage"),
        (lambda: apply_shrinkage(10, 0.2, method="add"), "shrinkage_method"),
    ],
)
def test_error_names_the_field(call, field: str) -> None:
    with pytest.raises(StaffingInputError) as error:
        call()
    assert error.value.field == field
    assert str(error.value).startswith(f"{field}: ")
    assert isinstance(error.value, ValueError)


def test_message_shows_the_value_and_position() -> None:
    with pytest.raises(StaffingInputError, match=r"calls: must be >= 0 \(got -3 at position 2\)"):
        offered_load([1, 2, -3], 180, 1800)
