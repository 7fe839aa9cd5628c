"""Load an instance folder (``instance.toml`` + CSV files) into a frozen ``Instance``.

Every check that can point at a cell is made here, while we still know the file and the row;
``Instance`` itself then only re-checks cross-references. The format is documented in
``instances/README.md``.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from scheduler.io.errors import InputError
from scheduler.io.preset_config import check_break_law, read_preset
from scheduler.io.table import Row, read_rows
from scheduler.io.worked_history import read_worked_history
from scheduler.models.clock import DAY_MINUTES, format_hhmm, parse_hhmm
from scheduler.models.instance import (
    SOFT_RULES,
    Absence,
    Agent,
    BreakRule,
    BreakSpec,
    CostWeights,
    DayOffRequest,
    Demand,
    Horizon,
    Instance,
    LabourRules,
    OvertimeOffer,
    PointsPolicy,
    PublicHoliday,
    Queue,
    ShiftTemplate,
)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def load_instance(folder: Path | str) -> Instance:
    """Read and check an instance folder; raises ``InputError`` naming file, row and field."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "is not an instance folder")
    config_path = folder / "instance.toml"
    config = _read_toml(config_path)
    horizon = _horizon(config_path, config)
    templates = _templates(config_path, config)
    break_rules = _break_rules(config_path, config, templates)
    preset = read_preset(config_path, config)
    if preset is not None and "break_rules" not in config:
        break_rules = preset.break_rules  # the instance's own [[break_rules]] win
    queues = _queues(folder / "queues.csv")
    queue_ids = {q.id for q in queues}
    agents = _agents(folder / "agents.csv", queue_ids, {t.name for t in templates})
    agent_ids = {a.id for a in agents}
    history = _history(folder, config_path, config)
    demand = _demand(folder, horizon, queue_ids, history is not None)
    fields = dict(
        name=str(config.get("name", folder.name)),
        description=str(config.get("description", "")),
        horizon=horizon,
        opening_hours=_opening_hours(config_path, config),
        holiday_hours=_holiday_hours(config_path, config),
        queues=queues,
        agents=agents,
        shift_templates=templates,
        break_rules=break_rules,
        rules=_section(
            config_path,
            config,
            "rules",
            LabourRules if preset is None else preset.labour_rules_from,
            lambda d: _rule_fields(config_path, d),
        ),
        costs=_section(config_path, config, "costs", CostWeights, lambda d: d),
        points=_section(
            config_path, config, "points", PointsPolicy, lambda d: _points_fields(config_path, d)
        ),
        demand=demand,
        absences=_absences(folder / "availability.csv", horizon, agent_ids),
        holidays=_holidays(folder / "holidays.csv"),
        requests=_requests(folder / "requests.csv", horizon, agent_ids),
        overtime_offers=_offers(
            folder / "subscriptions.csv",
            horizon,
            agent_ids,
            _open_on(config_path, config, _holidays(folder / "holidays.csv")),
        ),
        worked_history=read_worked_history(folder / "history_hours.csv", horizon, agent_ids),
        preset=preset.name if preset is not None else "",
        soft_rules=_soft(config_path, config),
        history_file=str(history) if history else None,
        history_default_aht=config.get("demand", {}).get("default_aht_seconds"),
    )
    try:
        instance = Instance(**fields)
    except ValidationError as exc:
        raise InputError(folder, _first_message(exc)) from None
    check_break_law(config_path, instance)
    return instance


# -- instance.toml -----------------------------------------------------------------------------


