"""A second start for the search: a week per agent from the pattern LP, each class of alike
agents sharing out its patterns by weight (above 500 agents, where there is no pattern LP,
the Lagrangian ascent's recent weeks instead: ``patterns.lagrangian``).

Why: the converged week-pattern LP (``patterns``, run by the bound beside the search) knows
which weeks fit together; started from each agent's heaviest LP week (before the LP pooled
alike agents), best response and late acceptance reached 7,500 on the demo in 100 s and
12,480 on gen-200 in 145 s, against 9,540-10,260 and 17,807-19,967 from the greedy start
in about as long (one seed each, by the validator). An empty start searched the same way
gave 10,680 and 18,526, so the gain is the LP's choice of weeks. (Diving on the LP instead
built better rosters before the search but no better ones after it, in 70-200 s.)

The weeks are placed as they are, then the breaks are rebalanced; pricing relaxes a few
rules, so the days the builder's eligibility test would refuse are counted for the caller
(the solve drops the start when there are any).
"""

from __future__ import annotations

from scheduler.optimise.kernel.rebalance import builder_passes
from scheduler.optimise.patterns.master import Master
from scheduler.optimise.patterns.pricing import Pattern
from scheduler.optimise.roster_state import RosterBuilder

Weeks = dict[str, Pattern]  # agent id -> day -> (queue index, option id)


def weeks_by_weight(master: Master) -> Weeks:
    """A week per agent from the master's last LP solution: each class's members share out
    its patterns by weight, heaviest first (largest remainders), so that alike agents do not
    all take the one heaviest week."""
    weights = master.lp.getSolution().col_value
    weeks: Weeks = {}
    for members, columns in zip(master.classes, master.columns, strict=True):
        if not columns:
            continue
        ranked = sorted(columns, key=lambda c: -weights[c[0]])
        shares = share_out(ranked, weights, len(members))
        weeks.update(zip(members, shares, strict=True))
    return weeks


def share_out(ranked: list, weights, size: int) -> list[Pattern]:
    """``size`` patterns: each column's whole part of its weight, then one more each for
    the largest remainders (heaviest column on ties)."""
    taken = [int(max(0.0, weights[c]) + 1e-6) for c, _, _ in ranked]
    while sum(taken) > size:  # numerical noise only
        taken[max(range(len(taken)), key=lambda j: taken[j])] -= 1
    remainder = sorted(range(len(ranked)), key=lambda j: (-(weights[ranked[j][0]] - taken[j]), j))
    for j in remainder[: size - sum(taken)]:
        taken[j] += 1
    while sum(taken) < size:  # fewer columns than the remainders could fill
        taken[0] += 1
    return [pattern for (_, pattern, _), n in zip(ranked, taken, strict=True) for _ in range(n)]


def roster_weeks(builder: RosterBuilder) -> Weeks:
    """The builder's roster as weeks (``place_weeks`` in reverse)."""
    index = {q: k for k, q in enumerate(builder.queues)}
    return {
        aid: {day: (index[q], o) for day, (q, o) in state.shifts.items()}
        for aid, state in builder.states.items()
    }


def place_weeks(builder: RosterBuilder, weeks: Weeks) -> tuple[RosterBuilder, int]:
    """A fresh builder for the same agents holding ``weeks``, and how many agent-days the
    builder's eligibility test would have refused."""
    placed = RosterBuilder(builder.catalogue, [s.agent for s in builder.states.values()])
    refused = 0
    for agent_id, pattern in sorted(weeks.items()):
        state = placed.states[agent_id]
        for day, (k, o) in sorted(pattern.items()):
            refused += not placed.eligible(state, day, placed.queues[k], o)
            placed.place(state, day, k, o)
    builder_passes(placed)
    return placed, refused
