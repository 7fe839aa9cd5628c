"""The integer master: each agent works exactly one of its generated patterns (CP-SAT).

The LP's optimum is fractional (on the demo, 48 of 60 agents split over several patterns) and
rounding it is poor, so the roster comes from this integer program over the patterns column
generation found, plus the search's roster as one more pattern per agent (a complete hint,
so CP-SAT starts from it and can only improve). Breaks are exact here (order and gaps, via
``rules.breaks``) and coverage is the validator's; only subscriptions are left to the
post-pass, as in every other stage.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from scheduler.optimise.context import ModelContext
from scheduler.optimise.hints import BreakCounts, hint_groups
from scheduler.optimise.patterns.pricing import Pattern
from scheduler.optimise.roster_state import Assignment, RosterBuilder
from scheduler.optimise.rules import breaks, coverage


class PatternModel:
    """Choose one pattern per agent; ``choice[i][j]`` is agent i's j-th pattern."""

    def __init__(
        self,
        builder: RosterBuilder,
        ids: list[str],
        patterns: list[list[tuple[Pattern, float]]],
    ) -> None:
        self.builder, self.ids, self.patterns = builder, ids, patterns
        self.ctx = ModelContext(builder.instance, builder.catalogue)
        model = self.ctx.model
        members: dict[tuple[int, str, int], list] = defaultdict(list)
        self.choice: list[list[cp_model.IntVar]] = []
        costs = []
        for i, columns in enumerate(patterns):
            row = [model.new_bool_var(f"p_{i}_{j}") for j in range(len(columns))]
            model.add_exactly_one(row)
            self.choice.append(row)
            for var, (pattern, cost) in zip(row, columns, strict=True):
                costs.append((var, round(cost)))
                for day, (k, o) in pattern.items():
                    members[(day, builder.queues[k], o)].append((var, 1))
        for key in sorted(members):
            self.ctx.add_group(key, members[key])
        self.ctx.add_term("patterns", 1, sum((c * v for v, c in costs if c), 0))
        breaks.build(self.ctx)
        coverage.build(self.ctx)
        self.ctx.minimise()

    def hint(self, chosen: list[int], break_counts: BreakCounts | None) -> None:
        """A complete hint: agent i works its pattern ``chosen[i]``."""
        values: dict[int, int] = {}
        sizes: dict[tuple[int, str, int], int] = defaultdict(int)
        for i, row in enumerate(self.choice):
            for j, var in enumerate(row):
                values[var.index] = int(j == chosen[i])
            for day, (k, o) in self.patterns[i][chosen[i]][0].items():
                sizes[(day, self.builder.queues[k], o)] += 1
        hint_groups(self.ctx, values, sizes, break_counts)

    def read(self, solver: cp_model.CpSolver) -> tuple[Assignment, BreakCounts]:
        assignment: Assignment = {}
        for i, row in enumerate(self.choice):
            j = next(j for j, var in enumerate(row) if solver.value(var))
            pattern = self.patterns[i][j][0]
            assignment[self.ids[i]] = {
                day: (self.builder.queues[k], o) for day, (k, o) in pattern.items()
            }
        counts = {
            key: [{p: solver.value(v) for p, v in per.items()} for per in per_break]
            for key, per_break in self.ctx.break_counts.items()
        }
        return assignment, counts
