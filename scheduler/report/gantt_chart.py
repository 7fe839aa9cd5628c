"""Gantt of one day: each working agent a row, the shift a bar, breaks and overtime on top.

Written as plain SVG rather than through matplotlib: a Gantt is only rectangles and labels,
and matplotlib's text layout took about 0.7 s per day chart on the demo (5 s a week), where
this takes milliseconds, so ``scheduler plan`` stays quick. Every bar carries a ``<title>``,
which browsers show as a tooltip. One chart per day keeps rows readable; a day with more
agents than ``max_rows`` shows the first ones by start time and says how many were left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from scheduler.models.clock import format_hhmm
from scheduler.models.instance import Instance
from scheduler.models.roster import AgentDay, Roster

COLOURS = {
    "shift": "#a9d08e",
    "break": "#ffd966",
    "lunch": "#f4b183",
    "other work": "#9e9e9e",
    "overtime": "#8e7cc3",
}
DEFAULT_MAX_ROWS = 60
_WIDTH, _LABELS, _ROW, _TOP = 1000, 130, 13, 34


@dataclass(frozen=True)
class DayGantt:
    """A day's chart and how many working agents it shows out of how many."""

    day: int
    svg: str
    shown: int
    working: int


def _bounds(agent_day: AgentDay) -> tuple[int, int]:
    spans = [(s.start_minute, s.end_minute) for s in agent_day.overtime]
    if agent_day.shift is not None:
        spans.append((agent_day.shift.start_minute, agent_day.shift.end_minute))
    return min(s for s, _ in spans), max(e for _, e in spans)


class _Canvas:
    """Minutes of the day to pixels, and SVG elements as text."""

    def __init__(self, first_hour: int, last_hour: int) -> None:
        self.first = 60 * first_hour
        self.scale = (_WIDTH - _LABELS - 24) / (60 * (last_hour - first_hour))
        self.parts: list[str] = []

    def x(self, minute: int) -> float:
        return _LABELS + (minute - self.first) * self.scale

    def bar(self, key: str, row: int, start: int, end: int, tip: str, inset: int = 1) -> None:
        y = _TOP + row * _ROW + inset
        self.parts.append(
            f'<rect class="{key.replace(" ", "-")}" x="{self.x(start):.1f}" y="{y}" '
            f'width="{(end - start) * self.scale:.1f}" height="{_ROW - 2 * inset}" '
            f'fill="{COLOURS[key]}"><title>{escape(tip)}</title></rect>'
        )

    def text(self, x: float, y: float, value: str, anchor: str = "start") -> None:
        self.parts.append(
            f'<text x="{x:.1f}" y="{y}" text-anchor="{anchor}">{escape(value)}</text>'
        )


def _row(canvas: _Canvas, row: int, agent_day: AgentDay) -> None:
    name = f"{agent_day.agent} ({agent_day.queue})"
    canvas.text(_LABELS - 4, _TOP + row * _ROW + _ROW - 3, name, "end")
    if agent_day.shift is not None:
        s = agent_day.shift
        tip = f"{name}: shift {format_hhmm(s.start_minute)}-{format_hhmm(s.end_minute)}"
        canvas.bar("shift", row, s.start_minute, s.end_minute, tip)
    for block in agent_day.breaks:
        key = block.kind if block.kind in ("break", "lunch") else "other work"
        when = f"{format_hhmm(block.start_minute)}-{format_hhmm(block.end_minute)}"
        canvas.bar(
            key, row, block.start_minute, block.end_minute, f"{name}: {block.kind} {when}", 3
        )
    for span in agent_day.overtime:
        when = f"{format_hhmm(span.start_minute)}-{format_hhmm(span.end_minute)}"
        canvas.bar("overtime", row, span.start_minute, span.end_minute, f"{name}: overtime {when}")


def _axis(canvas: _Canvas, first_hour: int, last_hour: int, height: int) -> None:
    for hour in range(first_hour, last_hour + 1):
        x = canvas.x(60 * hour)
        canvas.parts.append(
            f'<line x1="{x:.1f}" y1="{_TOP - 4}" x2="{x:.1f}" y2="{height - 4}" stroke="#ddd"/>'
        )
        canvas.text(x, _TOP - 8, format_hhmm(60 * hour), "middle")
    x = _LABELS
    for key, colour in COLOURS.items():
        canvas.parts.append(f'<rect x="{x}" y="4" width="12" height="10" fill="{colour}"/>')
        canvas.text(x + 16, 13, key)
        x += 30 + 7 * len(key)


def day_gantt(
    instance: Instance, roster: Roster, day: int, max_rows: int = DEFAULT_MAX_ROWS
) -> DayGantt:
    """The day's chart: working agents sorted by start, at most ``max_rows`` of them."""
    working = sorted(
        (d for d in roster.agent_days if d.day == day and d.works),
        key=lambda d: (_bounds(d), d.agent),
    )
    rows = working[:max_rows]
    title = f"{instance.horizon.date_of(day):%A %d %B %Y}"
    if not rows:
        svg = _svg([f'<text x="{_LABELS}" y="20">nobody works this day</text>'], 30, title)
        return DayGantt(day, svg, 0, 0)
    first_hour = min(_bounds(d)[0] for d in rows) // 60
    last_hour = -(-max(_bounds(d)[1] for d in rows) // 60)
    height = _TOP + len(rows) * _ROW + 6
    canvas = _Canvas(first_hour, last_hour)
    _axis(canvas, first_hour, last_hour, height)
    for row, agent_day in enumerate(rows):
        _row(canvas, row, agent_day)
    return DayGantt(day, _svg(canvas.parts, height, title), len(rows), len(working))


def _svg(parts: list[str], height: int, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gantt" width="{_WIDTH}" '
        f'height="{height}" viewBox="0 0 {_WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}" font-family="sans-serif" font-size="9">'
        f"<title>{escape(title)}</title>" + "".join(parts) + "</svg>"
    )
