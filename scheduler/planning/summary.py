"""``summary.json``: what a planner (and a benchmark) reads first after a run.

Costs and minutes come from the independent validator's report, never from the solver; the
solver contributes only its status, bound and timings.
"""

from __future__ import annotations

import math
from typing import Any

from scheduler.check import CheckReport
from scheduler.models.instance import Instance
from scheduler.models.result import SolveResult, relative_gap


def summarise(instance: Instance, result: SolveResult, report: CheckReport) -> dict[str, Any]:
    counts = report.counts
    objective = report.costs.get("total")
    gap = relative_gap(objective, result.lower_bound)
    if gap is not None and math.isinf(gap):
        gap = None  # a zero bound under a positive cost: no ratio, and JSON has no Infinity
    return {
        "instance": instance.name,
        "status": result.status.value,
        "proven_optimal": result.status.value == "optimal",
        "objective": objective,
        "solver_objective": result.objective,
        "lower_bound": result.lower_bound,
        "gap": gap,
        "wall_seconds": round(result.wall_seconds, 2),
        "feasible": report.feasible,
        "violations": len(report.violations),
        "costs": dict(report.costs),
        "under_agent_minutes": counts.get("under_minutes"),
        "over_agent_minutes": counts.get("over_minutes"),
        "overtime_minutes": counts.get("overtime_minutes"),
        "requests_granted": counts.get("requests_granted"),
        "requests_denied": counts.get("requests_denied"),
        "shifts": counts.get("shifts"),
        "agents_working": counts.get("agents_working"),
        "solver": dict(result.stats),
    }
