"""Explain an infeasible plan: which rules conflict, for whom, on which day or week.

Coverage is soft, so a plan is infeasible only when some agent's own rules cannot all hold
(say a 36 h contract minimum with four days of leave and 8 h shifts). Each agent's rules are
solved alone with every rule instance behind an assumption literal; CP-SAT returns a set of
assumptions that is infeasible on its own, which a deletion pass then shrinks to a minimal one.
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from scheduler.models.instance import Agent, Instance
from scheduler.optimise.context import AgentChoices, ModelContext
from scheduler.optimise.options import OptionCatalogue
from scheduler.optimise.roster_model import AGENT_RULES
from scheduler.optimise.rules import shifts

Label = tuple[str, str, str]


def explain_infeasible(
    instance: Instance,
    catalogue: OptionCatalogue,
    agents: list[Agent],
    deadline: float | None = None,
) -> list[str]:
    """One sentence per agent whose own rules cannot all hold (empty: none of them). Past
    ``deadline`` (``time.monotonic()``) the rest go unchecked: a plan's time limit holds
    even when the construction leaves hundreds of agents short (a check is ~45 ms)."""
    messages = []
    for agent in agents:
        if deadline is not None and time.monotonic() >= deadline:
            break
        core = _agent_core(instance, catalogue, agent)
        if core:
            rules = "; ".join(f"{rule} ({when})" for rule, _, when in core)
            messages.append(f"agent {agent.id}: these rules cannot all hold: {rules}")
    return messages


def _agent_core(instance: Instance, catalogue: OptionCatalogue, agent: Agent) -> list[Label]:
    ctx = _diagnostic_model(instance, catalogue, agent)
    assert ctx.assumptions is not None
    labels = sorted(ctx.assumptions)
    if _feasible(ctx, labels):
        return []
    core = _solver_core(ctx, labels)
    for label in list(core):
        trial = [x for x in core if x != label]
        if not _feasible(ctx, trial):
            core = trial
    return core


def _diagnostic_model(instance: Instance, catalogue: OptionCatalogue, agent: Agent) -> ModelContext:
    ctx = ModelContext(instance, catalogue, assumptions={})
    shifts.build(ctx, AgentChoices([agent]))
    for name, build in AGENT_RULES.items():
        if name != "requests":
            build(ctx)
    return ctx


def _feasible(ctx: ModelContext, labels: list[Label]) -> bool:
    return _solve_assuming(ctx, labels)[0] in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def _solver_core(ctx: ModelContext, labels: list[Label]) -> list[Label]:
    assert ctx.assumptions is not None
    _, solver = _solve_assuming(ctx, labels)
    by_index = {ctx.assumptions[label].index: label for label in labels}
    core = [by_index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in by_index]
    return core or labels


def _solve_assuming(ctx: ModelContext, labels: list[Label]) -> tuple[int, cp_model.CpSolver]:
    """Solve the agent's model with only ``labels`` enforced (the others are relaxed)."""
    assert ctx.assumptions is not None
    ctx.model.clear_assumptions()
    ctx.model.add_assumptions([ctx.assumptions[label] for label in labels])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 5.0
    return solver.solve(ctx.model), solver
