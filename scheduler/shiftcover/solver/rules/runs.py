"""Runs of shifts and days off, and (when the automaton stays small) weekends, as one
automaton per staff member (hard): at most ``max_consecutive_shifts`` shifts in a row, at
least ``min_consecutive_shifts`` and ``min_consecutive_days_off`` for runs that start and end
inside the horizon, at most ``max_weekends`` weekends worked.

See ``scheduler.shiftcover.solver.pattern`` for the states and why an automaton; tracking
weekends multiplies the states by about 14 (weekday, weekends used), and CP-SAT expands an
automaton into states x days literals, so weekends stay in the automaton only while the
whole problem's expansion stays under ``MAX_LITERALS``; otherwise ``rules.weekends`` counts
them. Measured at 30-40 s, 2 workers: inside, Instance5 (74k literals) is proven optimal
(1,143) and without not (1,149 / bound 1,070); Instances 8 and 9 (122k, 149k) ended worse
inside (2,653 and 3,034) than outside (1,925 and 749), the larger model slowing presolve and
the LP more than the tighter bound helps.
"""

from __future__ import annotations

from scheduler.shiftcover.solver.context import SolverContext
from scheduler.shiftcover.solver.pattern import build_automaton

MAX_LITERALS = 80_000  # weekend-tracking states x days, summed over staff


def build(ctx: SolverContext) -> None:
    days = ctx.problem.days
    weekends_limited = len(ctx.problem.weekends)
    limited = [s for s in ctx.problem.staff if s.max_weekends < weekends_limited]
    tracked = {s.id: build_automaton(s, with_weekends=True) for s in limited}
    if sum(a.states for a in tracked.values()) * days > MAX_LITERALS:
        tracked = {}
    for staff in ctx.problem.staff:
        works = [ctx.works[staff.id, d] for d in range(days)]
        automaton = tracked.get(staff.id) or build_automaton(staff, with_weekends=False)
        if staff.id in tracked:
            ctx.weekends_in_pattern.add(staff.id)
        ctx.model.add_automaton(
            works, automaton.start, list(automaton.finals), list(automaton.transitions)
        )
