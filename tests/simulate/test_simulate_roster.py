"""The roster's shape in the simulation: shared agents, breaks, seeds, replays, the command."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import pandas as pd
import pytest
from simulate_kit import instance, roster

from scheduler.commands import simulate as simulate_command
from scheduler.forecast import load_history
from scheduler.models.instance import Demand
from scheduler.simulate import (
    SIMULATION_COLUMNS,
    Routing,
    SimulationInputError,
    SimulationParams,
    forecast_arrivals,
    replayed_arrivals,
    simulate_roster,
)

TWO_SKILLS = {f"a{n}": ("q1", "q2") if n < 5 else ("q2", "q1") for n in range(10)}
ON_QUEUE = {a: skills[0] for a, skills in TWO_SKILLS.items()}


def test_agents_shared_across_queues_beat_the_formula_and_are_flagged() -> None:
    """Two queues of 5 agents each at 4 Erlangs: pooled, the 10 agents do far better than two
    separate Erlang C groups; with rostered-only routing the formula holds again."""
    inst = instance({"q1": 80.0, "q2": 80.0}, TWO_SKILLS)
    pooled = simulate_roster(inst, roster(ON_QUEUE), SimulationParams(replications=30))
    steady = pooled[pooled["start"].isin(["10:00", "11:00", "12:00", "13:00"])]
    assert (steady["sl"] > steady["sl_formula"] + 0.05).all()
    assert steady["disagrees"].all()
    assert steady["note"].str.contains("agents shared across queues").all()
    assert (steady["borrowed_share"] > 0).all()
    alone = simulate_roster(
        inst, roster(ON_QUEUE), SimulationParams(replications=30, routing=Routing.ROSTERED)
    )
    steady = alone[alone["start"].isin(["10:00", "11:00", "12:00", "13:00"])]
    assert (steady["borrowed_share"] == 0).all() and (steady["lent_calls"] == 0).all()
    assert (steady["sl"] - steady["sl_formula"]).abs().mean() < 0.05


def test_a_break_at_the_peak_shows_in_the_interval() -> None:
    """Three of ten agents on a break 12:00-12:30: half an hour short, counted as 8.5 agents."""
    agents = {f"a{n}": ("q",) for n in range(10)}
    breaks = {f"a{n}": (720, 750) for n in range(3)}
    frame = simulate_roster(
        instance({"q": 160.0}, agents),
        roster({a: "q" for a in agents}, breaks),
        SimulationParams(replications=30),
    )
    noon = frame[frame["start"] == "12:00"].iloc[0]
    other = frame[frame["start"] == "11:00"].iloc[0]
    assert noon["scheduled"] == pytest.approx(8.5) and noon["agents"] == 8
    assert noon["break_agents"] == pytest.approx(1.5)
    assert noon["sl"] < other["sl"] - 0.1
    if noon["disagrees"]:
        assert "breaks in the interval" in noon["note"]


def test_same_seed_same_numbers_other_seed_other_numbers() -> None:
    inst = instance({"q1": 80.0, "q2": 80.0}, TWO_SKILLS)
    params = SimulationParams(replications=5, seed=3)
    first = simulate_roster(inst, roster(ON_QUEUE), params)
    again = simulate_roster(inst, roster(ON_QUEUE), params)
    other = simulate_roster(inst, roster(ON_QUEUE), params.model_copy(update={"seed": 4}))
    pd.testing.assert_frame_equal(first, again)
    assert not first["offered"].equals(other["offered"])


def test_requirements_only_instance_says_it_needs_calls() -> None:
    inst = instance({"q": 160.0}, {"a0": ("q",)})
    bare = inst.model_copy(update={"demand": Demand(required=inst.demand.required)})
    with pytest.raises(SimulationInputError, match="needs callers"):
        forecast_arrivals(bare)


def test_replayed_history_gives_the_same_calls_every_replication(tmp_path: Path) -> None:
    history = tmp_path / "history.csv"
    history.write_text(
        "timestamp,queue,calls,aht\n"
        "2026-11-30T09:00,q,7,200\n"
        "2026-11-30T10:00,q,12,150\n"
        "2026-12-01T09:00,q,99,100\n"  # after the one-day horizon: ignored
    )
    inst = instance({"q": 160.0}, {f"a{n}": ("q",) for n in range(3)})
    plan = replayed_arrivals(inst, load_history(history))
    frame = simulate_roster(
        inst, roster({f"a{n}": "q" for n in range(3)}), SimulationParams(replications=4), plan
    )
    by_start = frame.set_index("start")
    assert by_start.loc["09:00", "offered"] == 7 and by_start.loc["09:00", "calls"] == 7
    assert by_start.loc["10:00", "offered"] == 12 and by_start.loc["10:00", "aht"] == 150
    assert by_start.loc["11:00", "offered"] == 0


def test_replay_with_an_unknown_queue_is_refused(tmp_path: Path) -> None:
    history = tmp_path / "history.csv"
    history.write_text(
        "timestamp,queue,calls,aht\n2026-11-30T09:00,sales,7,200\n2026-11-30T10:00,q1,7,200\n"
    )
    inst = instance({"q1": 1.0, "q2": 1.0}, TWO_SKILLS)
    with pytest.raises(SimulationInputError, match="'sales' is not a queue"):
        replayed_arrivals(inst, load_history(history))


def test_replay_coarser_than_the_interval_is_refused(tmp_path: Path) -> None:
    history = tmp_path / "history.csv"
    history.write_text("timestamp,calls,aht\n2026-11-30T08:00,7,200\n2026-11-30T10:00,9,200\n")
    inst = instance({"q": 1.0}, {"a0": ("q",)})
    with pytest.raises(SimulationInputError, match="120-minute counts cannot be replayed"):
        replayed_arrivals(inst, load_history(history))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scheduler")
    simulate_command.register(parser.add_subparsers(dest="command", required=True))
    return parser


def test_command_prints_daily_table_and_writes_csv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    inst = instance({"q1": 80.0, "q2": 80.0}, TWO_SKILLS)
    monkeypatch.setattr(simulate_command, "load_instance", lambda path: inst)
    monkeypatch.setattr(simulate_command, "read_roster", lambda path, i: roster(ON_QUEUE))
    out = tmp_path / "sim" / "intervals.csv"
    args = _parser().parse_args(
        ["simulate", "inst", "run", "--replications", "5", "--seed", "1", "--out", str(out)]
    )
    assert args.func(args) == 0
    printed = capsys.readouterr().out
    assert "5 replications, seed 1, routing skills" in printed and "2026-11-30" in printed
    written = pd.read_csv(out)
    assert list(written.columns) == list(SIMULATION_COLUMNS)
    assert len(written) == 16  # 8 hours x 2 queues
    assert not math.isnan(written["sl"].iloc[0])
    assert not list(out.parent.glob(".*.tmp"))


def test_command_on_requirements_only_instance_exits_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = Path(__file__).resolve().parents[2] / "instances" / "demo"
    roster_csv = tmp_path / "roster.csv"
    roster_csv.write_text("agent,date,activity,start,end,queue\n")
    out = tmp_path / "out.csv"
    args = _parser().parse_args(["simulate", str(demo), str(roster_csv), "--out", str(out)])
    assert args.func(args) == 2
    assert "needs callers" in capsys.readouterr().err
    assert not out.exists()
