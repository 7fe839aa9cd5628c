"""``scheduler check``: JSON on stdout, exit 0 / 1 / 2, messages on stderr."""

import argparse
import json

import pytest

from scheduler.commands import check as command

INSTANCE_TOML = """name = "cmd"
[horizon]
start = 2026-11-30
days = 7

[[shift_templates]]
name = "day"
start_earliest = "08:00"
start_latest = "10:00"
lengths_hours = [8]
"""

ROSTER_HEADER = "agent,date,activity,start,end,queue\n"
GOOD_SHIFT = "A1,2026-11-30,shift,2026-11-30T08:00,2026-11-30T16:00,sales\n"


@pytest.fixture
def folder(tmp_path):
    """An instance folder: one flexible agent, one queue needing one agent Monday 08:00-08:15."""
    (tmp_path / "instance.toml").write_text(INSTANCE_TOML)
    (tmp_path / "queues.csv").write_text("id\nsales\n")
    (tmp_path / "agents.csv").write_text("id,queues,min_weekly_hours\nA1,sales,0\n")
    (tmp_path / "requirements.csv").write_text(
        "date,start,queue,agents\n2026-11-30,08:00,sales,1\n"
    )
    return tmp_path


def run(*argv):
    parser = argparse.ArgumentParser()
    command.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["check", *map(str, argv)])
    return args.func(args)


def test_feasible_roster_exits_zero(folder, capsys):
    (folder / "roster.csv").write_text(ROSTER_HEADER + GOOD_SHIFT)
    assert run(folder, folder) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["instance"] == "cmd"
    assert report["feasible"] is True
    assert report["violations"] == []
    assert report["costs"]["under"] == 0
    assert report["costs"]["over"] == 480 - 15
    assert report["counts"]["shifts"] == 1


def test_broken_rule_exits_one_and_names_it(folder, capsys):
    second = "A1,2026-11-30,shift,2026-11-30T10:00,2026-11-30T18:00,sales\n"
    path = folder / "two.csv"
    path.write_text(ROSTER_HEADER + GOOD_SHIFT + second)
    assert run(folder, path) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["feasible"] is False
    assert [v["rule"] for v in report["violations"]] == ["one_shift_per_day"]
    assert set(report["violations"][0]) == {"rule", "agent", "date", "detail"}


def test_unreadable_roster_exits_two(folder, capsys):
    bad = "A9,2026-11-30,shift,2026-11-30T08:00,2026-11-30T16:00,sales\n"
    (folder / "roster.csv").write_text(ROSTER_HEADER + bad)
    assert run(folder, folder) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "unknown agent 'A9'" in captured.err


def test_forecast_only_instance_exits_two(folder, capsys):
    (folder / "requirements.csv").unlink()
    (folder / "forecast.csv").write_text(
        "date,start,queue,calls,aht\n2026-11-30,08:00,sales,5,300\n"
    )
    (folder / "roster.csv").write_text(ROSTER_HEADER + GOOD_SHIFT)
    assert run(folder, folder) == 2
    assert "no staffing requirements" in capsys.readouterr().err
