"""Deciding time-off requests: approve while allotments and service hold, else waitlist.

``submit`` adds a request and decides it; ``cancel`` withdraws one and promotes from the
waitlist, in bid then arrival order, every request that now fits. A request is judged against
the roster with every other approved request's agent taken off:

1. allotments: each allotment the time off counts against must have a place left;
2. service: every interval the agent would have served still meets its queue's target;
3. the validator: the roster without the agent and the instance with the time off as leave may
   break no rule the roster did not already break.

1 and 2 waitlist the request (a later cancellation can free a place); 3 denies it (only the
roster can change that). Every decision keeps its reason, naming the allotment, the interval
and queue, or the rule.
"""

from __future__ import annotations

import datetime as dt

from scheduler.models.instance import Absence, AbsenceReason, Instance
from scheduler.models.roster import Roster
from scheduler.workflows.allotment import Allotment, TimeOff, full_allotments, instance_time_off
from scheduler.workflows.change_check import new_violations
from scheduler.workflows.service_guard import service_failures
from scheduler.workflows.timeoff_book import RequestBook, RequestState, TimeOffRequest


class TimeOffInputError(ValueError):
    """A request that cannot be judged: unknown agent, dates outside the plan, a duplicate."""


class Desk:
    """What requests are judged against: the instance, its roster and its allotments."""

    def __init__(
        self, instance: Instance, roster: Roster, allotments: tuple[Allotment, ...] = ()
    ) -> None:
        self.instance = instance
        self.roster = roster
        self.allotments = allotments

    def days(self, request: TimeOffRequest) -> list[int]:
        days = [self.instance.horizon.day_of(d) for d in request.dates]
        if any(d is None for d in days):
            raise TimeOffInputError(
                f"request {request.id}: {request.first} to {request.last} is not inside the "
                f"plan ({self.instance.horizon.start}, {self.instance.horizon.days} days)"
            )
        return [d for d in days if d is not None]

    def time_off(self, request: TimeOffRequest) -> list[TimeOff]:
        return [
            TimeOff(
                agent=request.agent,
                date=date,
                start_minute=request.start_minute,
                end_minute=request.end_minute,
            )
            for date in request.dates
        ]

    def without(self, requests: list[TimeOffRequest]) -> tuple[Instance, Roster]:
        """The instance with ``requests`` as leave and the roster with their agents off."""
        absences = list(self.instance.absences)
        off: set[tuple[str, int]] = set()
        for request in requests:
            for day in self.days(request):
                off.add((request.agent, day))
                absences.append(
                    Absence(
                        agent=request.agent,
                        day=day,
                        start_minute=request.start_minute,
                        end_minute=request.end_minute,
                        reason=AbsenceReason.LEAVE,
                    )
                )
        fields = {name: getattr(self.instance, name) for name in type(self.instance).model_fields}
        instance = type(self.instance)(**{**fields, "absences": tuple(absences)})
        kept = [d for d in self.roster.agent_days if (d.agent, d.day) not in off]
        return instance, Roster(instance=self.roster.instance, agent_days=tuple(kept))


def judge(book: RequestBook, request: TimeOffRequest, desk: Desk) -> tuple[RequestState, str]:
    """The state ``request`` should be in given every other approved request, and why."""
    days = desk.days(request)
    others = [r for r in book.in_state(RequestState.APPROVED) if r.id != request.id]
    taken = instance_time_off(desk.instance) + [o for r in others for o in desk.time_off(r)]
    full = [
        p
        for o in desk.time_off(request)
        for p in full_allotments(desk.allotments, desk.instance, taken, o)
    ]
    if full:
        return RequestState.WAITLISTED, "; ".join(full)
    base_instance, base_roster = desk.without(others)
    new_instance, new_roster = desk.without([*others, request])
    short = service_failures(base_instance, base_roster, new_roster, request.agent, days)
    if short:
        more = f" (and {len(short) - 1} more interval(s))" if len(short) > 1 else ""
        return RequestState.WAITLISTED, short[0] + more
    broken = new_violations(base_instance, base_roster, new_instance, new_roster)
    if broken:
        v = broken[0]
        return RequestState.DENIED, f"would break {v.rule} for {v.agent} on {v.date}: {v.detail}"
    used = [a.label() for a in desk.allotments if a.date in request.dates]
    within = f"within {', '.join(used)}" if used else "no allotment set for these dates"
    return RequestState.APPROVED, f"{within}; service holds"


def submit(
    book: RequestBook,
    desk: Desk,
    agent: str,
    first: dt.date,
    last: dt.date | None = None,
    points: int = 0,
    window: tuple[int, int] | None = None,
) -> tuple[RequestBook, TimeOffRequest]:
    """Add a request to the book and decide it; returns the new book and the decided request."""
    if agent not in desk.instance.agent_by_id:
        raise TimeOffInputError(f"unknown agent {agent!r}")
    start, end = window or (0, 24 * 60)
    request = TimeOffRequest(
        id=book.next_id(),
        agent=agent,
        first=first,
        last=last or first,
        start_minute=start,
        end_minute=end,
        points=points,
        arrival=book.next_arrival(),
    )
    for other in book.in_state(RequestState.APPROVED) + book.in_state(RequestState.WAITLISTED):
        if other.agent == agent and set(other.dates) & set(request.dates):
            raise TimeOffInputError(
                f"{agent} already has request {other.id} ({other.state}) for {other.first}"
            )
    state, reason = judge(book, request, desk)
    decided = request.decided(state, reason)
    return book.with_request(decided), decided


def cancel(book: RequestBook, desk: Desk, request_id: str) -> RequestBook:
    """Cancel a request and promote from the waitlist whatever now fits."""
    try:
        request = book.get(request_id)
    except KeyError as exc:
        raise TimeOffInputError(str(exc.args[0])) from None
    if request.state in (RequestState.CANCELLED, RequestState.DENIED):
        raise TimeOffInputError(f"request {request_id} is already {request.state}")
    book = book.with_request(request.decided(RequestState.CANCELLED, "cancelled"))
    return promote(book, desk, f"after {request_id} was cancelled")


def promote(book: RequestBook, desk: Desk, why: str) -> RequestBook:
    """Approve waitlisted requests that now fit, best bid first, then earliest arrival."""
    for waiting in book.waitlist():
        state, reason = judge(book, waiting, desk)
        if state == RequestState.APPROVED:
            book = book.with_request(waiting.decided(state, f"promoted {why}: {reason}"))
    return book
