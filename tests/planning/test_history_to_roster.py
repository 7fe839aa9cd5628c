"""An instance that holds only call history is planned end to end: forecast -> staffing ->
roster, and the roster passes the independent validator."""

from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

from scheduler.check import validate
from scheduler.io import InputError, load_instance
from scheduler.optimise import SolveParams, solve
from scheduler.planning import prepare_instance

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "forecast"))
from forecast_synthetic import synthetic_frame  # noqa: E402

DEMO = Path(__file__).resolve().parents[2] / "instances" / "demo"


@pytest.fixture
def history_instance(tmp_path: Path) -> Path:
    folder = tmp_path / "history-only"
    shutil.copytree(DEMO, folder)
    (folder / "requirements.csv").unlink()
    frame = synthetic_frame(
        start=date(2026, 9, 7),
        weeks=12,
        step=15,
        daily_calls=900.0,
        queues=("sales", "service"),
        aht=240.0,
    )
    frame.to_csv(folder / "history.csv", index=False)
    return folder


def test_history_becomes_requirements_and_a_valid_roster(history_instance: Path) -> None:
    instance = load_instance(history_instance)
    assert instance.history_file is not None and not instance.demand.required
    prepared = prepare_instance(instance)
    tuesday = prepared.demand.required["sales"][96 : 2 * 96]
    assert sum(tuesday) > 0  # Monday is the demo's public holiday, closed in the history
    assert max(prepared.demand.calls["sales"]) > 0
    result = solve(prepared, SolveParams(time_limit=8, seed=1), printer=lambda _: None)
    report = validate(prepared, result.roster)
    assert report.feasible, report.violations[:3]


@pytest.mark.filterwarnings("ignore::scheduler.forecast.StaleHistoryWarning")  # not the point
def test_history_without_handle_times_needs_a_default_aht(history_instance: Path) -> None:
    frame = synthetic_frame(start=date(2026, 9, 7), weeks=8, step=15, queues=("sales",))
    frame.to_csv(history_instance / "history.csv", index=False)
    with pytest.raises(InputError, match="default_aht_seconds"):
        prepare_instance(load_instance(history_instance))
