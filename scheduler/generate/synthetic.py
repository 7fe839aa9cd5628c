"""Realistic synthetic instances of any size, for tests, benchmarks and the shipped examples.

The output is an ordinary instance folder, so everything generated goes through the same loader
and checks as a planner's own files. Demand is scaled to the staff's contract capacity so the
roster is tight but feasible: the interesting regime for an optimiser.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from scheduler.generate.profiles import WEEKDAY_FACTOR, intraday_curve, launch_decay
from scheduler.io.atomic import write_text_atomic
from scheduler.models.clock import format_hhmm, parse_hhmm

FIRST_NAMES = tuple(
    [
        "Ada",
        "Ben",
        "Cara",
        "Dev",
        "Eli",
        "Fay",
        "Gus",
        "Hana",
        "Ivo",
        "Jin",
        "Kai",
        "Lea",
        "Mo",
        "Nia",
        "Oli",
        "Pia",
        "Raj",
        "Sol",
        "Tea",
        "Uma",
    ]
)
AVAILABILITY = ("agent", "date", "start", "end", "reason")
REQUESTS = ("agent", "date", "kind", "points", "granted")
SUBSCRIPTIONS = ("agent", "date", "start", "end", "max_minutes")
STANDARD_HOURS = ("08:00-20:00",) * 5 + ("09:00-17:00", "10:00-16:00")
QUEUE_NAMES = (
    "sales",
    "service",
    "billing",
    "technical",
    "claims",
    "renewals",
    "retention",
    "complaints",
    "payments",
    "onboarding",
)
RESERVE_TIERS = (30, 60, 120)
# Every file of the instance format, so a regenerated folder can drop the ones it no longer has.
INSTANCE_FILES = (
    "instance.toml",
    "queues.csv",
    "agents.csv",
    "requirements.csv",
    "forecast.csv",
    "availability.csv",
    "holidays.csv",
    "requests.csv",
    "subscriptions.csv",
)


def default_queue_names(count: int) -> tuple[str, ...]:
    """Realistic queue ids for ``count`` queues (``queue-11`` onwards past the named ten)."""
    names = QUEUE_NAMES[:count]
    return names + tuple(f"queue-{k}" for k in range(len(names) + 1, count + 1))


class GeneratorSpec(BaseModel):
    """What to generate; every field has a realistic default."""

    model_config = ConfigDict(frozen=True)

    name: str = "generated"
    description: str = "Synthetic instance (scheduler generate)."
    agents: int = Field(60, ge=1)
    days: int = Field(7, ge=1, le=366)
    start: dt.date = dt.date(2026, 11, 30)
    interval_minutes: int = 15
    queues: tuple[str, ...] = Field(("sales", "service"), min_length=1)
    opening_hours: tuple[str, ...] = Field(STANDARD_HOURS, min_length=7, max_length=7)
    holiday_hours: str = "as_weekday"
    holiday_days: tuple[int, ...] = ()
    load_factor: float = Field(0.92, gt=0, description="Required / available phone time.")
    surge: tuple[int, int, int, float] | None = Field(
        None, description="(day, start minute, end minute, factor), on top of the normal load."
    )
    surge_queues: tuple[str, ...] = Field((), description="Queues the surge hits; empty = all.")
    launch: bool = Field(False, description="Launch-type decay: the first two weeks dominate.")
    support_share: float = Field(0.0, ge=0, le=1, description="Exact share with role support.")
    reserve_share: float = Field(0.0, ge=0, le=1, description="Exact share of call-out reserves.")
    request_share: float = 0.12
    offer_share: float = 0.10
    seed: int = 0

    @model_validator(mode="after")
    def _consistent(self) -> GeneratorSpec:
        """Reject what would only fail later, in the loader, after the folder is written."""
        if len(set(self.queues)) != len(self.queues) or any(
            not q or "|" in q or q != q.strip() for q in self.queues
        ):
            raise ValueError("queue ids must be unique, non-empty, without '|' or outer spaces")
        if self.interval_minutes not in (15, 30, 60):
            raise ValueError("interval_minutes must be 15, 30 or 60")
        if all(hours == "closed" for hours in self.opening_hours):
            raise ValueError("opening_hours: at least one weekday must be open")
        for hours in self.opening_hours:
            if hours != "closed":
                _window(hours)
        if self.holiday_hours not in ("closed", "as_weekday"):
            _window(self.holiday_hours)
        if any(not 0 <= d < self.days for d in self.holiday_days):
            raise ValueError(f"holiday days must lie in 0..{self.days - 1}")
        if self.surge is not None and not 0 <= self.surge[0] < self.days:
            raise ValueError(f"the surge day must lie in 0..{self.days - 1}")
        if unknown := set(self.surge_queues) - set(self.queues):
            raise ValueError(f"surge queues {sorted(unknown)} are not among the queues")
        if self.support_share + self.reserve_share > 1:
            raise ValueError("support_share + reserve_share exceed 1")
        return self


def generate(spec: GeneratorSpec) -> dict[str, str]:
    """File name -> contents of a complete instance folder."""
    rng = np.random.default_rng(spec.seed)
    agents = _agents(spec, rng)
    files = {
        "instance.toml": _instance_toml(spec),
        "queues.csv": _queues_csv(spec),
        "agents.csv": _csv(agents),
        "requirements.csv": _csv(_requirements(spec, agents, rng)),
        "availability.csv": _csv(_availability(spec, agents, rng), AVAILABILITY),
        "requests.csv": _csv(_requests(spec, agents, rng), REQUESTS),
        "subscriptions.csv": _csv(_offers(spec, agents, rng), SUBSCRIPTIONS),
    }
    if spec.holiday_days:
        rows = [
            {"date": (spec.start + dt.timedelta(days=d)).isoformat(), "name": "Public holiday"}
            for d in spec.holiday_days
        ]
        files["holidays.csv"] = _csv(rows)
    return files


def write_instance(folder: Path | str, files: dict[str, str]) -> None:
    """Write ``files`` into ``folder``, each atomically.

    Instance files that ``files`` lacks (``holidays.csv`` of an older version, a
    ``forecast.csv`` the loader would ignore) are removed so a regenerated folder never mixes
    two instances; anything else there, such as a README, is kept.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name in INSTANCE_FILES:
        if name not in files:
            (folder / name).unlink(missing_ok=True)
    for name, text in files.items():
        write_text_atomic(folder / name, text)


