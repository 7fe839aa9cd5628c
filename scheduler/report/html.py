"""``report.html``: the planner's one page on a roster, self-contained and offline.

Run facts (status, objective, lower bound, gap) from ``summary.json``; coverage per queue and a
Gantt per day as inline SVG; projected service and the planners' KPIs per day and queue;
day-off requests granted or denied with the reason; overtime taken; points posted. No script,
stylesheet or font is fetched: the file opens from a mail attachment or a USB stick.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd

from scheduler.check import roster_costs
from scheduler.evaluate import OVERSTAFFED_IDLE, daily_kpis, projected_service
from scheduler.io.atomic import write_text_atomic
from scheduler.models.instance import Instance
from scheduler.models.roster import Roster
from scheduler.planning import prepare_instance
from scheduler.report.coverage_chart import coverage_series, coverage_svg
from scheduler.report.gantt_chart import DEFAULT_MAX_ROWS, day_gantt
from scheduler.report.html_blocks import (
    key_values,
    paragraph,
    percent,
    section,
    table,
)
from scheduler.report.overtime_used import offered_minutes, overtime_used
from scheduler.report.request_decisions import request_decisions
from scheduler.report.run_folder import read_points, read_summary

REPORT_NAME = "report.html"
_STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:1100px;color:#222}
h1{font-size:1.5em;margin-bottom:.2em}h2{border-bottom:1px solid #ccc;margin-top:1.6em}
nav a{margin-right:1em}table{border-collapse:collapse;font-size:.85em;margin:.5em 0}
th,td{border:1px solid #ddd;padding:2px 6px;text-align:left}th{background:#f3f3f3}
td.num{text-align:right}tr.bad td{background:#fde2e2}tr.warn td{background:#fff4cc}
dl.facts{display:grid;grid-template-columns:max-content auto;gap:2px 1em}dt{font-weight:600}
figure.chart{margin:.6em 0}figure.chart svg{max-width:100%;height:auto}
figcaption{font-size:.8em;color:#555}.note{font-size:.85em;color:#555}
"""


def build_report(
    instance: Instance,
    roster: Roster,
    summary: Mapping[str, Any] | None = None,
    postings: Sequence[Mapping[str, Any] | Any] | None = None,
    *,
    gantt_rows: int = DEFAULT_MAX_ROWS,
) -> str:
    """The whole page as text. ``postings`` are the ledger postings of this roster (dicts or
    models with ``model_dump``); None means nothing was posted yet."""
    if not instance.demand.required:
        instance = prepare_instance(instance)
    sections = [
        _run_section(instance, roster, summary),
        _coverage_section(instance, roster),
        _kpi_section(instance, roster),
        _gantt_section(instance, roster, gantt_rows),
        _requests_section(instance, roster),
        _overtime_section(instance, roster),
        _points_section(postings),
    ]
    first = instance.horizon.start
    last = instance.horizon.date_of(instance.horizon.days - 1)
    nav = " ".join(
        f'<a href="#{a}">{t}</a>'
        for a, t in (
            ("run", "Run"),
            ("coverage", "Coverage"),
            ("kpis", "KPIs"),
            ("gantt", "Shifts"),
            ("requests", "Requests"),
            ("overtime", "Overtime"),
            ("points", "Points"),
        )
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Roster report: {_text(instance.name)}</title><style>{_STYLE}</style></head>"
        f"<body><h1>Roster report: {_text(instance.name)}</h1>"
        f'<p class="note">{first} to {last}, {len(instance.queues)} queues, '
        f"{len(instance.agents)} agents.</p><nav>{nav}</nav>{''.join(sections)}</body></html>\n"
    )


def _text(value: object) -> str:
    return escape(str(value))


