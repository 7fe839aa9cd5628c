"""The ``scheduler staffing`` sub-command, through its own argparse parser."""

from __future__ import annotations

import argparse
import json

import pytest

from scheduler.commands import staffing

BASE = [
    "--calls",
    "100",
    "--aht",
    "180",
    "--interval",
    "1800",
    "--target-sl",
    "0.8",
    "--target-time",
    "20",
]


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="scheduler")
    staffing.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["staffing", *argv])
    return args.func(args)


def test_erlang_c_table_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert run([*BASE, "--shrinkage", "0.3"]) == 0
    out = capsys.readouterr().out
    assert "Erlang C" in out
    assert "agents on the phones         14" in out
    assert "agents to roster             20" in out
    assert "88.84 %" in out and "7.84 s" in out


def test_erlang_a_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert run([*BASE, "--patience", "300", "--definition", "offered", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["model"] == "erlang_a"
    assert report["agents_net"] == 13 and report["erlang_c_agents_net"] == 14
    assert report["metrics"]["service_level_offered"] == pytest.approx(0.8581777, abs=1e-6)
    assert set(report["metrics"]) >= {"p_wait", "p_abandon", "asa_virtual_s", "occupancy"}


def test_metrics_for_a_given_agent_count_in_overload(capsys: pytest.CaptureFixture[str]) -> None:
    assert run([*BASE, "--agents", "8", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)  # strict JSON: no Infinity
    assert report["metrics"]["service_level"] == 0.0 and report["metrics"]["asa_s"] is None
    assert report["agents_net"] == 14


@pytest.mark.parametrize(
    ("argv", "flag"),
    [
        (["--aht", "0"], "--aht"),
        (["--calls", "-10"], "--calls"),
        (["--target-sl", "1.2"], "--target-sl"),
        (["--patience", "0"], "--patience"),
        (["--max-abandon", "0.05"], "--max-abandon"),
        (["--shrinkage", "1"], "--shrinkage"),
        (["--agents", "-1"], "--agents"),
    ],
)
def test_bad_input_exits_2_naming_the_option(
    argv: list[str], flag: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run([*BASE, *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and f"error: {flag}: " in lines[0]


def test_unparsable_number_is_an_argparse_error() -> None:
    with pytest.raises(SystemExit) as exit_info:
        run([*BASE, "--calls", "lots"])
    assert exit_info.value.code == 2
