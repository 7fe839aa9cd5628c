"""A roster as an Excel workbook: one sheet per day for the floor, one "Agents" sheet for people.

Planners read a day at a glance (who starts when, where the breaks fall, a coloured hour
timeline), agents look up their own row of the week. Cells hold plain text and numbers so the
workbook also survives CSV export and screen readers; the fills only add emphasis.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.io.atomic import save_atomic
from scheduler.models.clock import DAY_MINUTES, format_hhmm
from scheduler.models.instance import AbsenceReason, Instance
from scheduler.models.roster import AgentDay, Roster

AGENTS_SHEET = "Agents"
DAY_COLUMNS = ("Agent", "Name", "Queue", "Start", "End", "Breaks", "Paid hours")
# Timeline states, most telling first: an hour holding any break shows the break.
FILLS = {
    "lunch": PatternFill("solid", fgColor="F4B183"),
    "break": PatternFill("solid", fgColor="FFE699"),
    "phone": PatternFill("solid", fgColor="A9D08E"),
}
LETTERS = {"lunch": "L", "break": "B", "phone": "P", "off": ""}
BOLD = Font(bold=True)


def paid_minutes(instance: Instance, agent_day: AgentDay) -> int:
    """Shift length less the instance's unpaid breaks, plus overtime (also paid)."""
    shift = instance.paid_minutes(agent_day.shift.minutes) if agent_day.shift else 0
    return shift + sum(s.minutes for s in agent_day.overtime)


def span_text(start: int, end: int) -> str:
    return f"{format_hhmm(start)}-{format_hhmm(end)}"


def breaks_text(agent_day: AgentDay) -> str:
    """``10:15-10:30, 12:00-12:30 (lunch)``: plain breaks unmarked, other kinds named."""
    parts = []
    for b in sorted(agent_day.breaks, key=lambda b: b.start_minute):
        label = span_text(b.start_minute, b.end_minute)
        parts.append(label if b.kind == "break" else f"{label} ({b.kind})")
    return ", ".join(parts)


def _bounds(agent_day: AgentDay) -> tuple[int, int]:
    spans = [(s.start_minute, s.end_minute) for s in agent_day.overtime]
    if agent_day.shift is not None:
        spans.append((agent_day.shift.start_minute, agent_day.shift.end_minute))
    return min(s for s, _ in spans), max(e for _, e in spans)


def _start_end(agent_day: AgentDay) -> tuple[str, str]:
    start, end = _bounds(agent_day)
    return format_hhmm(start), format_hhmm(end)


