"""What report.html says, without a browser: sections, reasons, overtime, points, offline."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scheduler.cli import main
from scheduler.io import write_roster
from scheduler.models.instance import DayOffRequest, Instance, OvertimeOffer
from scheduler.models.roster import Roster
from scheduler.planning import prepare_instance
from scheduler.report import build_report, write_run_report
from scheduler.report.request_decisions import request_decisions

DEMO = Path(__file__).resolve().parents[2] / "instances" / "demo"
SUMMARY = {"status": "feasible", "objective": 100, "lower_bound": 80.0, "gap": 0.25}


@pytest.fixture
def page(demo: Instance, small_roster: Roster) -> str:
    return build_report(prepare_instance(demo), small_roster, SUMMARY)


def test_every_section_is_there(page: str) -> None:
    for anchor in ("run", "coverage", "kpis", "gantt", "requests", "overtime", "points"):
        assert f'<section id="{anchor}">' in page
    assert "<dt>lower bound</dt><dd>80.0</dd>" in page
    assert "<dt>gap to the bound</dt><dd>25.0 %</dd>" in page
    assert page.count("data-chart=") == 2 + 7


def test_page_fetches_nothing(page: str) -> None:
    """No scripts, stylesheets, images or fonts from anywhere: it must open offline."""
    assert "<script" not in page and "<link" not in page and "<img" not in page
    links = re.findall(r"(?:src|href)\s*=\s*[\"']([^\"']*)", page)
    assert links and all(link.startswith("#") for link in links)  # in-page anchors only
    assert "url(" not in page.replace("url(#", "")
    assert "@import" not in page


def test_requests_granted_and_denied_with_reasons(demo: Instance, small_roster: Roster) -> None:
    """A0001 works Monday and Tuesday: a bid for Monday is denied, one for Wednesday granted,
    a pre-approved Tuesday is a breach the page names."""
    requests = (
        DayOffRequest(agent="A0001", day=0, points=5),
        DayOffRequest(agent="A0001", day=2, points=7),
        DayOffRequest(agent="A0001", day=1, granted=True),
    )
    instance = prepare_instance(demo).model_copy(update={"requests": requests})
    decisions = request_decisions(instance, small_roster)
    assert [d.granted for d in decisions] == [False, True, False]
    assert decisions[0].reason.startswith("rostered shift 08:00-16:30 on sales; granting it")
    assert decisions[0].denial_cost >= 5 * instance.costs.request_point
    assert decisions[1].reason == "not rostered that day"
    assert decisions[2].reason.startswith("BREACH: pre-approved day off")
    page = build_report(instance, small_roster)
    assert "1 granted, 2 denied." in page
    assert "No summary.json" in page


def test_overtime_taken_against_its_subscription(demo: Instance, small_roster: Roster) -> None:
    offer = OvertimeOffer(agent="A0002", day=0, start_minute=1020, end_minute=1140, max_minutes=90)
    instance = prepare_instance(demo).model_copy(update={"overtime_offers": (offer,)})
    page = build_report(instance, small_roster)
    assert "60 minutes of overtime taken in 1 blocks, out of 90 minutes offered" in page
    assert "<td>17:00-18:00</td><td>60</td><td>17:00-19:00, up to 90 min</td>" in page


def test_points_posted_or_none(demo: Instance, small_roster: Roster) -> None:
    instance = prepare_instance(demo)
    assert "No ledger postings" in build_report(instance, small_roster)
    postings = [
        {"agent": "A0001", "week_start": "2026-11-30", "kind": "earned", "points": 3,
         "reason": "late shift <Friday>"},
        {"agent": "A0002", "week_start": "2026-11-30", "kind": "spent", "points": -5,
         "reason": "day off granted"},
    ]  # fmt: skip
    page = build_report(instance, small_roster, postings=postings)
    assert "2 postings, -2 points net." in page
    assert "late shift &lt;Friday&gt;" in page  # data is escaped


def test_gantt_shows_a_readable_subset_and_says_so(demo: Instance, small_roster: Roster) -> None:
    page = build_report(prepare_instance(demo), small_roster, gantt_rows=1)
    assert "showing the first 1 of 2 agents working by start time" in page


def test_run_report_reads_points_json(tmp_path: Path, demo: Instance, small_roster: Roster) -> None:
    instance = prepare_instance(demo)
    (tmp_path / "points.json").write_text(
        json.dumps({"postings": [{"agent": "A0001", "points": 4, "reason": "holiday"}]})
    )
    path = write_run_report(tmp_path, instance, small_roster)
    assert path == tmp_path / "report.html"
    assert "1 postings, +4 points net." in path.read_text()
    assert not list(tmp_path.glob(".*.tmp"))


def test_report_command_needs_an_instance_when_the_run_recorded_none(
    tmp_path: Path, demo: Instance, small_roster: Roster, capsys: pytest.CaptureFixture[str]
) -> None:
    write_roster(tmp_path, small_roster, demo)
    (tmp_path / "summary.json").write_text(json.dumps(SUMMARY))
    assert main(["report", str(tmp_path)]) == 2
    assert "summary.json, field 'instance_path'" in capsys.readouterr().err
    assert not (tmp_path / "report.html").exists()
    assert main(["report", str(tmp_path), "--instance", str(DEMO)]) == 0
    assert "<dt>lower bound</dt><dd>80.0</dd>" in (tmp_path / "report.html").read_text()


def test_report_command_bad_summary_exits_2(
    tmp_path: Path, demo: Instance, small_roster: Roster, capsys: pytest.CaptureFixture[str]
) -> None:
    write_roster(tmp_path, small_roster, demo)
    (tmp_path / "summary.json").write_text("{not json")
    assert main(["report", str(tmp_path), "--instance", str(DEMO)]) == 2
    assert "summary.json: is not valid JSON" in capsys.readouterr().err
    assert not (tmp_path / "report.html").exists()
