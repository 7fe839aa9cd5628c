"""A roster: who works when, on which queue, with which breaks.

The roster is solver-neutral: the optimiser produces one, the validator and reports read one,
and a planner can write one by hand in ``roster.csv``.
"""

from __future__ import annotations

from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, model_validator

from scheduler.models.clock import DAY_MINUTES


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(_Frozen):
    start_minute: int = Field(ge=0, le=DAY_MINUTES)
    end_minute: int = Field(ge=0, le=DAY_MINUTES)

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end_minute <= self.start_minute:
            raise ValueError("a span must end after it starts")
        return self

    @property
    def minutes(self) -> int:
        return self.end_minute - self.start_minute


class BreakPlacement(Span):
    """Time inside a shift off the phones: ``break``, ``lunch`` or non-phone work."""

    kind: str = "break"


class AgentDay(_Frozen):
    """What one agent does on one day: a shift, its breaks, and any overtime."""

    agent: str
    day: int = Field(ge=0)
    queue: str
    shift: Span | None = None
    breaks: tuple[BreakPlacement, ...] = ()
    overtime: tuple[Span, ...] = ()

    @property
    def works(self) -> bool:
        return self.shift is not None or bool(self.overtime)

    def on_phone_spans(self) -> list[tuple[int, int]]:
        """Minutes of the day on the phones: shift and overtime minus breaks."""
        spans = [(s.start_minute, s.end_minute) for s in self.overtime]
        if self.shift is not None:
            cursor = self.shift.start_minute
            for b in sorted(self.breaks, key=lambda b: b.start_minute):
                if b.start_minute > cursor:
                    spans.append((cursor, b.start_minute))
                cursor = max(cursor, b.end_minute)
            if cursor < self.shift.end_minute:
                spans.append((cursor, self.shift.end_minute))
        return sorted(spans)


class Roster(_Frozen):
    instance: str
    agent_days: tuple[AgentDay, ...] = ()

    @cached_property
    def by_agent(self) -> dict[str, list[AgentDay]]:
        index: dict[str, list[AgentDay]] = {}
        for agent_day in sorted(self.agent_days, key=lambda d: (d.agent, d.day)):
            index.setdefault(agent_day.agent, []).append(agent_day)
        return index
