"""The postings a roster implies, computed from the instance and the roster alone.

Earned: per public holiday worked, per late shift, per weekend day worked, per hour of
overtime (``[points]`` in ``instance.toml``). Spent: the bid of every day-off request the
roster honours (the agent does not work that day) -- a granted request spends its points, as
``scheduler check`` counts it under ``requests_granted``.
"""

from __future__ import annotations

from scheduler.ledger.posting import Posting, PostingKind
from scheduler.ledger.worked import WorkedDay, week_start, worked_days
from scheduler.models.instance import Instance, PointsPolicy
from scheduler.models.roster import Roster


def postings_for(instance: Instance, roster: Roster) -> list[Posting]:
    """Every posting of ``roster``: earned ones by agent and day, then the spent bids."""
    earned = [p for day in worked_days(instance, roster) for p in _earned(instance, day)]
    return earned + _spent(instance, roster)


def _earned(instance: Instance, worked: WorkedDay) -> list[Posting]:
    policy: PointsPolicy = instance.points
    date = instance.horizon.date_of(worked.day).isoformat()
    items = []
    if worked.holiday:
        items.append((policy.holiday_shift_points, f"public holiday worked on {date}"))
    if worked.weekend:
        items.append((policy.weekend_day_points, f"weekend day worked on {date}"))
    if worked.late:
        items.append((policy.late_shift_points, f"late shift on {date}"))
    if worked.overtime_minutes:
        points = worked.overtime_minutes * policy.overtime_hour_points // 60
        items.append((points, f"{worked.overtime_minutes} min overtime on {date}"))
    week = week_start(instance, worked.day)
    return [
        Posting(agent=worked.agent, week_start=week, kind=PostingKind.EARNED, points=n, reason=r)
        for n, r in items
        if n > 0
    ]


def _spent(instance: Instance, roster: Roster) -> list[Posting]:
    working = {(d.agent, d.day) for d in roster.agent_days if d.works}
    return [
        Posting(
            agent=request.agent,
            week_start=week_start(instance, request.day),
            kind=PostingKind.SPENT,
            points=-request.points,
            reason=f"day off on {instance.horizon.date_of(request.day).isoformat()} granted",
        )
        for request in instance.requests
        if request.points > 0 and (request.agent, request.day) not in working
    ]
