"""``scheduler generate``: writes a loadable folder and never clobbers one by accident."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from scheduler.commands import generate as command
from scheduler.io import load_instance


def parse(*argv: str) -> argparse.Namespace:
    """Parse as the CLI would, with only this command registered (the others are not ours)."""
    parser = argparse.ArgumentParser(prog="scheduler")
    command.register(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(["generate", *argv])


def run(*argv: str) -> int:
    args = parse(*argv)
    return args.func(args)


def test_writes_a_loadable_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "centre"
    assert run("--agents", "25", "--days", "7", "--seed", "3", "--out", str(out)) == 0
    instance = load_instance(out)
    assert (instance.name, len(instance.agents), instance.horizon.days) == ("centre", 25, 7)
    assert str(instance.horizon.start) == "2026-11-30"
    assert "25 agents" in capsys.readouterr().out


def test_options_reach_the_instance(tmp_path: Path) -> None:
    out = tmp_path / "x"
    argv = ["--agents", "20", "--days", "10", "--queues", "a,b,c", "--interval", "30"]
    argv += ["--start", "2027-01-04", "--holiday-day", "1", "--holiday-day", "8", "--out", str(out)]
    assert run(*argv) == 0
    instance = load_instance(out)
    assert instance.queue_ids == ("a", "b", "c") and instance.horizon.interval_minutes == 30
    assert instance.holiday_days == {1, 8} and str(instance.horizon.start) == "2027-01-04"


def test_refuses_a_non_empty_folder_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    assert run("--agents", "10", "--out", str(tmp_path)) == 2
    assert "not empty" in capsys.readouterr().err and not (tmp_path / "agents.csv").exists()
    assert run("--agents", "10", "--out", str(tmp_path), "--force") == 0
    assert (tmp_path / "notes.txt").read_text() == "mine"
    load_instance(tmp_path)


def test_bad_options_exit_2_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("--days", "7", "--holiday-day", "9", "--out", str(tmp_path / "x")) == 2
    assert "holiday days" in capsys.readouterr().err and not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    ("agents", "queues", "expected"),
    [(60, None, 2), (499, None, 2), (500, None, 10), (500, "3", 3), (60, "x,y", 2)],
)
def test_queue_count_defaults_to_ten_from_500_agents(
    agents: int, queues: str | None, expected: int
) -> None:
    argv = ["--agents", str(agents), "--out", "unused"] + (["--queues", queues] if queues else [])
    assert len(command.spec_from_args(parse(*argv)).queues) == expected
