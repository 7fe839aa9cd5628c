"""The synthetic generator: reproducible, and each knob does what its field says."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pytest
from pydantic import ValidationError

from scheduler.generate import GeneratorSpec, default_queue_names, generate, write_instance
from scheduler.io import load_instance

SMALL = GeneratorSpec(agents=30, days=7, seed=5)


def rows(files: dict[str, str], name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[name])))


def required(files: dict[str, str]) -> dict[tuple[str, str, str], int]:
    return {
        (r["date"], r["start"], r["queue"]): int(r["agents"])
        for r in rows(files, "requirements.csv")
    }


def test_same_seed_same_files_other_seed_other_files() -> None:
    assert generate(SMALL) == generate(SMALL.model_copy())
    assert (
        generate(SMALL)["agents.csv"]
        != generate(SMALL.model_copy(update={"seed": 6}))["agents.csv"]
    )


def test_generated_folder_loads(tmp_path: Path) -> None:
    spec = SMALL.model_copy(update={"holiday_days": (2,), "holiday_hours": "closed"})
    write_instance(tmp_path, generate(spec))
    instance = load_instance(tmp_path)
    assert len(instance.agents) == 30 and instance.holiday_days == {2}
    assert instance.open_hours(2) is None


def test_surge_adds_load_to_its_queues_only() -> None:
    """Noise is drawn identically with or without a surge, so outside it nothing may move."""
    plain = required(generate(SMALL))
    surged = required(
        generate(SMALL.model_copy(update={"surge": (1, 480, 720, 2.0), "surge_queues": ("sales",)}))
    )
    changed = {key for key in plain if plain[key] != surged[key]}
    assert changed and all(
        q == "sales" and date == "2026-12-01" and "08:00" <= start < "12:00"
        for date, start, q in changed
    )
    assert all(surged[key] >= plain[key] for key in changed)


def test_surge_without_queues_hits_every_queue() -> None:
    plain = required(generate(SMALL))
    surged = required(generate(SMALL.model_copy(update={"surge": (1, 480, 720, 2.0)})))
    assert {q for (_, _, q) in (k for k in plain if plain[k] != surged[k])} == {"sales", "service"}


def test_support_and_reserve_shares_are_exact() -> None:
    spec = GeneratorSpec(agents=200, support_share=0.08, reserve_share=0.10, seed=1)
    agents = rows(generate(spec), "agents.csv")
    assert Counter(a["role"] for a in agents)["support"] == 16
    tiers = Counter(a["reserve_tier"] for a in agents if a["reserve_tier"] != "0")
    assert sum(tiers.values()) == 20 and set(tiers) == {"30", "60", "120"}
    assert all(a["min_weekly_hours"] == "0" for a in agents if a["reserve_tier"] != "0")


@pytest.mark.parametrize("hours", ["08:00-20:00", "08:00-22:00", "06:00-24:00"])
def test_templates_cover_the_opening_window_and_end_by_closing(tmp_path: Path, hours: str) -> None:
    write_instance(tmp_path, generate(SMALL.model_copy(update={"opening_hours": (hours,) * 7})))
    options = [
        (s, s + n) for t in load_instance(tmp_path).shift_templates for s, n in t.shift_options()
    ]
    opens, closes = (int(h[:2]) * 60 for h in hours.split("-"))
    assert min(s for s, _ in options) == opens and max(e for _, e in options) == closes


def test_offers_fall_in_open_hours(tmp_path: Path) -> None:
    spec = SMALL.model_copy(
        update={"holiday_days": (0,), "holiday_hours": "10:00-16:00", "offer_share": 1.0}
    )
    write_instance(tmp_path, generate(spec))
    instance = load_instance(tmp_path)
    for offer in instance.overtime_offers:
        opens, closes = instance.open_hours(offer.day) or (0, 0)
        assert opens <= offer.start_minute < offer.end_minute <= closes


def test_rewriting_a_folder_drops_stale_instance_files_but_keeps_others(tmp_path: Path) -> None:
    write_instance(tmp_path, generate(SMALL.model_copy(update={"holiday_days": (1,)})))
    (tmp_path / "README.md").write_text("notes")
    write_instance(tmp_path, generate(SMALL))
    assert not (tmp_path / "holidays.csv").exists() and (tmp_path / "README.md").exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"queues": ("sales", "sales")},
        {"queues": ("a|b",)},
        {"holiday_days": (7,)},
        {"holiday_hours": "9-17"},
        {"opening_hours": ("closed",) * 7},
        {"surge": (1, 480, 720, 2.0), "surge_queues": ("claims",)},
        {"support_share": 0.6, "reserve_share": 0.6},
        {"interval_minutes": 20},
    ],
)
def test_spec_rejects_what_the_loader_would(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        GeneratorSpec(**bad)


def test_default_queue_names() -> None:
    assert default_queue_names(2) == ("sales", "service")
    assert len(set(default_queue_names(10))) == 10
    assert default_queue_names(12)[-2:] == ("queue-11", "queue-12")
