"""``scheduler plan``: bad input is exit 2 with one message and no output; good input writes
the roster and a summary whose costs are the validator's."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from scheduler.cli import main

DEMO = Path(__file__).resolve().parents[2] / "instances" / "demo"


def test_bad_instance_is_exit_2_and_writes_nothing(tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(DEMO, broken)
    with (broken / "agents.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["earliest_start"] = "nine"
    with (broken / "agents.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    out = tmp_path / "out"
    assert main(["plan", str(broken), "--out", str(out), "--quiet"]) == 2
    error = capsys.readouterr().err
    assert "agents.csv, row 2, field 'earliest_start'" in error
    assert not out.exists()


def test_plan_writes_roster_and_validated_summary(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code = main(["plan", str(DEMO), "--out", str(out), "--time-limit", "3", "--quiet"])
    assert code == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["feasible"] and summary["violations"] == 0
    assert summary["objective"] == summary["costs"]["total"]
    assert summary["lower_bound"] <= summary["objective"]
    assert (out / "roster.csv").exists() and (out / "roster.json").exists()
    assert main(["check", str(DEMO), str(out)]) == 0