def _run_section(instance: Instance, roster: Roster, summary: Mapping[str, Any] | None) -> str:
    costs = roster_costs(instance, roster)
    if summary is None:
        facts = [("objective (validator)", costs["total"]), ("lower bound", "unknown")]
        note = paragraph("No summary.json: the solver's status, bound and gap are unknown.")
        return section("run", "Run", note, key_values(facts), _cost_table(costs))
    gap = summary.get("gap")
    facts = [
        ("status", summary.get("status")),
        ("proven optimal", bool(summary.get("proven_optimal"))),
        ("objective (validator)", summary.get("objective", costs["total"])),
        ("lower bound", _number(summary.get("lower_bound"))),
        ("gap to the bound", "unknown" if gap is None else f"{100 * gap:.1f} %"),
        ("solve time", f"{summary.get('wall_seconds', 0)} s"),
        ("rules broken", summary.get("violations")),
        ("under requirement", _hours(summary.get("under_agent_minutes"))),
        ("over requirement", _hours(summary.get("over_agent_minutes"))),
        ("overtime", _hours(summary.get("overtime_minutes"))),
        ("shifts", summary.get("shifts")),
        ("agents working", summary.get("agents_working")),
    ]
    note = paragraph(
        "The lower bound is what no roster can beat under these rules and weights; the gap is "
        "how far this roster's objective lies above it."
    )
    return section("run", "Run", key_values(facts), note, _cost_table(costs))


def _number(value: Any) -> Any:
    return None if value is None else round(float(value), 1)


def _hours(minutes: Any) -> Any:
    return None if minutes is None else f"{minutes / 60:,.1f} agent-hours"


def _cost_table(costs: Mapping[str, int]) -> str:
    return table(["cost term", "value"], list(costs.items()), numeric=[False, True])


def _coverage_section(instance: Instance, roster: Roster) -> str:
    charts = [
        f'<figure class="chart" data-chart="coverage-{_text(s.queue)}">'
        f"{coverage_svg(instance, s)}<figcaption>Agents required (black) and on the phones "
        f"(green) per {instance.horizon.interval_minutes}-minute interval, open hours only; "
        "red: under, blue: over.</figcaption></figure>"
        for s in coverage_series(instance, roster)
    ]
    return section("coverage", "Coverage per queue", *charts)


_KPI_HEAD = (
    "date",
    "queue",
    "calls",
    "service level",
    "ASA (s)",
    "answered",
    "abandoned",
    "occupancy",
    "idle",
    "not ready",
    "intervals below target",
    "intervals overstaffed",
    "under (agent-h)",
    "over (agent-h)",
)


def _kpi_section(instance: Instance, roster: Roster) -> str:
    kpis = daily_kpis(projected_service(instance, roster))
    rows, classes = [], []
    for r in kpis.itertuples(index=False):
        rows.append(
            [
                r.date,
                r.queue,
                None if pd.isna(r.calls) else f"{r.calls:,.0f}",
                percent(r.service_level),
                None if pd.isna(r.asa_s) else float(r.asa_s),
                percent(r.answered_share),
                percent(r.abandon_share),
                percent(r.occupancy),
                percent(r.idle_share),
                percent(r.not_ready_share),
                r.intervals_below_target,
                r.intervals_overstaffed,
                float(r.under_agent_hours),
                float(r.over_agent_hours),
            ]
        )
        bad = r.intervals_below_target > 0
        overstaffed = not pd.isna(r.overstaffed) and bool(r.overstaffed)
        classes.append("bad" if bad else ("warn" if overstaffed else ""))
    notes = [
        paragraph(
            "Service level, ASA and abandonment are projected with Erlang A (queues with a "
            "patience) or Erlang C on the whole agents on the phones; occupancy is a share of "
            f"phone time and idle above {100 * OVERSTAFFED_IDLE:.0f} % marks a day or an "
            "interval overstaffed (yellow rows); not ready is break and other off-phone time "
            "inside shifts. Red rows have intervals below target."
        )
    ]
    if not instance.demand.calls:
        notes.append(
            paragraph(
                "This instance gives agents required but no calls or AHT, so service level, "
                "ASA, abandonment and occupancy cannot be projected: a forecast.csv gives them."
            )
        )
    numeric = [False, False] + [True] * (len(_KPI_HEAD) - 2)
    return section(
        "kpis", "Service and KPIs per day and queue", *notes,
        table(_KPI_HEAD, rows, classes=classes, numeric=numeric),
    )  # fmt: skip


