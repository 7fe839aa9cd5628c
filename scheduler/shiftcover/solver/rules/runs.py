"""Runs of shifts and days off, and (when the automaton stays small) weekends, as one
automaton per staff member (hard): at most ``max_consecutive_shifts`` shifts in a row, at
least ``min_consecutive_shifts`` and ``min_consecutive_days_off`` for runs that start and end
inside the horizon, at most ``max_weekends`` weekends worked.

See ``scheduler.shiftcover.solver.pattern`` for the states and why an automaton; weekends
move out to ``rules.weekends`` when tracking them would make the automaton large (many
weekends allowed over a long horizon), since CP-SAT expands it into states x days literals.
"""

from __future__ import annotations

from scheduler.shiftcover.solver.context import SolverContext
from scheduler.shiftcover.solver.pattern import build_automaton

MAX_LITERALS = 200_000  # states x days per staff member before weekends move out


def build(ctx: SolverContext) -> None:
    days = ctx.problem.days
    weekends_limited = len(ctx.problem.weekends)
    for staff in ctx.problem.staff:
        works = [ctx.works[staff.id, d] for d in range(days)]
        with_weekends = staff.max_weekends < weekends_limited
        automaton = build_automaton(staff, with_weekends)
        if with_weekends and automaton.states * days > MAX_LITERALS:
            automaton = build_automaton(staff, with_weekends=False)
        elif with_weekends:
            ctx.weekends_in_pattern.add(staff.id)
        ctx.model.add_automaton(
            works, automaton.start, list(automaton.finals), list(automaton.transitions)
        )
