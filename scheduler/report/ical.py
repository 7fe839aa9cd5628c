"""A roster as iCalendar files, one per agent, so people can subscribe from their phone.

Written by hand (RFC 5545 is a line format) to keep the scheduler free of a calendar
dependency. Times are the instance's local wall-clock times with ``TZID``; a ``VTIMEZONE``
built from the system zone database makes the file valid on its own. Everything is derived
from the roster (UIDs, DTSTAMP), so exporting the same roster twice gives identical files and
calendar apps update events instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scheduler.io.atomic import write_text_atomic
from scheduler.models.clock import format_hhmm
from scheduler.models.instance import Instance
from scheduler.models.roster import AgentDay, Roster

PRODID = "-//scheduler//roster export//EN"
CRLF = "\r\n"
MAX_OCTETS = 75
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")

Event = tuple[str, int, int, str]  # kind, start minute, end minute, summary


def escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11)."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, never splitting a character."""
    chunks, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > MAX_OCTETS:
            chunks.append(current)
            current, size = " ", 1  # the continuation space counts towards the 75
        current += char
        size += width
    chunks.append(current)
    return CRLF.join(chunks)


def _stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def _local(instance: Instance, day: int, minute: int) -> dt.datetime:
    midnight = dt.datetime.combine(instance.horizon.date_of(day), dt.time())
    return midnight + dt.timedelta(minutes=minute)


def _offset(delta: dt.timedelta | None) -> str:
    seconds = int((delta or dt.timedelta()).total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    return f"{sign}{hours:02d}{rest // 60:02d}"


def _observance(zone: ZoneInfo, before: dt.datetime, after: dt.datetime) -> list[str]:
    """One STANDARD/DAYLIGHT block starting at ``after`` (UTC), with the offsets around it."""
    old, new = before.astimezone(zone), after.astimezone(zone)
    kind = "DAYLIGHT" if new.dst() else "STANDARD"
    local_start = (after + (old.utcoffset() or dt.timedelta())).replace(tzinfo=None)
    return [
        f"BEGIN:{kind}",
        f"DTSTART:{_stamp(local_start)}",
        f"TZOFFSETFROM:{_offset(old.utcoffset())}",
        f"TZOFFSETTO:{_offset(new.utcoffset())}",
        f"TZNAME:{escape(new.tzname() or kind)}",
        f"END:{kind}",
    ]


def vtimezone(name: str, first: dt.date, last: dt.date) -> list[str]:
    """A VTIMEZONE covering the years of ``first``..``last``: one block per offset change.

    Offsets are sampled every 15 minutes in UTC, which finds every real transition.
    """
    zone = ZoneInfo(name)
    step = dt.timedelta(minutes=15)
    moment = dt.datetime(first.year, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(last.year + 1, 1, 1, tzinfo=dt.UTC)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{name}", *_observance(zone, moment, moment)]
    previous = moment.astimezone(zone).utcoffset()
    while moment < end:
        moment += step
        current = moment.astimezone(zone).utcoffset()
        if current != previous:
            lines += _observance(zone, moment - step, moment)
            previous = current
    return [*lines, "END:VTIMEZONE"]


def agent_events(agent_day: AgentDay) -> list[Event]:
    """Shift, each break or lunch (or other non-phone kind), and each overtime span."""
    events: list[Event] = []
    if agent_day.shift is not None:
        shift = agent_day.shift
        events.append(("shift", shift.start_minute, shift.end_minute, f"Shift ({agent_day.queue})"))
    for b in agent_day.breaks:
        events.append((b.kind, b.start_minute, b.end_minute, b.kind.capitalize()))
    for s in agent_day.overtime:
        events.append(("overtime", s.start_minute, s.end_minute, f"Overtime ({agent_day.queue})"))
    return sorted(events, key=lambda e: (e[1], e[0] != "shift"))


def _vevent(instance: Instance, agent_day: AgentDay, event: Event, tzid: str | None) -> list[str]:
    kind, start, end, summary = event
    date = instance.horizon.date_of(agent_day.day)
    uid = f"{agent_day.agent}-{date:%Y%m%d}-{kind}-{format_hhmm(start).replace(':', '')}"
    param = f";TZID={tzid}" if tzid else ""  # no TZID: floating local time
    dtstamp = f"{instance.horizon.start:%Y%m%d}T000000Z"
    return [
        "BEGIN:VEVENT",
        f"UID:{escape(_UNSAFE.sub('_', uid))}@scheduler",
        f"DTSTAMP:{dtstamp}",
        f"DTSTART{param}:{_stamp(_local(instance, agent_day.day, start))}",
        f"DTEND{param}:{_stamp(_local(instance, agent_day.day, end))}",
        f"SUMMARY:{escape(summary)}",
        f"CATEGORIES:{escape(kind)}",
        "TRANSP:OPAQUE" if kind in ("shift", "overtime") else "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def _timezone(instance: Instance) -> tuple[str | None, list[str]]:
    """The TZID and its VTIMEZONE; an unknown zone falls back to floating local time."""
    name = instance.horizon.timezone
    last = instance.horizon.date_of(instance.horizon.days - 1)
    try:
        return name, vtimezone(name, instance.horizon.start, last)
    except (ZoneInfoNotFoundError, ValueError):
        return None, []


def agent_calendar(instance: Instance, agent_days: list[AgentDay]) -> str:
    """The text of one agent's ``.ics`` file, CRLF line endings and folded lines."""
    tzid, zone_lines = _timezone(instance)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    lines += zone_lines
    for agent_day in sorted(agent_days, key=lambda d: d.day):
        for event in agent_events(agent_day):
            lines += _vevent(instance, agent_day, event, tzid)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


def calendar_name(agent_id: str) -> str:
    """``AGENTID.ics``, with characters unsafe in file names replaced."""
    return f"{_UNSAFE.sub('_', agent_id)}.ics"


def write_agent_calendars(folder: Path | str, instance: Instance, roster: Roster) -> list[Path]:
    """Write ``AGENTID.ics`` for every agent with work; return the paths written.

    Files of agents without work are not written (nor removed if left by an earlier export).
    """
    folder = Path(folder)
    written = []
    for agent_id, agent_days in sorted(roster.by_agent.items()):
        working = [d for d in agent_days if d.works]
        if not working:
            continue
        path = folder / calendar_name(agent_id)
        write_text_atomic(path, agent_calendar(instance, working))
        written.append(path)
    return written