def _hour_range(instance: Instance, day: int, agent_days: list[AgentDay]) -> range:
    """Opening hours widened to any work outside them, so no shift falls off the timeline."""
    starts, ends = [], []
    hours = instance.open_hours(day)
    if hours is not None:
        starts.append(hours[0])
        ends.append(hours[1])
    for agent_day in agent_days:
        start, end = _bounds(agent_day)
        starts.append(start)
        ends.append(end)
    if not starts:
        return range(0)
    return range(min(starts) // 60, -(-max(ends) // 60))


def _overlaps(spans: Iterable[tuple[int, int]], first: int, last: int) -> bool:
    return any(start < last and end > first for start, end in spans)


def hour_state(agent_day: AgentDay, hour: int) -> str:
    """``lunch``, ``break`` (any other time off the phones), ``phone`` or ``off`` for an hour."""
    first, last = hour * 60, min(hour * 60 + 60, DAY_MINUTES)
    lunches = [(b.start_minute, b.end_minute) for b in agent_day.breaks if b.kind == "lunch"]
    others = [(b.start_minute, b.end_minute) for b in agent_day.breaks if b.kind != "lunch"]
    if _overlaps(lunches, first, last):
        return "lunch"
    if _overlaps(others, first, last):
        return "break"
    if _overlaps(agent_day.on_phone_spans(), first, last):
        return "phone"
    return "off"


def _header(sheet: Worksheet, titles: list[str]) -> None:
    sheet.append(titles)
    for cell in sheet[1]:
        cell.font = BOLD
        cell.alignment = Alignment(horizontal="center")


def _widths(sheet: Worksheet, widths: list[int]) -> None:
    for n, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = width


def _day_sheet(wb: Workbook, instance: Instance, day: int, agent_days: list[AgentDay]) -> None:
    sheet = wb.create_sheet(instance.horizon.date_of(day).isoformat())
    hours = _hour_range(instance, day, agent_days)
    _header(sheet, [*DAY_COLUMNS, *(f"{h:02d}" for h in hours)])
    for agent_day in sorted(agent_days, key=lambda d: (_bounds(d), d.agent)):
        agent = instance.agent_by_id.get(agent_day.agent)
        start, end = _start_end(agent_day)
        hours_paid = round(paid_minutes(instance, agent_day) / 60, 2)
        states = [hour_state(agent_day, h) for h in hours]
        row = [agent_day.agent, agent.name if agent else "", agent_day.queue, start, end]
        sheet.append([*row, breaks_text(agent_day), hours_paid, *(LETTERS[s] for s in states)])
        cells = sheet[sheet.max_row]
        cells[6].number_format = "0.00"
        for cell, state in zip(cells[len(DAY_COLUMNS) :], states, strict=True):
            cell.alignment = Alignment(horizontal="center")
            if state in FILLS:
                cell.fill = FILLS[state]
    sheet.freeze_panes = "D2"
    _widths(sheet, [10, 18, 10, 7, 7, 36, 10, *(4 for _ in hours)])


def day_text(instance: Instance, agent_days: list[AgentDay], agent_id: str, day: int) -> str:
    """``08:00-16:30 sales`` (``; `` between two shifts), ``leave`` or ``off``."""
    parts = []
    for agent_day in sorted(agent_days, key=_bounds):
        text = ""
        if agent_day.shift is not None:
            text = f"{span_text(agent_day.shift.start_minute, agent_day.shift.end_minute)} "
        overtime = [span_text(s.start_minute, s.end_minute) for s in agent_day.overtime]
        text += agent_day.queue
        if overtime:
            text += " + OT " + ", ".join(overtime)
        parts.append(text.strip())
    if parts:
        return "; ".join(parts)
    absences = instance.absences_of(agent_id, day)
    return "leave" if any(a.reason == AbsenceReason.LEAVE for a in absences) else "off"


def _agents_sheet(wb: Workbook, instance: Instance, roster: Roster) -> None:
    sheet = wb.create_sheet(AGENTS_SHEET, 0)
    days = range(instance.horizon.days)
    dates = [instance.horizon.date_of(d) for d in days]
    _header(sheet, ["Agent", "Name", *(f"{d:%a} {d.isoformat()}" for d in dates), "Paid hours"])
    for agent in sorted(instance.agents, key=lambda a: a.id):
        mine = roster.by_agent.get(agent.id, [])
        cells = [day_text(instance, [a for a in mine if a.day == d], agent.id, d) for d in days]
        total = round(sum(paid_minutes(instance, a) for a in mine) / 60, 2)
        sheet.append([agent.id, agent.name, *cells, total])
        sheet[sheet.max_row][-1].number_format = "0.00"
    sheet.freeze_panes = "C2"
    _widths(sheet, [10, 18, *(26 for _ in days), 11])


def build_workbook(instance: Instance, roster: Roster) -> Workbook:
    """The workbook in memory: "Agents" first, then one sheet per planned date."""
    wb = Workbook()
    wb.remove(wb.active)
    _agents_sheet(wb, instance, roster)
    for day in range(instance.horizon.days):
        working = [a for a in roster.agent_days if a.day == day and a.works]
        _day_sheet(wb, instance, day, working)
    return wb


def write_roster_xlsx(path: Path | str, instance: Instance, roster: Roster) -> None:
    """Write the roster workbook to ``path`` atomically."""
    workbook = build_workbook(instance, roster)
    save_atomic(path, lambda tmp: workbook.save(tmp))
