"""``scheduler requirements INSTANCE`` staffs an instance's forecast with the Erlang engine."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from scheduler.cli import main
from scheduler.staffing import erlang_a_agents

DEMO = Path(__file__).resolve().parents[2] / "instances" / "demo"


def _forecast_instance(tmp_path: Path) -> Path:
    folder = tmp_path / "forecast-only"
    shutil.copytree(DEMO, folder)
    (folder / "requirements.csv").unlink()
    rows = [
        ("2026-12-01", "09:00", "sales", 100, 180),
        ("2026-12-01", "09:15", "sales", 0, 0),
        ("2026-12-01", "09:00", "service", 40, 300),
    ]
    with (folder / "forecast.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "start", "queue", "calls", "aht"])
        writer.writerows(rows)
    return folder


def test_requirements_match_the_staffing_engine(tmp_path: Path) -> None:
    out = tmp_path / "requirements.csv"
    assert main(["requirements", str(_forecast_instance(tmp_path)), "--out", str(out)]) == 0
    with out.open() as handle:
        rows = {(r["date"], r["start"], r["queue"]): r for r in csv.DictReader(handle)}
    row = rows[("2026-12-01", "09:00", "sales")]
    # demo queues: 80/20, occupancy cap 0.88, patience 180 s (Erlang A), shrinkage 0.3
    load = 100 * 180 / 900
    net = erlang_a_agents(load, 180, 180, target_sl=0.8, target_time_s=20, max_occupancy=0.88)
    assert int(row["agents_required"]) == -(-net * 10 // 7)  # ceil(net / (1 - 0.3))
    assert float(row["expected_sl"]) >= 0.8
    assert int(rows[("2026-12-01", "09:15", "sales")]["agents_required"]) == 0


def test_requirements_without_forecast_is_exit_2(tmp_path: Path, capsys) -> None:
    assert main(["requirements", str(DEMO), "--out", str(tmp_path / "r.csv")]) == 2
    assert "forecast" in capsys.readouterr().err
    assert not (tmp_path / "r.csv").exists()