def _csv(rows: list[dict[str, object]], columns: tuple[str, ...] = ()) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns or list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _window(text: str) -> tuple[int, int]:
    """``HH:MM-HH:MM`` as minutes; raises ``ValueError`` for anything else."""
    first, _, last = text.partition("-")
    opens, closes = parse_hhmm(first), parse_hhmm(last)
    if closes <= opens:
        raise ValueError(f"{text!r} closes before it opens")
    return opens, closes


def _toml_str(text: str) -> str:
    """A TOML basic string: JSON's escapes are valid TOML, so quotes in a name cannot break it."""
    return json.dumps(text, ensure_ascii=False)


def _instance_toml(spec: GeneratorSpec) -> str:
    opening = "\n".join(
        f'{day} = "{hours}"'
        for day, hours in zip(
            ("mon", "tue", "wed", "thu", "fri", "sat", "sun"), spec.opening_hours, strict=True
        )
    )
    first_open = min(_window(h)[0] for h in spec.opening_hours if h != "closed")
    last_close = max(_window(h)[1] for h in spec.opening_hours if h != "closed")
    return f"""name = {_toml_str(spec.name)}
description = {_toml_str(spec.description)}

[horizon]
start = {spec.start.isoformat()}
days = {spec.days}
interval_minutes = {spec.interval_minutes}
time_step_minutes = 15
timezone = "Europe/London"

[opening_hours]
{opening}
holidays = {_toml_str(spec.holiday_hours)}

[rules]
min_rest_hours = 11
max_weekly_hours = 48
max_consecutive_days = 6
min_days_off_per_week = 1

[costs]
under_per_minute = 10
over_per_minute = 1
overtime_per_minute = 3
request_point = 30

{_templates_toml(first_open, last_close)}
{BREAK_RULES_TOML}"""


def _templates_toml(first_open: int, last_close: int) -> str:
    """Layered templates: early and late full shifts, a mid shift and short peak shifts.

    Each template's latest start is capped so even its longest shift ends by closing time:
    a shift running past closing would be paid time no call can use.
    """
    templates = [
        ("early", first_open, first_open + 120, (8, 9)),
        ("mid", first_open + 120, last_close - 6 * 60, (6, 8)),
        ("late", last_close - 9 * 60, last_close - 8 * 60, (8,)),
        ("short", first_open, last_close - 4 * 60, (4,)),
    ]
    blocks = []
    for name, first, last, lengths in templates:
        first = max(first, first_open)
        last = max(first, min(last, last_close - max(lengths) * 60))
        lengths_text = ", ".join(str(n) for n in lengths)
        blocks.append(
            f'[[shift_templates]]\nname = "{name}"\nstart_earliest = "{format_hhmm(first)}"\n'
            f'start_latest = "{format_hhmm(last)}"\nstart_step_minutes = 30\n'
            f"lengths_hours = [{lengths_text}]\n"
        )
    return "\n".join(blocks)


