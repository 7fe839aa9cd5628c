"""Benchmark helpers: best-known look-up, the README section writer, the pooled cost."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from benchmarks.curtois import best_known, table
from benchmarks.report_section import update_readme


def test_best_known_reads_the_csv_beside_the_file(tmp_path: Path) -> None:
    (tmp_path / "best_known.csv").write_text(
        "instance,best_known_objective,lower_bound,source\n3,1001,1001,x\n10,4631,,y\n"
    )
    assert best_known(tmp_path / "Instance3.txt") == {
        "best_known": 1001,
        "best_known_lower_bound": 1001,
    }
    assert best_known(tmp_path / "Instance10.txt")["best_known_lower_bound"] is None
    assert best_known(tmp_path / "Instance99.txt")["best_known"] is None
    assert best_known(tmp_path / "other" / "Instance3.txt")["best_known"] is None


def test_update_readme_replaces_only_its_own_section(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Benchmarks\n\nthe lead's table\n")
    update_readme("curtois-60s", "first", readme)
    update_readme("peers-table", "peers", readme)
    update_readme("curtois-60s", "second", readme)
    text = readme.read_text()
    assert text.startswith("# Benchmarks\n\nthe lead's table\n")
    assert "second" in text and "first" not in text and "peers" in text
    assert text.count("<!-- curtois-60s:start -->") == 1


def test_table_shows_the_gap_to_best_known() -> None:
    row = {
        "instance": "Instance1",
        "staff": 8,
        "days": 14,
        "shift_types": 1,
        "wall_s": 0.4,
        "objective": 612,
        "lower_bound": 600,
        "status": "feasible",
        "best_known": 600,
        "best_known_lower_bound": 600,
        "gap_to_best_known": 0.02,
        "feasible": True,
    }
    line = table([row], 10).splitlines()[-1]
    assert "| 612 |" in line and "+2.0 %" in line and line.endswith("| yes |")


def test_pooled_cost_prices_shortfall_and_excess() -> None:
    from benchmarks.peers import pooled_cost
    from scheduler.io import load_instance

    root = Path(__file__).resolve().parents[2]
    instance = load_instance(root / "instances" / "demo")
    from benchmarks.peers import pooled_required

    required = pooled_required(instance)
    staffed = required.copy()
    staffed[0, 40] -= 1  # one agent short for one 15-minute interval
    staffed[1, 40] += 2  # two extra for one interval
    cost = pooled_cost(instance, staffed)
    assert (cost["under_min"], cost["over_min"]) == (15, 30)
    weights = instance.costs
    assert cost["cost"] == 15 * weights.under_per_minute + 30 * weights.over_per_minute
    assert np.array_equal(pooled_required(instance), required)
