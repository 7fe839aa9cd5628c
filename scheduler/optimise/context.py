"""The shared state a CP-SAT model is built in: data, variables and named objective terms.

Both models (the aggregate bound and the per-agent roster) describe staffing the same way: the
number of agents working shift option ``o`` on queue ``q`` on day ``d`` is an integer variable
``group_size[(d, q, o)]``, tied to the model's own decisions by ``add_group``. Coverage and
breaks only read those variables, so the same rule modules serve both models. Per-agent rule
modules read ``choices``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from ortools.sat.python import cp_model

from scheduler.models.instance import Agent, Instance
from scheduler.optimise.options import OptionCatalogue

GroupKey = tuple[int, str, int]  # (day, queue, option id)


class SolutionValues(Protocol):
    """What reading a solution of the model needs: a ``CpSolver`` after a solve, or another
    solver's values of the same model (``mip_search.MipValues``)."""

    def value(self, var: cp_model.IntVar) -> int: ...


@dataclass(frozen=True)
class ObjectiveTerm:
    """One named cost of the objective; ``expr`` counts units, ``weight`` prices them."""

    name: str
    weight: int
    expr: cp_model.LinearExprT


@dataclass
class AgentChoices:
    """Per-agent Booleans: ``x[agent][day][(queue, option)]`` is 1 when the agent works it."""

    agents: list[Agent]
    x: dict[str, dict[int, dict[tuple[str, int], cp_model.IntVar]]] = field(default_factory=dict)

    def works(self, agent_id: str, day: int) -> cp_model.LinearExprT:
        return sum(self.x[agent_id][day].values(), 0)


@dataclass
class ModelContext:
    instance: Instance
    catalogue: OptionCatalogue
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    group_size: dict[GroupKey, cp_model.IntVar] = field(default_factory=dict)
    group_upper: dict[GroupKey, int] = field(default_factory=dict)
    choices: AgentChoices | None = None
    break_counts: dict[GroupKey, list[dict[int, cp_model.IntVar]]] = field(default_factory=dict)
    terms: list[ObjectiveTerm] = field(default_factory=list)
    constant_costs: dict[str, int] = field(default_factory=dict)
    assumptions: dict[tuple[str, str, str], cp_model.IntVar] | None = None
    need: dict[tuple[int, str, int], int] | None = None  # residual demand, for neighbourhoods
    # Per coverage slot: (under, over, required, [(variable, coefficient)]), for complete hints.
    slots: list[tuple[cp_model.IntVar, cp_model.IntVar, int, list]] = field(default_factory=list)
    # The coverage constraint's index per (day, queue, slot), for reading an LP's duals back.
    coverage_rows: dict[tuple[int, str, int], int] = field(default_factory=dict)
    # On-phone agents per (day, queue, slot) from outside the shift groups (overtime), which
    # the coverage module adds to the groups' own; and the overtime Booleans themselves, per
    # (agent, day, queue, slot of the day), for reading a solution back.
    extra_cover: dict[tuple[int, str, int], list[cp_model.IntVar]] = field(default_factory=dict)
    overtime: dict[tuple[str, int, str, int], cp_model.IntVar] = field(default_factory=dict)
    # Per (agent, day) with offers: on overtime in each slot of the day (any queue), and the
    # call-in indicator (overtime on a day without a shift), for the rules that count work.
    overtime_slots: dict[tuple[str, int], dict[int, cp_model.IntVar]] = field(
        default_factory=dict
    )
    call_ins: dict[tuple[str, int], cp_model.LinearExprT] = field(default_factory=dict)
    # Further (variable, coefficient) terms of a slot's staffing, e.g. pooled breaks (-1) or
    # pooled overtime (+1), and how many agents the positive ones can add at most.
    cover_terms: dict[tuple[int, str, int], list[tuple[cp_model.IntVar, int]]] = field(
        default_factory=dict
    )
    cover_upper: dict[tuple[int, str, int], int] = field(default_factory=dict)

    def enforce(self, constraint: cp_model.Constraint, rule: str, agent: str, when: str) -> None:
        """Tag a rule's constraint so an infeasible model can name the rules in conflict.

        Only when diagnosing (``assumptions`` is a dict) is the constraint made conditional
        on a literal per (rule, agent, day or week); otherwise it stays a plain constraint.
        """
        if self.assumptions is None:
            return
        label = (rule, agent, when)
        literal = self.assumptions.get(label)
        if literal is None:
            literal = self.model.new_bool_var(f"assume_{rule}_{agent}_{when}")
            self.assumptions[label] = literal
        constraint.only_enforce_if(literal)

    def add_group(self, key: GroupKey, members: list[tuple[cp_model.IntVar, int]]) -> None:
        """Declare ``n[key]`` as the sum of ``members`` (variable, its upper bound)."""
        upper = sum(u for _, u in members)
        size = self.model.new_int_var(0, upper, f"n{key}")
        self.model.add(size == sum(v for v, _ in members))
        self.group_size[key] = size
        self.group_upper[key] = upper

    def add_term(self, name: str, weight: int, expr: cp_model.LinearExprT) -> None:
        if weight:
            self.terms.append(ObjectiveTerm(name, weight, expr))

    def add_constant(self, name: str, cost: int) -> None:
        """A cost no decision can change (demand that no shift can reach)."""
        self.constant_costs[name] = self.constant_costs.get(name, 0) + cost

    def minimise(self) -> None:
        expr = sum((t.weight * t.expr for t in self.terms), 0)
        self.model.minimize(expr + sum(self.constant_costs.values()))