BREAK_RULES_TOML = """[[break_rules]]
min_shift_hours = 4
max_shift_hours = 5.9
[[break_rules.breaks]]
kind = "break"
minutes = 15
earliest_minutes = 90
latest_minutes = 150

[[break_rules]]
min_shift_hours = 6
max_shift_hours = 7.9
min_gap_minutes = 60
[[break_rules.breaks]]
kind = "break"
minutes = 15
earliest_minutes = 60
latest_minutes = 150
[[break_rules.breaks]]
kind = "lunch"
minutes = 30
earliest_minutes = 150
latest_minutes = 270
paid = false

[[break_rules]]
min_shift_hours = 8
max_shift_hours = 10
min_gap_minutes = 60
[[break_rules.breaks]]
kind = "break"
minutes = 15
earliest_minutes = 60
latest_minutes = 150
[[break_rules.breaks]]
kind = "lunch"
minutes = 30
earliest_minutes = 180
latest_minutes = 300
paid = false
[[break_rules.breaks]]
kind = "break"
minutes = 15
earliest_minutes = 300
min_minutes_before_end = 45
"""

# (share, min h, max h, days, allowed templates, earliest start, latest end)
CONTRACTS = (
    (0.55, 36, 40, 5, "", "", ""),
    (0.20, 24, 30, 4, "", "", ""),
    (0.15, 16, 20, 4, "mid|short", "", ""),
    (0.10, 8, 16, 3, "short|late", "12:00", ""),
)


def _queues_csv(spec: GeneratorSpec) -> str:
    rows = [
        {
            "id": q,
            "name": q.replace("-", " ").title(),
            "service_level": 0.8,
            "service_seconds": 20,
            "max_occupancy": 0.88,
            "patience_seconds": 180,
            "shrinkage": 0.3,
        }
        for q in spec.queues
    ]
    return _csv(rows)


def _queue_weights(count: int) -> np.ndarray:
    weights = 1.0 / np.arange(1, count + 1) ** 0.6
    return weights / weights.sum()


def _agents(spec: GeneratorSpec, rng: np.random.Generator) -> list[dict[str, object]]:
    weights = _queue_weights(len(spec.queues))
    shares = np.array([c[0] for c in CONTRACTS])
    roles = _roles(spec, rng)
    rows = []
    for i in range(spec.agents):
        contract = CONTRACTS[rng.choice(len(CONTRACTS), p=shares / shares.sum())]
        primary = int(rng.choice(len(spec.queues), p=weights))
        queues = [spec.queues[primary]]
        if len(spec.queues) > 1 and rng.random() < 0.35:
            other = [q for q in spec.queues if q != queues[0]]
            queues.append(other[int(rng.integers(len(other)))])
        role, tier = roles[i]
        latest_end = "17:00" if contract[3] == 5 and rng.random() < 0.1 else contract[6]
        rows.append(
            {
                "id": f"A{i + 1:04d}",
                "name": f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {chr(65 + (i * 7) % 26)}.",
                "queues": "|".join(queues),
                "site": "North" if rng.random() < 0.6 else "South",
                "role": role,
                "reserve_tier": tier,
                "min_weekly_hours": 0 if tier else contract[1],
                "max_weekly_hours": contract[2],
                "max_days_per_week": contract[3],
                "earliest_start": contract[5],
                "latest_end": latest_end,
                "templates": contract[4],
                "seniority": int(rng.integers(0, 15)),
                "prior_consecutive_days": int(rng.integers(0, 4)),
                "prior_shift_end": "",
            }
        )
    return rows


def _roles(spec: GeneratorSpec, rng: np.random.Generator) -> list[tuple[str, int]]:
    """(role, reserve tier) per agent: exact shares, so "8 % support" holds at any size.

    Reserves cycle through the three call-out tiers so each tier is present.
    """
    support = round(spec.support_share * spec.agents)
    reserves = round(spec.reserve_share * spec.agents)
    roles = [("agent", 0)] * spec.agents
    for rank, i in enumerate(rng.permutation(spec.agents)[: support + reserves]):
        if rank < support:
            roles[i] = ("support", 0)
        else:
            roles[i] = ("agent", RESERVE_TIERS[(rank - support) % len(RESERVE_TIERS)])
    return roles


def _phone_capacity_minutes(spec: GeneratorSpec, agents: list[dict[str, object]]) -> float:
    """Phone minutes the rostered staff can give over the horizon (breaks deducted)."""
    weekly = sum(
        (float(a["min_weekly_hours"]) + float(a["max_weekly_hours"])) / 2 * 60
        for a in agents
        if a["role"] == "agent" and not a["reserve_tier"]
    )
    return weekly * spec.days / 7 * 0.9


def _day_window(spec: GeneratorSpec, day: int) -> tuple[int, int] | None:
    """Opening window of a day, holidays included, as the loader will read it (None: closed)."""
    hours = spec.opening_hours[(spec.start + dt.timedelta(days=day)).weekday()]
    if day in spec.holiday_days and spec.holiday_hours != "as_weekday":
        hours = spec.holiday_hours
    return None if hours == "closed" else _window(hours)


