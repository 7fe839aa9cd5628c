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
    average_hours,
    breaks,
    consecutive,
    contracts,
    coverage,
    daily_hours,
    fairness,
    late_shifts,
    overtime,
    requests,
    rest,
    shifts,
    weekly_rest,
)

# Agent rule modules, in the order they are added; each reads ctx.choices.
AGENT_RULES: dict[str, Callable[[ModelContext], None]] = {
    "contracts": contracts.build,
    "rest": rest.build,
    "consecutive": consecutive.build,
    "late_shifts": late_shifts.build,
    "requests": requests.build,
    "fairness": fairness.build,  # a no-op unless costs.fairness_per_shift > 0
    # Labour-law presets (scheduler.presets); each is a no-op when its rule is off.
    "weekly_rest": weekly_rest.build,
    "average_weekly_hours": average_hours.build,
    "daily_hours": daily_hours.build,
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
    "overtime",  # with_overtime: inside offers, within their minutes, never on the shift
    "weekly_overtime",
    "weekly_rest",
    "average_weekly_hours",
    "daily_hours",
    # Kept by the break rules, which the loader proves meet the law (scheduler.presets).
    "break_entitlement",
    "work_without_break",
)


def build_roster_model(
    instance: Instance,
    catalogue: OptionCatalogue,
    agents: Iterable[Agent],
    allowed: shifts.Allowed | None = None,
    with_coverage: bool = True,
    need: dict[tuple[int, str, int], int] | None = None,
    with_overtime: bool = False,
) -> ModelContext:
    """The model for ``agents``; with ``need``, coverage is against that residual demand.

    ``with_overtime`` adds the agents' peak subscriptions (``rules.overtime``); read the
    chosen spans with ``rules.overtime.read_overtime``. Off by default, so callers that only
    read shifts back never lose overtime the model counted on.
    """
    ctx = ModelContext(instance, catalogue, need=need)
    shifts.build(ctx, AgentChoices(list(agents)), allowed)
    if with_overtime:  # before the rules that count overtime as work (weekly rest)
        overtime.build(ctx)
    for build in AGENT_RULES.values():
        build(ctx)
    if with_coverage:
        breaks.build(ctx)
        coverage.build(ctx)
    return ctx
