"""What a shift-cover solve returns: the roster, the solver's objective and its proven bound."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from scheduler.shiftcover.model import ShiftCoverRoster


class SolveStatus(StrEnum):
    OPTIMAL = "optimal"  # CP-SAT proved the objective equals its bound
    FEASIBLE = "feasible"  # a roster, not proven optimal within the time limit
    INFEASIBLE = "infeasible"  # the hard limits cannot all hold
    UNKNOWN = "unknown"  # no roster found within the time limit


class ShiftCoverResult(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    status: SolveStatus
    roster: ShiftCoverRoster | None = None
    objective: int | None = Field(
        None, description="The roster's objective by the independent scorer."
    )
    lower_bound: int | None = Field(None, description="CP-SAT's best objective bound.")
    wall_seconds: float = 0.0
    terms: dict[str, int] = Field(default_factory=dict, description="Objective by family.")
    hint_objective: int | None = Field(None, description="Scorer objective of the greedy hint.")
    stats: dict[str, float] = Field(
        default_factory=dict, description="Search counters: first roster time, LNS steps."
    )
