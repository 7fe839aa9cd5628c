"""Typed problem data and results: the vocabulary every other layer speaks."""

from scheduler.models.clock import DAY_MINUTES, format_hhmm, parse_hhmm
from scheduler.models.instance import (
    Absence,
    Agent,
    BreakRule,
    BreakSpec,
    CostWeights,
    DayOffRequest,
    Demand,
    Horizon,
    Instance,
    LabourRules,
    OvertimeOffer,
    PublicHoliday,
    Queue,
    ShiftTemplate,
)
from scheduler.models.result import SolveResult, SolveStatus
from scheduler.models.roster import AgentDay, BreakPlacement, Roster, Span

__all__ = [
    "DAY_MINUTES",
    "Absence",
    "Agent",
    "AgentDay",
    "BreakPlacement",
    "BreakRule",
    "BreakSpec",
    "CostWeights",
    "DayOffRequest",
    "Demand",
    "Horizon",
    "Instance",
    "LabourRules",
    "OvertimeOffer",
    "PublicHoliday",
    "Queue",
    "Roster",
    "ShiftTemplate",
    "SolveResult",
    "SolveStatus",
    "Span",
    "format_hhmm",
    "parse_hhmm",
]
