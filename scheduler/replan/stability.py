"""What a change to the published roster costs: per changed agent-day and per moved minute.

People have planned their lives around the published roster, so every difference is priced:
``changed_agent_day`` once for each agent-day that differs at all, plus ``moved_minute`` for
each minute that changes status (on a shift or not, on which queue). The day price grows as
notice shrinks, by the same ``late_change_price`` publishing reports (``weights_on_day``;
notice is counted to the start of the day, so a change never costs less than publishing would
charge for it). Costs of whole shift choices are constants per (published, candidate) pair,
so the penalty is exact and linear in the shift Booleans.
"""

from __future__ import annotations

from scheduler.models.clock import DAY_MINUTES
from scheduler.models.roster import AgentDay, Span
from scheduler.publish.notice import late_change_price
from scheduler.replan.changes import ChangeWeights
from scheduler.replan.moment import Moment
from scheduler.replan.scope import OWED


def weights_on_day(weights: ChangeWeights, day: int, now: Moment) -> ChangeWeights:
    """The prices for changing ``day`` when the re-plan runs at ``now``."""
    notice_hours = max(0, day * DAY_MINUTES - now.absolute) / 60
    late = late_change_price(notice_hours, weights.notice_hours, weights.late_hour)
    if not late:
        return weights
    return weights.model_copy(update={"changed_agent_day": weights.changed_agent_day + late})


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


def day_change_cost(weights: ChangeWeights, before: AgentDay | None, after: AgentDay | None) -> int:
    """Price of one agent-day differing from the published roster, whatever made it differ.

    The yardstick every candidate roster of a level is compared with (CP-SAT's, the search's,
    the hint): a new shift time or queue is priced as ``shift_change_cost``; the same shift
    with breaks moved, non-phone work cut or overtime added pays the day price once plus the
    minutes that changed status."""
    was = _shift_of(before)
    now = _shift_of(after)
    if was != now:
        minutes = weights.moved_minute * _overtime_minutes(before, after)
        return shift_change_cost(weights, was, now) + minutes
    if before is None or after is None:
        return 0
    minutes = _break_minutes(before, after) + _overtime_minutes(before, after)
    same = minutes == 0 and _blocks(before) == _blocks(after)
    return 0 if same else weights.changed_agent_day + weights.moved_minute * minutes


def roster_change_cost(
    weights: ChangeWeights,
    published: dict[tuple[str, int], AgentDay],
    roster: dict[tuple[str, int], AgentDay],
    now: Moment,
) -> int:
    """``day_change_cost`` summed over every agent-day of either roster."""
    return sum(
        day_change_cost(weights_on_day(weights, key[1], now), published.get(key), roster.get(key))
        for key in set(published) | set(roster)
    )


def _shift_of(agent_day: AgentDay | None) -> tuple[str, Span] | None:
    if agent_day is None or agent_day.shift is None:
        return None
    return agent_day.queue, agent_day.shift


def _owed(agent_day: AgentDay) -> list[tuple[int, int]]:
    return sorted((b.start_minute, b.minutes) for b in agent_day.breaks if b.kind in OWED)


def _blocks(agent_day: AgentDay) -> list[tuple[str, int, int]]:
    return sorted((b.kind, b.start_minute, b.end_minute) for b in agent_day.breaks)


def _break_minutes(before: AgentDay, after: AgentDay) -> int:
    """Owed breaks moved (paired in order) and non-phone work cut, in minutes."""
    old, new = _owed(before), _owed(after)
    moved = sum(
        break_move_minutes(a, b, minutes) for (a, minutes), (b, _) in zip(old, new, strict=False)
    )
    moved += sum(m for _, m in old[len(new) :]) + sum(m for _, m in new[len(old) :])
    work = {(b.kind, b.start_minute, b.end_minute) for b in before.breaks if b.kind not in OWED}
    kept = {(b.kind, b.start_minute, b.end_minute) for b in after.breaks if b.kind not in OWED}
    return moved + abs(sum(e - s for _, s, e in work) - sum(e - s for _, s, e in kept))


def _overtime_minutes(before: AgentDay | None, after: AgentDay | None) -> int:
    old = set(before.overtime) if before is not None else set()
    new = set(after.overtime) if after is not None else set()
    return sum(s.minutes for s in old ^ new)
