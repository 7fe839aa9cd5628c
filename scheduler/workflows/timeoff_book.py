"""The time-off request book: every request, its state and the reason for each decision.

States: ``approved``, ``waitlisted`` (no place or service too low yet; promoted automatically
when a place frees), ``denied`` (the change would break a rule: promotion cannot fix it) and
``cancelled``. The waitlist is served in bid order (more points first), then arrival order.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from scheduler.models.clock import DAY_MINUTES


class RequestState(StrEnum):
    APPROVED = "approved"
    WAITLISTED = "waitlisted"
    DENIED = "denied"
    CANCELLED = "cancelled"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Decision(_Frozen):
    """One decision on a request and why; a request keeps all of them, oldest first."""

    state: RequestState
    reason: str


class TimeOffRequest(_Frozen):
    id: str
    agent: str
    first: dt.date
    last: dt.date = Field(description="Last day off, inclusive (= first for one day).")
    start_minute: int = Field(0, ge=0, le=DAY_MINUTES, description="Partial day: from.")
    end_minute: int = Field(DAY_MINUTES, ge=0, le=DAY_MINUTES, description="Partial day: to.")
    points: int = Field(0, ge=0, description="Bid: a higher bid is served first.")
    arrival: int = Field(ge=0, description="Order received: earlier is served first on a tie.")
    decisions: tuple[Decision, ...] = ()

    @model_validator(mode="after")
    def _ordered(self) -> TimeOffRequest:
        if self.last < self.first:
            raise ValueError("the last day is before the first")
        if self.end_minute <= self.start_minute:
            raise ValueError("the time off ends before it starts")
        return self

    @property
    def state(self) -> RequestState | None:
        return self.decisions[-1].state if self.decisions else None

    @property
    def reason(self) -> str:
        return self.decisions[-1].reason if self.decisions else ""

    @property
    def dates(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=k) for k in range((self.last - self.first).days + 1)]

    def decided(self, state: RequestState, reason: str) -> TimeOffRequest:
        """This request with a new decision appended (unchanged when it repeats the last)."""
        if self.decisions and self.decisions[-1] == Decision(state=state, reason=reason):
            return self
        return self.model_copy(
            update={"decisions": (*self.decisions, Decision(state=state, reason=reason))}
        )


class RequestBook(_Frozen):
    requests: tuple[TimeOffRequest, ...] = ()

    def get(self, request_id: str) -> TimeOffRequest:
        for request in self.requests:
            if request.id == request_id:
                return request
        raise KeyError(f"no request {request_id!r} in the book")

    def with_request(self, request: TimeOffRequest) -> RequestBook:
        """The book with ``request`` replacing the one of the same id, or added."""
        kept = [r for r in self.requests if r.id != request.id]
        ordered = sorted([*kept, request], key=lambda r: r.arrival)
        return RequestBook(requests=tuple(ordered))

    def in_state(self, state: RequestState) -> list[TimeOffRequest]:
        return [r for r in self.requests if r.state == state]

    def waitlist(self) -> list[TimeOffRequest]:
        """Waitlisted requests in the order they are served: bid, then arrival."""
        return sorted(self.in_state(RequestState.WAITLISTED), key=lambda r: (-r.points, r.arrival))

    def next_arrival(self) -> int:
        return max((r.arrival for r in self.requests), default=0) + 1

    def next_id(self) -> str:
        return f"R{self.next_arrival():04d}"
