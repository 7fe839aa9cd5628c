"""Small instances and rosters for the simulation tests: one day, hourly intervals."""

from __future__ import annotations

import datetime as dt

from scheduler.models.instance import Agent, Demand, Horizon, Instance, Queue, ShiftTemplate
from scheduler.models.roster import AgentDay, BreakPlacement, Roster, Span

PER_DAY = 24
OPEN, CLOSE = 8, 16  # hours with calls and staff


def hourly(value: float) -> tuple[float, ...]:
    return tuple(value if OPEN <= h < CLOSE else 0.0 for h in range(PER_DAY))


def instance(
    queues: dict[str, float],
    agents: dict[str, tuple[str, ...]],
    *,
    aht: float = 180.0,
    patience: float | None = None,
    required: int = 1,
) -> Instance:
    """``queues``: calls per hour of each queue; ``agents``: id -> skills, primary first."""
    return Instance(
        name="sim",
        horizon=Horizon(start=dt.date(2026, 11, 30), days=1, interval_minutes=60),
        opening_hours=((0, 1440),) * 7,
        queues=tuple(Queue(id=q, patience_seconds=patience) for q in queues),
        agents=tuple(Agent(id=a, queues=skills) for a, skills in agents.items()),
        shift_templates=(
            ShiftTemplate(
                name="day",
                start_earliest_minute=60 * OPEN,
                start_latest_minute=60 * OPEN,
                lengths_minutes=(60 * (CLOSE - OPEN),),
            ),
        ),
        demand=Demand(
            required={q: tuple(int(required) if v else 0 for v in hourly(1)) for q in queues},
            calls={q: hourly(calls) for q, calls in queues.items()},
            aht_seconds={q: hourly(aht) for q in queues},
        ),
    )


def roster(on_queue: dict[str, str], breaks: dict[str, tuple[int, int]] | None = None) -> Roster:
    """Each agent works the whole day on the given queue; ``breaks`` in minutes of the day."""
    breaks = breaks or {}
    days = []
    for agent, queue in on_queue.items():
        placed = ()
        if agent in breaks:
            start, end = breaks[agent]
            placed = (BreakPlacement(start_minute=start, end_minute=end),)
        shift = Span(start_minute=60 * OPEN, end_minute=60 * CLOSE)
        days.append(AgentDay(agent=agent, day=0, queue=queue, shift=shift, breaks=placed))
    return Roster(instance="sim", agent_days=tuple(days))
