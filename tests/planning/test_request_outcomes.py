"""Request outcomes: granted or denied, and what granting a denied one would cost, by interval.

Monday needs two agents 09:00-11:00 and one 11:00-17:00, in 15-minute intervals. A works
09:00-17:00 on the day A asked off, B works 09:00-11:00 as well; B asked for Tuesday, which B
has off.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
import sys
from pathlib import Path

from scheduler.models.instance import (
    Agent,
    DayOffRequest,
    Demand,
    Horizon,
    Instance,
    LabourRules,
    Queue,
    ShiftTemplate,
)
from scheduler.models.roster import AgentDay, Roster, Span
from scheduler.planning.request_outcomes import outcomes_csv, request_outcomes

REPO = Path(__file__).resolve().parents[2]
MONDAY = dt.date(2026, 11, 30)


def _minute(text: str) -> int:
    return int(text[:2]) * 60 + int(text[3:])


def instance(days: int, agents: list[Agent], blocks, **fields) -> Instance:
    """One queue ``q``; ``blocks`` are (day, first, last, agents) of demand."""
    required = [0] * (days * 96)
    for day, first, last, count in blocks:
        for interval in range(_minute(first) // 15, _minute(last) // 15):
            required[day * 96 + interval] = count
    template = ShiftTemplate(
        name="day", start_earliest_minute=540, start_latest_minute=540, lengths_minutes=(120, 480)
    )
    return Instance(
        name="tiny",
        horizon=Horizon(start=MONDAY, days=days),
        opening_hours=((360, 1320),) * 7,
        queues=(Queue(id="q"),),
        agents=tuple(agents),
        shift_templates=(template,),
        rules=LabourRules(min_days_off_per_week=0),
        demand=Demand(required={"q": tuple(required)}),
        **fields,
    )


def agent(agent_id: str) -> Agent:
    return Agent(id=agent_id, queues=("q",))


def shift(agent_id: str, day: int, start: str, end: str) -> AgentDay:
    span = Span(start_minute=_minute(start), end_minute=_minute(end))
    return AgentDay(agent=agent_id, day=day, queue="q", shift=span)


def roster(*agent_days: AgentDay) -> Roster:
    return Roster(instance="tiny", agent_days=agent_days)


def _problem(names: str = "AB"):
    requests = (
        DayOffRequest(agent="A", day=0, points=4),
        DayOffRequest(agent="B", day=1, points=2),
    )
    blocks = [(0, "09:00", "11:00", 2), (0, "11:00", "17:00", 1)]
    return instance(2, [agent(n) for n in names], blocks, requests=requests)


def _roster():
    return roster(shift("A", 0, "09:00", "17:00"), shift("B", 0, "09:00", "11:00"))


def test_a_denied_request_says_what_granting_it_would_cost():
    problem = _problem()
    denied, granted = request_outcomes(problem, _roster())
    assert (denied.granted, granted.granted) == (False, True)
    assert denied.denial_cost == 4 * 30
    # Without A: 09:00-11:00 is one short (B stays), 11:00-17:00 is one short: 8 h, at 10.
    assert denied.grant_under_minutes == 8 * 60
    assert denied.grant_under_cost == 8 * 60 * 10
    assert len(denied.intervals) == 32  # every quarter-hour 09:00-17:00
    first, last = denied.intervals[0], denied.intervals[-1]
    assert (first.date, first.start, first.queue, first.minutes) == ("2026-11-30", "09:00", "q", 15)
    assert (last.start, last.cost) == ("16:45", 150)
    assert (granted.denial_cost, granted.grant_under_cost, granted.intervals) == (0, 0, ())


def test_only_the_shortfall_granting_adds_is_counted():
    # With a third agent on 09:00-11:00, removing A there leaves it covered: only 11-17 counts.
    problem = _problem("ABC")
    extra = roster(*_roster().agent_days, shift("C", 0, "09:00", "11:00"))
    denied, _ = request_outcomes(problem, extra)
    assert denied.grant_under_minutes == 6 * 60
    assert denied.intervals[0].start == "11:00"


def test_the_csv_lists_every_request():
    text = outcomes_csv(request_outcomes(_problem(), _roster()))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["agent"], r["outcome"]) for r in rows] == [("A", "denied"), ("B", "granted")]
    assert rows[0]["grant_under_cost"] == "4800"
    parts = rows[0]["short_intervals"].split("|")
    assert parts[0] == "2026-11-30 09:00 q 15" and len(parts) == 32
    assert {r["planner_granted"] for r in rows} == {"no"}


def test_plan_writes_request_outcomes(tmp_path: Path):
    folder = tmp_path / "demo"
    shutil.copytree(REPO / "instances" / "demo", folder)
    out = tmp_path / "run"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "scheduler",
            "plan",
            str(folder),
            "--out",
            str(out),
            "--time-limit",
            "3",
            "--workers",
            "1",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with (out / "request_outcomes.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with (folder / "requests.csv").open(encoding="utf-8") as handle:
        asked = [(r["agent"], r["date"]) for r in csv.DictReader(handle)]
    assert [(r["agent"], r["date"]) for r in rows] == asked
    for row in rows:
        assert row["outcome"] in ("granted", "denied")
        if row["outcome"] == "granted":
            assert row["grant_under_cost"] == "0" and row["short_intervals"] == ""
