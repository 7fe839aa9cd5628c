"""Per-agent shift choices: at most one shift a day, on a queue the agent serves.

Templates, weekdays, earliest start / latest end, absences and granted days off are already
in each agent's option domain (``OptionCatalogue.domain``), so they cost the model nothing.
"""

from __future__ import annotations

from collections import defaultdict

from scheduler.models.instance import Agent
from scheduler.optimise.context import AgentChoices, ModelContext

Allowed = dict[str, dict[int, set[tuple[str, int]]]]


def build(ctx: ModelContext, choices: AgentChoices, allowed: Allowed | None = None) -> None:
    """Create ``x`` for every allowed (queue, option) and tie the group sizes to them."""
    ctx.choices = choices
    members: dict[tuple[int, str, int], list] = defaultdict(list)
    for agent in choices.agents:
        per_day = choices.x.setdefault(agent.id, {})
        for day in range(ctx.instance.horizon.days):
            pairs = _pairs(ctx, agent, day, allowed)
            per_day[day] = {
                (q, o): ctx.model.new_bool_var(f"x_{agent.id}_{day}_{q}_{o}") for q, o in pairs
            }
            if len(per_day[day]) > 1:
                ctx.model.add_at_most_one(per_day[day].values())
            for (q, o), var in per_day[day].items():
                members[(day, q, o)].append((var, 1))
                _closed_options(ctx, agent, day, o, var)
    for key in sorted(members):
        ctx.add_group(key, members[key])


def _pairs(
    ctx: ModelContext, agent: Agent, day: int, allowed: Allowed | None
) -> list[tuple[str, int]]:
    if ctx.assumptions is not None:
        domain = ctx.catalogue.template_domain(agent, day)
    else:
        domain = ctx.catalogue.domain(agent, day)
    pairs = [(q, o) for q in agent.queues for o in domain]
    if allowed is not None:
        keep = allowed.get(agent.id, {}).get(day, set())
        pairs = [p for p in pairs if p in keep]
    return pairs


def _closed_options(ctx: ModelContext, agent: Agent, day: int, option: int, var: object) -> None:
    """When diagnosing, personal limits become tagged constraints instead of domain cuts."""
    if ctx.assumptions is None:
        return
    when = str(ctx.instance.horizon.date_of(day))
    for rule, _ in ctx.catalogue.exclusions(agent, day, option):
        ctx.enforce(ctx.model.add(var == 0), rule, agent.id, when)