def _soft(path: Path, config: dict[str, Any]) -> dict[str, int]:
    """``[soft]``: rule = price per unit (a whole number >= 0)."""
    table = config.get("soft", {})
    if not isinstance(table, dict):
        raise InputError(path, "[soft] must be a table of rule = price", field="soft")
    for rule, price in table.items():
        if rule not in SOFT_RULES:
            known = ", ".join(sorted(SOFT_RULES))
            raise InputError(
                path, f"only these rules can be soft yet: {known}", field=f"soft.{rule}"
            )
        if isinstance(price, bool) or not isinstance(price, int) or price < 0:
            raise InputError(path, f"{price!r} is not a whole number >= 0", field=f"soft.{rule}")
    return dict(table)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise InputError(path, "is missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, f"is not valid TOML ({exc})") from None


def _first_message(exc: ValidationError) -> str:
    error = exc.errors()[0]
    return str(error["msg"]).removeprefix("Value error, ")


def _build(path: Path, field: str, model: type, values: dict[str, Any]) -> Any:
    """Construct a model, reporting its first problem against ``field`` in ``path``."""
    try:
        return model(**values)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        full = f"{field}.{where}" if where else field
        raise InputError(path, _first_message(exc), field=full) from None
    except ValueError as exc:
        raise InputError(path, str(exc), field=field) from None


def _hours(path: Path, field: str, value: Any) -> int:
    """Decimal hours from TOML as whole minutes; a quoted number is the planner's typo."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(path, f"{value!r} is not a number of hours", field=field)
    return round(value * 60)


def _clock(path: Path, field: str, value: Any) -> int:
    try:
        return parse_hhmm(str(value))
    except ValueError as exc:
        raise InputError(path, str(exc), field=field) from None


def _horizon(path: Path, config: dict[str, Any]) -> Horizon:
    section = dict(config.get("horizon", {}))
    if "start" not in section:
        raise InputError(path, "is required", field="horizon.start")
    start = section["start"]
    if isinstance(start, str):
        try:
            section["start"] = dt.date.fromisoformat(start)
        except ValueError:
            raise InputError(path, f"{start!r} is not a date", field="horizon.start") from None
    return _build(path, "horizon", Horizon, section)


def _parse_window(path: Path, field: str, text: str) -> tuple[int, int] | None:
    if text.strip().lower() == "closed":
        return None
    parts = text.split("-")
    if len(parts) != 2:
        raise InputError(path, f"{text!r} is not 'HH:MM-HH:MM' or 'closed'", field=field)
    first, last = (_clock(path, field, p) for p in parts)
    if last <= first:
        raise InputError(path, f"{text!r} closes before it opens", field=field)
    return first, last


def _opening_hours(path: Path, config: dict[str, Any]) -> tuple[tuple[int, int] | None, ...]:
    section = config.get("opening_hours", {})
    default = section.get("default", "00:00-24:00")
    return tuple(
        _parse_window(path, f"opening_hours.{day}", str(section.get(day, default)))
        for day in WEEKDAYS
    )


def _holiday_hours(path: Path, config: dict[str, Any]) -> str:
    value = str(config.get("opening_hours", {}).get("holidays", "as_weekday"))
    if value not in ("as_weekday", "closed"):
        _parse_window(path, "opening_hours.holidays", value)
    return value


def _templates(path: Path, config: dict[str, Any]) -> tuple[ShiftTemplate, ...]:
    raw = config.get("shift_templates", [])
    if not raw:
        raise InputError(
            path, "at least one [[shift_templates]] is required", field="shift_templates"
        )
    templates = []
    for i, item in enumerate(raw):
        field = f"shift_templates[{i}]"
        values = {
            "name": item.get("name", f"T{i + 1}"),
            "start_earliest_minute": _clock(
                path, f"{field}.start_earliest", item.get("start_earliest", "")
            ),
            "start_latest_minute": _clock(
                path, f"{field}.start_latest", item.get("start_latest", "")
            ),
            "start_step_minutes": item.get("start_step_minutes", 30),
            "lengths_minutes": _lengths(path, f"{field}.lengths_hours", item.get("lengths_hours")),
            "weekdays": tuple(
                _weekday(path, f"{field}.weekdays", d) for d in item.get("weekdays", WEEKDAYS)
            ),
        }
        templates.append(_build(path, field, ShiftTemplate, values))
    names = [t.name for t in templates]
    if len(set(names)) != len(names):
        raise InputError(path, "template names must be unique", field="shift_templates")
    return tuple(templates)


def _lengths(path: Path, field: str, value: Any) -> tuple[int, ...]:
    if not isinstance(value, list):
        raise InputError(path, "must be a list of hours, e.g. [8, 9]", field=field)
    return tuple(_hours(path, field, h) for h in value)


def _weekday(path: Path, field: str, value: Any) -> int:
    key = str(value).strip().lower()[:3]
    if key not in WEEKDAYS:
        raise InputError(path, f"{value!r} is not a weekday", field=field)
    return WEEKDAYS.index(key)


def _break_rules(
    path: Path, config: dict[str, Any], templates: tuple[ShiftTemplate, ...]
) -> tuple[BreakRule, ...]:
    rules = []
    for i, item in enumerate(config.get("break_rules", [])):
        field = f"break_rules[{i}]"
        breaks = tuple(
            _build(path, f"{field}.breaks[{j}]", BreakSpec, dict(b))
            for j, b in enumerate(item.get("breaks", []))
        )
        values = {
            "min_shift_minutes": _hours(
                path, f"{field}.min_shift_hours", item.get("min_shift_hours", 0)
            ),
            "max_shift_minutes": _hours(
                path, f"{field}.max_shift_hours", item.get("max_shift_hours", 24)
            ),
            "min_gap_minutes": item.get("min_gap_minutes", 0),
            "breaks": breaks,
        }
        rule = _build(path, field, BreakRule, values)
        _check_break_windows(path, field, rule, templates)
        rules.append(rule)
    return tuple(rules)


def _check_break_windows(
    path: Path, field: str, rule: BreakRule, templates: tuple[ShiftTemplate, ...]
) -> None:
    """Every break must fit inside every shift length the rule applies to."""
    lengths = sorted({n for t in templates for n in t.lengths_minutes if rule.applies_to(n)})
    for length in lengths:
        earliest_free = 0
        for j, spec in enumerate(rule.breaks):
            first, last = spec.window(length)
            first = max(first, earliest_free)
            if last < first:
                raise InputError(
                    path,
                    f"break window lies outside a {length / 60:g} h shift "
                    f"(earliest start {first} min, latest {last} min after shift start)",
                    field=f"{field}.breaks[{j}]",
                )
            earliest_free = first + spec.minutes + rule.min_gap_minutes


def _rule_fields(path: Path, section: dict[str, Any]) -> dict[str, Any]:
    """Translate the planner's hours and clock times into the model's minutes."""
    values: dict[str, Any] = {}
    hours = {
        "min_rest_hours": "min_rest_minutes",
        "max_weekly_hours": "max_weekly_minutes",
        "max_weekly_overtime_hours": "max_weekly_overtime_minutes",
        "min_weekly_rest_hours": "min_weekly_rest_minutes",
        "average_weekly_hours": "average_weekly_minutes",
        "max_daily_work_hours": "max_daily_work_minutes",
        "max_work_without_break_hours": "max_work_without_break_minutes",
    }
    for key, value in section.items():
        if key in hours:
            values[hours[key]] = _hours(path, f"rules.{key}", value)
        elif key == "late_shift_end":
            values["late_shift_end_minute"] = _clock(path, "rules.late_shift_end", value)
        else:
            values[key] = value
    return values


def _points_fields(path: Path, section: dict[str, Any]) -> dict[str, Any]:
    """``[points]`` keys are the model's, except the late-shift clock time."""
    if "late_shift_end" in section:
        value = section.pop("late_shift_end")
        section["late_shift_end_minute"] = _clock(path, "points.late_shift_end", value)
    return section


def _section(path: Path, config: dict[str, Any], name: str, model: type, translate: Any) -> Any:
    try:
        values = translate(dict(config.get(name, {})))
    except InputError:
        raise  # already names its field, e.g. rules.late_shift_end
    except ValueError as exc:
        raise InputError(path, str(exc), field=name) from None
    return _build(path, name, model, values)


# -- CSV files -----------------------------------------------------------------------------------


def _row_model(row: Row, model: type, values: dict[str, Any], columns: dict[str, str]) -> Any:
    """Construct a model from a row; map the model's field at fault back to its column."""
    try:
        return model(**values)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else None
        raise row.error(columns.get(field or "", field), _first_message(exc)) from None


def _queues(path: Path) -> tuple[Queue, ...]:
    queues: list[Queue] = []
    for row in read_rows(path, ("id",)):
        if any(q.id == row.text("id") for q in queues):
            raise row.error("id", f"queue {row.text('id')!r} is listed twice")
        values = {
            "id": row.text("id"),
            "name": row.text("name", ""),
            "service_level": row.number("service_level", 0.8),
            "service_seconds": row.number("service_seconds", 20),
            "asa_seconds": row.number("asa_seconds", 0) or None,
            "max_occupancy": row.number("max_occupancy", 0.9),
            "patience_seconds": row.number("patience_seconds", 0) or None,
            "shrinkage": row.number("shrinkage", 0.0),
        }
        queues.append(_row_model(row, Queue, values, {}))
    if not queues:
        raise InputError(path, "lists no queue")
    return tuple(queues)


AGENT_COLUMNS = {
    "min_weekly_minutes": "min_weekly_hours",
    "max_weekly_minutes": "max_weekly_hours",
    "earliest_start_minute": "earliest_start",
    "latest_end_minute": "latest_end",
    "prior_shift_end_minute": "prior_shift_end",
}


def _agents(path: Path, queue_ids: set[str], template_names: set[str]) -> tuple[Agent, ...]:
    agents = []
    seen: set[str] = set()
    for row in read_rows(path, ("id", "queues")):
        agent = _agent(row)
        if agent.id in seen:
            raise row.error("id", f"agent {agent.id!r} is listed twice")
        seen.add(agent.id)
        for q in agent.queues:
            if q not in queue_ids:
                raise row.error("queues", f"unknown queue {q!r}")
        for t in agent.templates:
            if t not in template_names:
                raise row.error("templates", f"unknown shift template {t!r}")
        agents.append(agent)
    return tuple(agents)


def _agent(row: Row) -> Agent:
    values = {
        "id": row.text("id"),
        "name": row.text("name", ""),
        "queues": row.names("queues"),
        "site": row.text("site", ""),
        "role": row.text("role", "agent"),
        "reserve_tier": row.integer("reserve_tier", 0),
        "min_weekly_minutes": round(row.number("min_weekly_hours", 0) * 60),
        "max_weekly_minutes": round(row.number("max_weekly_hours", 40) * 60),
        "max_days_per_week": row.integer("max_days_per_week", 5),
        "earliest_start_minute": row.clock("earliest_start", 0),
        "latest_end_minute": row.clock("latest_end", DAY_MINUTES),
        "templates": row.names("templates"),
        "seniority": row.integer("seniority", 0),
        "prior_consecutive_days": row.integer("prior_consecutive_days", 0),
        "prior_shift_end_minute": _prior_end(row),
    }
    if not values["queues"]:
        raise row.error("queues", "is empty")
    return _row_model(row, Agent, values, AGENT_COLUMNS)


def _prior_end(row: Row) -> int | None:
    """``prior_shift_end`` is a clock time on the day before the horizon (e.g. ``22:00``)."""
    if not row.has("prior_shift_end"):
        return None
    return row.clock("prior_shift_end") - DAY_MINUTES


def _day(row: Row, field: str, horizon: Horizon) -> int | None:
    return horizon.day_of(row.date(field))


def _agent_ref(row: Row, agent_ids: set[str]) -> str:
    agent = row.text("agent")
    if agent not in agent_ids:
        raise row.error("agent", f"unknown agent {agent!r}")
    return agent


def _absences(path: Path, horizon: Horizon, agent_ids: set[str]) -> tuple[Absence, ...]:
    if not path.exists():
        return ()
    absences = []
    for row in read_rows(path, ("agent", "date")):
        agent = _agent_ref(row, agent_ids)
        day = _day(row, "date", horizon)
        values = {
            "agent": agent,
            "day": day,
            "start_minute": row.clock("start", 0),
            "end_minute": row.clock("end", DAY_MINUTES),
            "reason": row.text("reason", "unavailable"),
        }
        if values["end_minute"] <= values["start_minute"]:
            raise row.error("end", "ends before it starts")
        if day is not None:
            absences.append(_row_model(row, Absence, values, {"start_minute": "start"}))
    return tuple(absences)


def _holidays(path: Path) -> tuple[PublicHoliday, ...]:
    if not path.exists():
        return ()
    return tuple(
        PublicHoliday(date=row.date("date"), name=row.text("name", ""))
        for row in read_rows(path, ("date",))
    )


def _requests(path: Path, horizon: Horizon, agent_ids: set[str]) -> tuple[DayOffRequest, ...]:
    if not path.exists():
        return ()
    requests = []
    for row in read_rows(path, ("agent", "date")):
        agent = _agent_ref(row, agent_ids)
        day = _day(row, "date", horizon)
        kind = row.text("kind", "day_off")
        if kind != "day_off":
            raise row.error("kind", f"{kind!r} is not a known request kind (day_off)")
        points = row.integer("points", 0)
        if points < 0:
            raise row.error("points", "a bid cannot be negative")
        recent = row.integer("recent_granted", 0)
        if recent < 0:
            raise row.error("recent_granted", "cannot be negative")
        if day is not None:
            requests.append(
                DayOffRequest(
                    agent=agent,
                    day=day,
                    points=points,
                    granted=row.flag("granted"),
                    recent_granted=recent,
                    row=row.line,
                )
            )
    return tuple(requests)


OpenHours = Callable[[dt.date], tuple[int, int] | None]


def _open_on(path: Path, config: dict[str, Any], holidays: tuple[PublicHoliday, ...]) -> OpenHours:
    """Opening hours of any date, holidays included, also for dates outside the horizon."""
    weekly = _opening_hours(path, config)
    special = _holiday_hours(path, config)
    holiday_dates = {h.date for h in holidays}

    def hours(date: dt.date) -> tuple[int, int] | None:
        if date in holiday_dates and special != "as_weekday":
            if special == "closed":
                return None
            return _parse_window(path, "opening_hours.holidays", special)
        return weekly[date.weekday()]

    return hours


def _offer_window(row: Row, start: int, end: int, open_hours: OpenHours) -> None:
    """An overtime window lies inside the centre's opening hours of its date."""
    hours = open_hours(row.date("date"))
    if hours is None:
        raise row.error("date", "the centre is closed on this day: no overtime can be offered")
    window = f"{format_hhmm(hours[0])}-{format_hhmm(hours[1])}"
    if start < hours[0]:
        raise row.error("start", f"starts before the centre opens (open {window})")
    if end > hours[1]:
        raise row.error("end", f"ends after the centre closes (open {window})")


def _offers(
    path: Path, horizon: Horizon, agent_ids: set[str], open_hours: OpenHours
) -> tuple[OvertimeOffer, ...]:
    if not path.exists():
        return ()
    offers = []
    for row in read_rows(path, ("agent", "date", "start", "end", "max_minutes")):
        agent = _agent_ref(row, agent_ids)
        day = _day(row, "date", horizon)
        start, end = row.clock("start"), row.clock("end")
        if end <= start:
            raise row.error("end", "ends before it starts")
        max_minutes = row.integer("max_minutes")
        if max_minutes <= 0:
            raise row.error("max_minutes", "must be positive")
        if max_minutes > end - start:
            raise row.error(
                "max_minutes", f"{max_minutes} min do not fit in the {end - start} min window"
            )
        _offer_window(row, start, end, open_hours)
        if day is not None:
            offers.append(
                OvertimeOffer(
                    agent=agent,
                    day=day,
                    start_minute=start,
                    end_minute=end,
                    max_minutes=max_minutes,
                )
            )
    return tuple(offers)


def _interval_index(row: Row, horizon: Horizon) -> int | None:
    """Position of the row's interval in the horizon, or None when outside it."""
    day = _day(row, "date", horizon)
    minute = row.clock("start")
    if minute % horizon.interval_minutes:
        raise row.error("start", f"is not on the {horizon.interval_minutes}-minute interval grid")
    if minute >= DAY_MINUTES:
        raise row.error("start", "24:00 ends the day; an interval cannot start there")
    if day is None:
        return None
    return day * horizon.intervals_per_day + minute // horizon.interval_minutes


def _queue_ref(row: Row, queue_ids: set[str]) -> str:
    queue = row.text("queue")
    if queue not in queue_ids:
        raise row.error("queue", f"unknown queue {queue!r}")
    return queue


def _history(folder: Path, config_path: Path, config: dict[str, Any]) -> Path | None:
    """``[demand] history = "file"`` (or a ``history.csv`` in the folder): history to forecast."""
    name = config.get("demand", {}).get("history")
    if name is None:
        default = folder / "history.csv"
        return default.resolve() if default.exists() else None
    path = (folder / str(name)).resolve()
    if not path.exists():
        raise InputError(
            config_path, f"history file {name!r} does not exist", field="demand.history"
        )
    return path


def _demand(folder: Path, horizon: Horizon, queue_ids: set[str], has_history: bool) -> Demand:
    """Requirements first, then a forecast; with only a history, demand is forecast later."""
    n = horizon.days * horizon.intervals_per_day
    requirements, forecast = folder / "requirements.csv", folder / "forecast.csv"
    if requirements.exists():
        return _requirements(requirements, horizon, queue_ids, n)
    if forecast.exists():
        return _forecast(forecast, horizon, queue_ids, n)
    if has_history:
        return Demand(required={})
    raise InputError(folder, "has none of requirements.csv, forecast.csv or a call history")


def _requirements(path: Path, horizon: Horizon, queue_ids: set[str], n: int) -> Demand:
    required = {q: [0] * n for q in sorted(queue_ids)}
    weights: dict[str, list[int]] = {}
    for row in read_rows(path, ("date", "start", "queue", "agents")):
        queue = _queue_ref(row, queue_ids)
        index = _interval_index(row, horizon)
        agents = row.integer("agents")
        if agents < 0:
            raise row.error("agents", "cannot be negative")
        if index is None:
            continue
        required[queue][index] = agents
        if row.has("under_weight"):
            weight = row.integer("under_weight")
            if weight < 0:
                raise row.error("under_weight", "cannot be negative")
            weights.setdefault(queue, [-1] * n)[index] = weight
    return Demand(
        required={q: tuple(v) for q, v in required.items()},
        under_weight={q: tuple(v) for q, v in weights.items()},
    )


def _forecast(path: Path, horizon: Horizon, queue_ids: set[str], n: int) -> Demand:
    calls = {q: [0.0] * n for q in sorted(queue_ids)}
    aht = {q: [0.0] * n for q in sorted(queue_ids)}
    for row in read_rows(path, ("date", "start", "queue", "calls", "aht")):
        queue = _queue_ref(row, queue_ids)
        index = _interval_index(row, horizon)
        volume, handle = row.number("calls"), row.number("aht")
        if volume < 0:
            raise row.error("calls", "cannot be negative")
        if handle <= 0 and volume > 0:
            raise row.error("aht", "must be positive when calls arrive")
        if index is not None:
            calls[queue][index], aht[queue][index] = volume, handle
    return Demand(
        required={},
        calls={q: tuple(v) for q, v in calls.items()},
        aht_seconds={q: tuple(v) for q, v in aht.items()},
    )
