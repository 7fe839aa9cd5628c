"""``roster.csv`` and ``roster.json``: one row per activity, local ISO date-times.

The reader is deliberately lenient about rules (two shifts on a day, a break outside its shift)
so that the validator, not the parser, reports them; it is strict about syntax.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

from scheduler.io.atomic import write_atomic, write_text_atomic
from scheduler.io.errors import InputError
from scheduler.io.table import Row, read_rows
from scheduler.models.clock import DAY_MINUTES
from scheduler.models.instance import Instance
from scheduler.models.roster import AgentDay, BreakPlacement, Roster, Span

COLUMNS = ("agent", "date", "activity", "start", "end", "queue")
SHIFT, OVERTIME = "shift", "overtime"


def _stamp(instance: Instance, day: int, minute: int) -> str:
    moment = dt.datetime.combine(instance.horizon.date_of(day), dt.time()) + dt.timedelta(
        minutes=minute
    )
    return moment.isoformat(timespec="minutes")


def roster_rows(roster: Roster, instance: Instance) -> list[dict[str, str]]:
    """The roster as CSV records, ordered by agent, day and start."""
    rows = []
    for agent_day in sorted(roster.agent_days, key=lambda d: (d.agent, d.day)):
        date = instance.horizon.date_of(agent_day.day).isoformat()
        items: list[tuple[str, int, int]] = []
        if agent_day.shift is not None:
            items.append((SHIFT, agent_day.shift.start_minute, agent_day.shift.end_minute))
        items += [(b.kind, b.start_minute, b.end_minute) for b in agent_day.breaks]
        items += [(OVERTIME, s.start_minute, s.end_minute) for s in agent_day.overtime]
        for activity, start, end in sorted(items, key=lambda i: (i[1], i[0] != SHIFT)):
            rows.append(
                {
                    "agent": agent_day.agent,
                    "date": date,
                    "activity": activity,
                    "start": _stamp(instance, agent_day.day, start),
                    "end": _stamp(instance, agent_day.day, end),
                    "queue": agent_day.queue,
                }
            )
    return rows


def write_roster(folder: Path | str, roster: Roster, instance: Instance) -> None:
    """Write ``roster.csv`` and ``roster.json`` atomically into ``folder``."""
    folder = Path(folder)
    rows = roster_rows(roster, instance)

    def write_csv(handle: Any) -> None:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    write_atomic(folder / "roster.csv", write_csv)
    document = {"instance": roster.instance, "activities": rows}
    write_text_atomic(folder / "roster.json", json.dumps(document, indent=1) + "\n")


def _minute(row: Row, field: str, date: dt.date) -> int:
    """Minutes after midnight of ``date``; the next midnight counts as 1440."""
    raw = row.text(field)
    try:
        moment = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise row.error(field, f"{raw!r} is not a date-time (YYYY-MM-DDTHH:MM)") from None
    if moment.tzinfo is not None or moment.second or moment.microsecond:
        raise row.error(
            field, f"{raw!r}: write local time as YYYY-MM-DDTHH:MM, no seconds or offset"
        )
    minutes = round((moment - dt.datetime.combine(date, dt.time())).total_seconds() / 60)
    if not 0 <= minutes <= DAY_MINUTES:
        raise row.error(field, f"{raw!r} is not on the row's date {date}")
    return minutes


def read_roster(path: Path | str, instance: Instance) -> Roster:
    """Read ``roster.csv`` (or a folder holding it) for ``instance``."""
    path = Path(path)
    if path.is_dir():
        path = path / "roster.csv"
    if not path.exists():
        raise InputError(path, "is missing")
    grouped: dict[tuple[str, int], list[tuple[str, int, int, str, Row]]] = {}
    for row in read_rows(path, COLUMNS[:5]):
        agent = row.text("agent")
        if agent not in instance.agent_by_id:
            raise row.error("agent", f"unknown agent {agent!r}")
        date = row.date("date")
        day = instance.horizon.day_of(date)
        if day is None:
            raise row.error("date", f"{date} is outside the horizon")
        start, end = _minute(row, "start", date), _minute(row, "end", date)
        if end <= start:
            raise row.error("end", "ends before it starts")
        queue = row.text("queue", "")
        if queue and queue not in instance.queue_ids:
            raise row.error("queue", f"unknown queue {queue!r}")
        activity = row.text("activity").lower()
        grouped.setdefault((agent, day), []).append((activity, start, end, queue, row))
    days = [d for key, items in sorted(grouped.items()) for d in _agent_days(key, items)]
    return Roster(instance=instance.name, agent_days=tuple(days))


def _agent_days(
    key: tuple[str, int], items: list[tuple[str, int, int, str, Row]]
) -> list[AgentDay]:
    """Group one agent's rows of one day; a second shift row makes a second ``AgentDay``."""
    agent, day = key
    shifts = [i for i in items if i[0] == SHIFT]
    others = [i for i in items if i[0] != SHIFT]
    if not shifts:
        queue = next((i[3] for i in items if i[3]), "")
        return [_agent_day(agent, day, None, queue, others)]
    spans = [Span(start_minute=s, end_minute=e) for _, s, e, _, _ in shifts]
    owners = [_owner(item, spans) for item in others]
    return [
        _agent_day(
            agent,
            day,
            span,
            shifts[n][3],
            [o for o, k in zip(others, owners, strict=True) if k == n],
        )
        for n, span in enumerate(spans)
    ]


def _owner(item: tuple[str, int, int, str, Row], spans: list[Span]) -> int:
    """The shift an activity starts in; an activity outside every shift goes with the first."""
    for n, span in enumerate(spans):
        if span.start_minute <= item[1] < span.end_minute:
            return n
    return 0


def _agent_day(
    agent: str,
    day: int,
    shift: Span | None,
    queue: str,
    items: list[tuple[str, int, int, str, Row]],
) -> AgentDay:
    breaks = tuple(
        BreakPlacement(kind=a, start_minute=s, end_minute=e)
        for a, s, e, _, _ in items
        if a != OVERTIME
    )
    overtime = tuple(Span(start_minute=s, end_minute=e) for a, s, e, _, _ in items if a == OVERTIME)
    return AgentDay(
        agent=agent, day=day, queue=queue, shift=shift, breaks=breaks, overtime=overtime
    )
