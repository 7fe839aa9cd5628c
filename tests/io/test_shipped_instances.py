"""The shipped instances load, say what their READMEs say, and match ``instances/build.py``."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

from scheduler.io import load_instance
from scheduler.models import Instance
from scheduler.models.instance import Role

INSTANCES = Path(__file__).resolve().parents[2] / "instances"
SHIPPED = ("demo", "insurance-surge", "voucher-hotline")


@cache
def shipped(name: str) -> Instance:
    return load_instance(INSTANCES / name)


def build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("instances_build", INSTANCES / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_instance_loads_with_a_readme(name: str) -> None:
    instance = shipped(name)
    assert instance.name == name
    assert instance.demand.required  # demand as requirements, not only a forecast
    assert (INSTANCES / name / "README.md").is_file()


def test_build_script_reproduces_the_shipped_files(tmp_path: Path) -> None:
    """A generator change must show up as a diff in ``instances/``, never as silent drift."""
    build = build_script()
    for name in SHIPPED:
        build.build(name, build.SHIPPED[name], root=tmp_path)
        made = sorted(p.name for p in (tmp_path / name).iterdir())
        assert sorted(p.name for p in (INSTANCES / name).iterdir() if p.name != "README.md") == made
        for file in made:
            assert (tmp_path / name / file).read_text() == (INSTANCES / name / file).read_text()


def test_demo_is_a_week_with_a_short_hours_holiday() -> None:
    demo = shipped("demo")
    assert demo.horizon.start == dt.date(2026, 11, 30) and demo.horizon.start.weekday() == 0
    assert (len(demo.agents), demo.queue_ids, demo.horizon.days) == (60, ("sales", "service"), 7)
    assert demo.holiday_days == {0} and demo.open_hours(0) == (600, 960)
    assert demo.break_rules and demo.requests and demo.overtime_offers and demo.absences


def test_insurance_surge_has_teams_support_and_three_reserve_tiers() -> None:
    insurance = shipped("insurance-surge")
    assert len(insurance.queues) == 10 and "motor-claims" in insurance.queue_ids
    support = [a for a in insurance.agents if a.role == Role.SUPPORT]
    reserves = [a for a in insurance.agents if a.reserve_tier]
    assert len(support) == 20 and len(reserves) == 25  # 8 % and 10 % of 250
    assert {a.reserve_tier for a in reserves} == {30, 60, 120}
    assert all(a.queues[:2] == ("motor-claims", "home-claims") for a in support + reserves)


def test_insurance_surge_hits_only_the_claims_queues_on_tuesday_morning() -> None:
    insurance = shipped("insurance-surge")
    per_day = insurance.horizon.intervals_per_day
    morning = slice(per_day + 8 * 4, per_day + 14 * 4)  # Tuesday 08:00-14:00
    wednesday = slice(2 * per_day + 8 * 4, 2 * per_day + 14 * 4)

    def ratio(queue: str) -> float:
        required = insurance.demand.required[queue]
        return sum(required[morning]) / sum(required[wednesday])

    assert ratio("motor-claims") > 1.6 and ratio("home-claims") > 1.6
    assert ratio("travel") < 1.2 and ratio("complaints") < 1.2


def test_voucher_hotline_is_open_0800_2200_daily_including_holidays() -> None:
    voucher = shipped("voucher-hotline")
    assert voucher.horizon.days == 14 and voucher.holiday_hours == "as_weekday"
    assert voucher.holiday_days and all(voucher.open_hours(day) == (480, 1320) for day in range(14))
    ends = {s + n for t in voucher.shift_templates for s, n in t.shift_options()}
    starts = {s for t in voucher.shift_templates for s, _ in t.shift_options()}
    assert min(starts) == 480 and max(ends) == 1320  # templates cover 08:00-22:00, no further


def test_voucher_hotline_front_loads_its_volume() -> None:
    voucher = shipped("voucher-hotline")
    per_day = voucher.horizon.intervals_per_day
    daily = [
        sum(sum(v[d * per_day : (d + 1) * per_day]) for v in voucher.demand.required.values())
        for d in range(14)
    ]
    assert sum(daily[:7]) > 1.8 * sum(daily[7:])
    assert daily[0] > 5 * daily[-1]
