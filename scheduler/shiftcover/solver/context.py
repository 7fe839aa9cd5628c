"""What every rule module reads and extends: the problem, the CP-SAT model and its variables.

``x[staff, day, shift]`` exists only where the staff member may work that shift type at all
(its limit is above 0), so most "never" combinations never reach the model; ``works[staff,
day]`` is the sum of a day's ``x`` (one shift a day at most). Objective terms are named so a
solve can report them per family, the same split the scorer prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from scheduler.shiftcover.model import ShiftCoverProblem


@dataclass
class Term:
    """One weighted piece of the objective, tagged with the family that built it."""

    family: str
    weight: int
    expr: cp_model.LinearExprT


@dataclass
class SolverContext:
    problem: ShiftCoverProblem
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    x: dict[tuple[str, int, str], cp_model.IntVar] = field(default_factory=dict)
    works: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)
    terms: list[Term] = field(default_factory=list)
    weekends_in_pattern: set[str] = field(default_factory=set)  # staff ids, see rules.runs

    def shift_var(self, staff: str, day: int, shift: str) -> cp_model.IntVar | None:
        """The choice of ``shift`` for ``staff`` on ``day``; None when it can never be made."""
        return self.x.get((staff, day, shift))

    def add_term(self, family: str, weight: int, expr: cp_model.LinearExprT) -> None:
        if weight:  # a zero-weight term adds nothing but model size
            self.terms.append(Term(family, weight, expr))
