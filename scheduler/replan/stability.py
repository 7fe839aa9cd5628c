"""What a change to the published roster costs: per changed agent-day and per moved minute.

People have planned their lives around the published roster, so every difference is priced:
``changed_agent_day`` once for each agent-day that differs at all, plus ``moved_minute`` for
each minute that changes status (on a shift or not, on which queue). The prices are flat: the
notice-dependent price (``scheduler.publish.notice``) did not exist when this was written.
Costs of whole shift choices are constants per (published, candidate) pair, so the penalty
is exact and linear in the shift Booleans.
"""

from __future__ import annotations

from scheduler.models.roster import Span
from scheduler.replan.changes import ChangeWeights


def moved_minutes(before: tuple[str, Span] | None, after: tuple[str, Span] | None) -> int:
    """Minutes of the day whose status differs between two (queue, shift) choices."""
    if before is None and after is None:
        return 0
    if before is None or after is None:
        return (before or after)[1].minutes  # type: ignore[index]
    (q1, s1), (q2, s2) = before, after
    if q1 != q2:
        return s1.minutes + s2.minutes
    shared = max(0, min(s1.end_minute, s2.end_minute) - max(s1.start_minute, s2.start_minute))
    return s1.minutes + s2.minutes - 2 * shared


def shift_change_cost(
    weights: ChangeWeights, before: tuple[str, Span] | None, after: tuple[str, Span] | None
) -> int:
    """Price of replacing one (queue, shift) choice of a day by another (0 when equal)."""
    if before == after:
        return 0
    return weights.changed_agent_day + weights.moved_minute * moved_minutes(before, after)


def break_move_minutes(before: int, after: int, minutes: int) -> int:
    """Minutes a break of ``minutes`` moved from ``before`` to ``after`` changes: it frees the
    time it left and takes the time it moved to, at most twice its length."""
    return 2 * min(abs(after - before), minutes)
