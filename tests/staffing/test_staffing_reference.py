"""Reproduce the published reference values (textbooks, calculators, packages).

The tables are ../shared/reference/*.csv beside the repository; see its README.md for what each
column means and where each figure comes from.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from scheduler.staffing import (
    apply_shrinkage,
    erlang_a_metrics,
    erlang_b,
    erlang_b_max_load,
    erlang_c_agents,
    erlang_c_max_load,
    erlang_c_metrics,
    offered_load,
)

REL = 1e-6  # the tables carry 8 significant digits
Reference = Callable[[str], list[dict[str, str]]]

C_COLUMNS = [
    "p_wait",
    "service_level",
    "asa_s",
    "avg_delay_delayed_s",
    "q1_mean_queue",
    "q2_mean_queue_given_all_busy",
    "mean_queue_given_queue",
    "occupancy",
    "trunk_load_erlangs",
]


def _floats(row: dict[str, str]) -> dict[str, float]:
    return {key: float(value) for key, value in row.items()}


def test_erlang_c_table(reference: Reference) -> None:
    for row in map(_floats, reference("erlang_c.csv")):
        load = offered_load(row["calls"], row["aht_s"], row["interval_s"])
        assert load == pytest.approx(row["erlangs"], rel=REL)
        metrics = erlang_c_metrics(row["agents"], load, row["aht_s"], row["target_time_s"])
        for column in C_COLUMNS:
            assert getattr(metrics, column) == pytest.approx(row[column], rel=REL), column
        needed = erlang_c_agents(
            load, row["aht_s"], target_sl=row["target_sl"], target_time_s=row["target_time_s"]
        )
        assert needed == row["agents_needed"]


def test_erlang_a_table(reference: Reference) -> None:
    for row in map(_floats, reference("erlang_a.csv")):
        load = offered_load(row["calls"], row["aht_s"], row["interval_s"])
        m = erlang_a_metrics(row["agents"], load, row["aht_s"], row["patience_s"], 0.0)
        assert m.p_wait == pytest.approx(row["p_wait"], rel=REL)
        assert m.p_abandon == pytest.approx(row["p_abandon"], rel=REL)
        assert m.asa_offered_s == pytest.approx(row["mean_wait_all_s"], rel=REL)
        assert m.occupancy == pytest.approx(row["occupancy"], rel=REL)


def _c1(n: float, t: float = 20.0):
    return erlang_c_metrics(n, 10.0, 180.0, t)


def _a1():
    # 4 calls/min, AHT 3 min, patience 1 min, 14 agents, t = 0.333 min: times in minutes
    return erlang_a_metrics(14, 12.0, 3.0, 1.0, 0.333)


def _a2():
    # 100 calls / 30 min, AHT 3 min, patience 5 min, 13 agents, t = 20 s: times in seconds
    return erlang_a_metrics(13, 10.0, 180.0, 300.0, 20.0)


PUBLISHED: dict[tuple[str, str], Callable[[], float]] = {
    ("B1", "max offered load (E)"): lambda: erlang_b_max_load(15, 0.01),
    ("B2", "blocking prob."): lambda: erlang_b(10, 5.0),
    ("B3", "blocking prob."): lambda: erlang_b(30, 25.0),
    ("C1", "P(wait)"): lambda: _c1(14).p_wait,
    ("C1", "SL(20 s)"): lambda: _c1(14).service_level,
    ("C1", "ASA (s)"): lambda: _c1(14).asa_s,
    ("C1", "occupancy"): lambda: _c1(14).occupancy,
    ("C2", "P(wait)"): lambda: _c1(11).p_wait,
    ("C3", "agents (raw)"): lambda: erlang_c_agents(
        10.0, 180.0, target_sl=0.8, target_time_s=20.0, max_occupancy=0.85
    ),
    ("C3", "scheduled positions = ceil(raw/0.7)"): lambda: apply_shrinkage(
        erlang_c_agents(10.0, 180.0, target_sl=0.8, target_time_s=20.0, max_occupancy=0.85), 0.3
    ),
    ("C4", "agents (raw)"): lambda: erlang_c_agents(
        10.0, 3.0, target_sl=0.8, target_time_s=0.33, max_occupancy=0.7
    ),
    ("C4", "SL(19.8 s)"): lambda: _c1(15, 19.8).service_level,
    ("C4", "occupancy"): lambda: _c1(15).occupancy,
    ("C4", "P(wait)"): lambda: _c1(15).p_wait,
    ("C5", "P(wait)"): lambda: erlang_c_metrics(55, 48.0, 240.0, 15.0).p_wait,
    ("C5", "ASA (s)"): lambda: erlang_c_metrics(55, 48.0, 240.0, 15.0).asa_s,
    ("C5", "SL(15 s)"): lambda: erlang_c_metrics(55, 48.0, 240.0, 15.0).service_level,
    ("C6", "ASA (min)"): lambda: erlang_c_metrics(14, 12.0, 3.0, 0.333).asa_s,
    ("C6", "SL(0.333 min)"): lambda: erlang_c_metrics(14, 12.0, 3.0, 0.333).service_level,
    ("C6", "occupancy"): lambda: erlang_c_metrics(14, 12.0, 3.0, 0.333).occupancy,
    ("C7", "agents"): lambda: erlang_c_agents(20.0, 120.0, max_p_wait=0.15),
    ("C7", "ASA (s)"): lambda: erlang_c_metrics(26, 20.0, 120.0, 0.0).asa_s,
    ("C7", "P(wait)"): lambda: erlang_c_metrics(30, 20.0, 120.0, 0.0).p_wait,
    ("C7", "max load (E)"): lambda: erlang_c_max_load(30, 0.15),
    ("A1", "P(abandon)"): lambda: _a1().p_abandon,
    ("A1", "SL (virtual: P(V<=t))"): lambda: _a1().service_level_virtual,
    ("A1", "ASA (virtual: E[V], min)"): lambda: _a1().asa_virtual_s,
    ("A1", "occupancy"): lambda: _a1().occupancy,
    ("A1", "P(blocked)"): lambda: 0.0,  # our chain has unlimited lines: nothing is blocked
    ("A2", "SL (answered within t / offered)"): lambda: _a2().service_level_offered,
    ("A2", "occupancy"): lambda: _a2().occupancy,
    ("A2", "P(abandon)"): lambda: _a2().p_abandon,
    ("A2", "P(wait)"): lambda: _a2().p_wait,
    ("A2", "ASA = E[Q]/lambda (min)"): lambda: _a2().asa_offered_s / 60.0,
}


def test_every_published_value_is_checked(reference: Reference) -> None:
    rows = reference("published.csv")
    assert {(r["case"], r["measure"]) for r in rows} == set(PUBLISHED)


def test_published_values(reference: Reference) -> None:
    for row in reference("published.csv"):
        ours = float(PUBLISHED[(row["case"], row["measure"])]())
        exact, published = float(row["exact"]), float(row["published"])
        assert ours == pytest.approx(exact, rel=1e-9, abs=1e-12), row["case"] + row["measure"]
        assert abs(ours - published) <= float(row["tolerance"]), row["case"] + row["measure"]