def _gantt_section(instance: Instance, roster: Roster, max_rows: int) -> str:
    parts = []
    for day in range(instance.horizon.days):
        chart = day_gantt(instance, roster, day, max_rows)
        date = f"{instance.horizon.date_of(day):%A %d %B %Y}"
        caption = f"{date}: {chart.working} agents working"
        if chart.shown < chart.working:
            caption = (
                f"{date}: showing the first {chart.shown} of {chart.working} agents working by "
                "start time; the Excel export (scheduler export) lists everyone"
            )
        parts.append(
            f'<figure class="chart" data-chart="gantt-{day}">{chart.svg}'
            f"<figcaption>{_text(caption)}</figcaption></figure>"
        )
    return section("gantt", "Shifts and breaks per day", *parts)


def _requests_section(instance: Instance, roster: Roster) -> str:
    decisions = request_decisions(instance, roster)
    if not decisions:
        return section("requests", "Day-off requests", paragraph("No day-off requests."))
    granted = sum(d.granted for d in decisions)
    rows = [
        [
            d.agent,
            d.date,
            d.points,
            d.pre_approved,
            "granted" if d.granted else "denied",
            d.denial_cost,
            d.reason,
        ]
        for d in decisions
    ]
    classes = ["" if d.granted else "bad" for d in decisions]
    head = ["agent", "date", "points", "pre-approved", "decision", "cost", "reason"]
    summary = paragraph(f"{granted} granted, {len(decisions) - granted} denied.")
    return section("requests", "Day-off requests", summary, table(head, rows, classes=classes))


def _overtime_section(instance: Instance, roster: Roster) -> str:
    used = overtime_used(instance, roster)
    taken = sum(u.minutes for u in used)
    offered = offered_minutes(instance)
    summary = paragraph(
        f"{taken} minutes of overtime taken in {len(used)} blocks, out of {offered} minutes "
        f"offered in {len(instance.overtime_offers)} subscriptions; cost "
        f"{taken * instance.costs.overtime_per_minute}."
    )
    if not used:
        return section("overtime", "Overtime", summary)
    rows = [[u.agent, u.date, u.queue, u.window, u.minutes, u.offer] for u in used]
    head = ["agent", "date", "queue", "overtime", "minutes", "subscription"]
    return section("overtime", "Overtime", summary, table(head, rows))


def _points_section(postings: Sequence[Mapping[str, Any] | Any] | None) -> str:
    if not postings:
        return section(
            "points",
            "Points posted",
            paragraph("No ledger postings: this roster has not been published (scheduler "
                      "publish, or plan --publish) or posted no points."),
        )  # fmt: skip
    records = [p.model_dump(mode="json") if hasattr(p, "model_dump") else dict(p) for p in postings]
    columns = list(dict.fromkeys(k for r in records for k in r))
    rows = [[_plain(r.get(c)) for c in columns] for r in records]
    total = sum(int(r.get("points", 0) or 0) for r in records)
    return section(
        "points",
        "Points posted",
        paragraph(f"{len(records)} postings, {total:+d} points net."),
        table(columns, rows),
    )


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value if isinstance(value, int | float | str | bool | type(None)) else str(value)


def write_report(
    path: Path | str,
    instance: Instance,
    roster: Roster,
    summary: Mapping[str, Any] | None = None,
    postings: Sequence[Mapping[str, Any] | Any] | None = None,
    *,
    gantt_rows: int = DEFAULT_MAX_ROWS,
) -> Path:
    """Build the page and write it atomically; returns the path written."""
    page = build_report(instance, roster, summary, postings, gantt_rows=gantt_rows)
    write_text_atomic(path, page)
    return Path(path)


def write_run_report(
    folder: Path | str,
    instance: Instance,
    roster: Roster,
    summary: Mapping[str, Any] | None = None,
    *,
    gantt_rows: int = DEFAULT_MAX_ROWS,
) -> Path:
    """``report.html`` in a run folder, from its ``summary.json`` and ``points.json``."""
    folder = Path(folder)
    summary = summary if summary is not None else read_summary(folder)
    points = read_points(folder)
    postings = points.get("postings") if points else None
    return write_report(
        folder / REPORT_NAME, instance, roster, summary, postings, gantt_rows=gantt_rows
    )
