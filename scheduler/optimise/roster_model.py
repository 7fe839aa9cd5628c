"""The per-agent roster model: named agents, every rule, the true objective.

Built from the rule modules in order. ``allowed`` restricts each agent-day to a set of
(queue, option) pairs: stage 2 passes the pairs its class used in the aggregate solution, and
improvement rounds widen them. Breaks stay counts per group, so the model's size grows with
agents x allowed pairs, not with break placements.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from scheduler.models.instance import Agent, Instance
from scheduler.optimise.context import AgentChoices, ModelContext
from scheduler.optimise.options import OptionCatalogue
from scheduler.optimise.rules import (
    breaks,
    consecutive,
    contracts,
    coverage,
    late_shifts,
    requests,
    rest,
    shifts,
)

# Agent rule modules, in the order they are added; each reads ctx.choices.
AGENT_RULES: dict[str, Callable[[ModelContext], None]] = {
    "contracts": contracts.build,
    "rest": rest.build,
    "consecutive": consecutive.build,
    "late_shifts": late_shifts.build,
    "requests": requests.build,
}


# Validator rule names this model enforces: by option domains (templates, limits, absences,
# granted days off, queues), by the shift choice (one a day), by the agent modules above and
# by the break layout. A test asserts each has its independent checker.
ENFORCED_RULES = (
    "one_shift_per_day",
    "template",
    "start_end_limits",
    "availability",
    "leave",
    "granted_requests",
    "queue_skill",
    "grid",
    "breaks",
    "weekly_min_hours",
    "weekly_max_hours",
    "max_days_per_week",
    "rest",
    "max_consecutive_days",
    "late_shifts",
)


def build_roster_model(
    instance: Instance,
    catalogue: OptionCatalogue,
    agents: Iterable[Agent],
    allowed: shifts.Allowed | None = None,
    with_coverage: bool = True,
    need: dict[tuple[int, str, int], int] | None = None,
) -> ModelContext:
    """The model for ``agents``; with ``need``, coverage is against that residual demand."""
    ctx = ModelContext(instance, catalogue, need=need)
    shifts.build(ctx, AgentChoices(list(agents)), allowed)
    for build in AGENT_RULES.values():
        build(ctx)
    if with_coverage:
        breaks.build(ctx)
        coverage.build(ctx)
    return ctx
