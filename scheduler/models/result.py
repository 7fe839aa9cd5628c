"""What a solve returns: the roster plus how good it is known to be."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from scheduler.models.roster import Roster


class SolveStatus(StrEnum):
    OPTIMAL = "optimal"  # proven: objective equals the lower bound
    FEASIBLE = "feasible"  # a roster, not proven optimal (time limit or gap target reached)
    INFEASIBLE = "infeasible"  # the rules cannot all be met; see ``conflicts``
    ERROR = "error"


class SolveResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    status: SolveStatus
    roster: Roster | None = None
    objective: float | None = None
    lower_bound: float | None = None
    wall_seconds: float = 0.0
    costs: dict[str, float] = Field(default_factory=dict)
    stats: dict[str, Any] = Field(default_factory=dict)
    conflicts: tuple[str, ...] = ()

    @property
    def gap(self) -> float | None:
        return relative_gap(self.objective, self.lower_bound)


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    """How far ``objective`` lies above the proven lower ``bound``, relative to the bound."""
    if objective is None or bound is None:
        return None
    excess = max(0.0, objective - bound)
    if excess == 0:
        return 0.0
    return excess / bound if bound > 0 else float("inf")