def _daily_shape(spec: GeneratorSpec, minutes: np.ndarray) -> np.ndarray:
    """Relative arrival rate per day and interval: weekday, launch and holiday effects."""
    daily = launch_decay(spec.days) if spec.launch else np.ones(spec.days)
    curves = []
    for day in range(spec.days):
        window = _day_window(spec, day)
        if window is None:
            curves.append(np.zeros(len(minutes)))
            continue
        weekday = (spec.start + dt.timedelta(days=day)).weekday()
        factor = WEEKDAY_FACTOR[weekday] * daily[day] * (0.7 if day in spec.holiday_days else 1.0)
        curves.append(intraday_curve(minutes + spec.interval_minutes / 2, *window) * factor)
    return np.array(curves)


def _surge_factors(spec: GeneratorSpec, minutes: np.ndarray, queue: str) -> np.ndarray | float:
    """Multiplier per day and interval for ``queue``: the surge window, or 1 elsewhere."""
    if spec.surge is None or (spec.surge_queues and queue not in spec.surge_queues):
        return 1.0
    day, first, last, factor = spec.surge
    factors = np.ones((spec.days, len(minutes)))
    factors[day, (minutes >= first) & (minutes < last)] = factor
    return factors


def _requirements(
    spec: GeneratorSpec, agents: list[dict[str, object]], rng: np.random.Generator
) -> list[dict[str, object]]:
    """Agents required per interval and queue.

    The normal load is scaled to ``load_factor`` of the staff's capacity *before* the surge,
    so a surge is extra work the regular roster cannot absorb, not volume moved from other days.
    """
    step = spec.interval_minutes
    minutes = np.arange(0, 1440, step)
    shape = _daily_shape(spec, minutes)
    scale = spec.load_factor * _phone_capacity_minutes(spec, agents) / (shape.sum() * step)
    rows = []
    for q, weight in zip(spec.queues, _queue_weights(len(spec.queues)), strict=True):
        expected = shape * scale * weight * _surge_factors(spec, minutes, q)
        noisy = expected * rng.normal(1.0, 0.04, size=expected.shape)
        required = np.where(expected > 0, np.maximum(np.rint(noisy), 0), 0).astype(int)
        for day in range(spec.days):
            date = (spec.start + dt.timedelta(days=day)).isoformat()
            for k, minute in enumerate(minutes):
                if expected[day, k] > 0:
                    rows.append(
                        {
                            "date": date,
                            "start": format_hhmm(int(minute)),
                            "queue": q,
                            "agents": int(required[day, k]),
                        }
                    )
    return rows


def _availability(
    spec: GeneratorSpec, agents: list[dict[str, object]], rng: np.random.Generator
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for agent in agents:
        if rng.random() < 0.05:
            first = int(rng.integers(0, spec.days))
            for day in range(first, min(spec.days, first + int(rng.integers(1, 4)))):
                rows.append(_absence(spec, agent["id"], day, "", "", "leave"))
        elif rng.random() < 0.05:
            day = int(rng.integers(0, spec.days))
            rows.append(_absence(spec, agent["id"], day, "00:00", "13:00", "unavailable"))
    return rows


def _absence(
    spec: GeneratorSpec, agent: object, day: int, start: str, end: str, reason: str
) -> dict[str, object]:
    date = (spec.start + dt.timedelta(days=day)).isoformat()
    return {"agent": agent, "date": date, "start": start, "end": end, "reason": reason}


def _requests(
    spec: GeneratorSpec, agents: list[dict[str, object]], rng: np.random.Generator
) -> list[dict[str, object]]:
    rows = []
    for agent in agents:
        if rng.random() < spec.request_share:
            day = int(rng.integers(0, spec.days))
            rows.append(
                {
                    "agent": agent["id"],
                    "date": (spec.start + dt.timedelta(days=day)).isoformat(),
                    "kind": "day_off",
                    "points": int(rng.integers(1, 21)),
                    "granted": "yes" if rng.random() < 0.15 else "no",
                }
            )
    return rows


def _offers(
    spec: GeneratorSpec, agents: list[dict[str, object]], rng: np.random.Generator
) -> list[dict[str, object]]:
    """Overtime subscriptions for the last four open hours of a day early in the horizon."""
    rows = []
    for agent in agents:
        if rng.random() < spec.offer_share:
            day = int(rng.integers(0, min(spec.days, 5)))
            window = _day_window(spec, day)
            if window is None:
                continue
            rows.append(
                {
                    "agent": agent["id"],
                    "date": (spec.start + dt.timedelta(days=day)).isoformat(),
                    "start": format_hhmm(max(window[0], window[1] - 240)),
                    "end": format_hhmm(window[1]),
                    "max_minutes": int(rng.choice([60, 120])),
                }
            )
    return rows
