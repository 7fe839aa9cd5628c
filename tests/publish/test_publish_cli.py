"""``scheduler plan --publish`` and ``scheduler publish`` round trips on a copy of the demo."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import shutil
from pathlib import Path

import pytest

from scheduler.cli import main

DEMO = Path(__file__).resolve().parents[2] / "instances" / "demo"
BIDDERS = {"A0021": 12, "A0032": 19, "A0055": 16}  # the demo's requests.csv


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder, ignore=shutil.ignore_patterns("*.db"))
    return folder


def plan(demo: Path, out: Path, *extra: str) -> int:
    args = ["plan", str(demo), "--out", str(out), "--time-limit", "2", "--quiet", "--publish"]
    return main([*args, "--author", "lead", *extra])


def test_plan_publish_refuses_uncovered_bids_before_solving(demo: Path, capsys) -> None:
    out = demo.parent / "run"
    assert plan(demo, out, "--now", "2026-11-20T09:00") == 2
    error = capsys.readouterr().err
    assert f"{demo / 'requests.csv'}, row 2, field 'points'" in error
    assert "A0021 bids 12 points but holds 0" in error
    assert not out.exists()


def queues_of(demo: Path) -> dict[str, list[str]]:
    rows = csv.DictReader((demo / "agents.csv").open())
    return {row["id"]: row["queues"].split("|") for row in rows}


def test_plan_publish_then_a_late_queue_change(demo: Path, capsys) -> None:
    for agent, bid in BIDDERS.items():
        adjust = ["points", "adjust", "--instance", str(demo), "--agent", agent, "--points"]
        assert main([*adjust, str(bid), "--reason", "opening", "--date", "2026-11-23"]) == 0
    out = demo.parent / "run"
    assert plan(demo, out, "--now", "2026-11-20T09:00") == 0
    assert "published demo 2026-11-30 v1 by lead" in capsys.readouterr().err
    document = json.loads((out / "points.json").read_text())
    assert document["version"] == 1 and document["posted"] is True
    assert sum(p["points"] for p in document["postings"] if p["kind"] == "earned") > 0
    assert len(document["fairness"]) == 60

    # The planner moves one Tuesday shift to the agent's other queue, on Friday 27th 09:00.
    rows = list(csv.DictReader((out / "roster.csv").open()))
    queues = queues_of(demo)
    first = next(r for r in rows if r["activity"] == "shift" and r["date"] == "2026-12-01")
    other = next(q for q in queues[first["agent"]] if q != first["queue"])
    for row in rows:
        if (row["agent"], row["date"]) == (first["agent"], first["date"]):
            row["queue"] = other
    with (out / "roster.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    code = main(["publish", str(demo), str(out), "--author", "ana", "--now", "2026-11-27T09:00"])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert "published demo 2026-11-30 v2 by ana" in printed.out and "LATE" in printed.out
    [change] = list(csv.DictReader((out / "changes.csv").open()))
    notice = dt.datetime.fromisoformat(first["start"]) - dt.datetime(2026, 11, 27, 9)
    hours = notice.total_seconds() / 3600  # Friday 09:00 to Tuesday's start
    assert (change["agent"], change["change"], change["late"]) == (first["agent"], "queue", "yes")
    assert float(change["notice_hours"]) == hours
    assert int(change["price"]) == math.ceil(168 - hours)
    assert main(["points", "balance", "--instance", str(demo)]) == 0
    assert "published demo 2026-11-30 v2" in capsys.readouterr().out


def test_publish_bad_input_is_exit_2_and_stores_nothing(demo: Path, capsys) -> None:
    run = demo.parent / "run"
    run.mkdir()
    (run / "roster.csv").write_text("agent,date,activity,start,end,queue\n")
    assert main(["publish", str(demo), str(run), "--now", "yesterday"]) == 2
    assert "--now: 'yesterday' is not an ISO date-time" in capsys.readouterr().err
    assert not (demo / "scheduler.db").exists() and not (run / "changes.csv").exists()
    assert main(["publish", str(demo), str(run / "missing")]) == 2
    assert "is missing" in capsys.readouterr().err
