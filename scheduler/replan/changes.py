"""The planner's CHANGES file: what happened since the roster was published.

A small TOML file the planner writes by hand, so every mistake is reported with the file, the
table (``absence[2]``) and the field, and nothing is written. Times are local date-times
(``2026-12-01T10:00`` as a string or a TOML local date-time).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from scheduler.io.errors import InputError
from scheduler.models.instance import AbsenceReason, Instance


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AbsenceChange(_Frozen):
    """An agent who cannot work from ``start`` to ``end`` (a sickness call, say)."""

    agent: str
    start: dt.datetime
    end: dt.datetime
    reason: AbsenceReason = AbsenceReason.SICK


class DemandChange(_Frozen):
    """Scale requirements (and the forecast's calls) of a queue, or every queue (``*``)."""

    queue: str
    start: dt.datetime
    end: dt.datetime
    factor: float = Field(gt=0)


class AvailableChange(_Frozen):
    """An agent newly available from ``start`` to ``end``: their absences there are lifted."""

    agent: str
    start: dt.datetime
    end: dt.datetime


class ChangeWeights(_Frozen):
    """Prices of changing the published roster: per changed agent-day (dearer the less notice
    the agent gets, as publishing prices it), per moved minute."""

    changed_agent_day: int = Field(300, ge=0)
    moved_minute: int = Field(1, ge=0)
    late_hour: int = Field(
        2, ge=0, description="Per hour of notice short of notice_hours, on top of the day price."
    )
    notice_hours: int = Field(168, gt=0, description="Changes with less notice pay late_hour.")


class Changes(_Frozen):
    absences: tuple[AbsenceChange, ...] = ()
    demand: tuple[DemandChange, ...] = ()
    available: tuple[AvailableChange, ...] = ()
    revised_requirements: Path | None = Field(None, description="requirements.csv-format file.")
    revised_forecast: Path | None = Field(None, description="forecast.csv-format file.")
    reachable_reserves: tuple[str, ...] | None = Field(None, description="None: every reserve.")
    unreachable_reserves: tuple[str, ...] = ()
    weights: ChangeWeights = ChangeWeights()
    regular_notice_minutes: int = Field(
        60, ge=0, description="Least notice before a regular agent's new or moved shift starts."
    )

    @property
    def empty(self) -> bool:
        """Nothing happened that could call for a different roster."""
        return not (
            self.absences
            or self.demand
            or self.available
            or self.revised_requirements
            or self.revised_forecast
        )


TABLES = {"absence", "demand", "available", "revised", "reserves", "weights", "notice"}


def read_changes(path: Path | str, instance: Instance) -> Changes:
    """Read and check a CHANGES file against ``instance``; raises ``InputError``."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise InputError(path, "is missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, f"is not valid TOML: {exc}") from None
    for key in data:
        if key not in TABLES:
            raise InputError(path, f"unknown table (expected one of {sorted(TABLES)})", field=key)
    reader = _Reader(path, instance)
    return Changes(
        absences=tuple(reader.absence(i, t) for i, t in enumerate(_tables(path, data, "absence"))),
        demand=tuple(reader.demand(i, t) for i, t in enumerate(_tables(path, data, "demand"))),
        available=tuple(
            reader.available(i, t) for i, t in enumerate(_tables(path, data, "available"))
        ),
        **reader.revised(data.get("revised", {})),
        **reader.reserves(data.get("reserves", {})),
        weights=reader.weights(data.get("weights", {})),
        regular_notice_minutes=reader.notice(data.get("notice", {})),
    )


def _tables(path: Path, data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    tables = data.get(name, [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise InputError(path, f"write it as [[{name}]] tables", field=name)
    return tables


class _Reader:
    """Field-by-field checks that know where they are in the file."""

    def __init__(self, path: Path, instance: Instance) -> None:
        self.path = path
        self.instance = instance

    def error(self, field: str, message: str) -> InputError:
        return InputError(self.path, message, field=field)

    def keys(self, where: str, table: dict[str, Any], required: set[str], known: set[str]):
        for key in table:
            if key not in known:
                raise self.error(f"{where}.{key}", f"unknown key (expected {sorted(known)})")
        for key in sorted(required - set(table)):
            raise self.error(f"{where}.{key}", "missing")

    def agent(self, where: str, value: Any) -> str:
        if not isinstance(value, str) or value not in self.instance.agent_by_id:
            raise self.error(where, f"unknown agent {value!r}")
        return value

    def moment(self, where: str, value: Any) -> dt.datetime:
        if isinstance(value, dt.datetime):
            moment = value
        elif isinstance(value, str):
            try:
                moment = dt.datetime.fromisoformat(value)
            except ValueError:
                raise self.error(
                    where, f"{value!r} is not a date-time (YYYY-MM-DDTHH:MM)"
                ) from None
        else:
            raise self.error(where, f"{value!r} is not a date-time (YYYY-MM-DDTHH:MM)")
        if moment.tzinfo is not None:
            raise self.error(where, "write local time, without an offset")
        return moment

    def window(self, where: str, table: dict[str, Any]) -> tuple[dt.datetime, dt.datetime]:
        start = self.moment(f"{where}.start", table["start"])
        end = self.moment(f"{where}.end", table["end"])
        if end <= start:
            raise self.error(f"{where}.end", "ends before it starts")
        return start, end

    def absence(self, i: int, table: dict[str, Any]) -> AbsenceChange:
        where = f"absence[{i}]"
        self.keys(where, table, {"agent", "start", "end"}, {"agent", "start", "end", "reason"})
        reason = table.get("reason", "sick")
        if reason not in {r.value for r in AbsenceReason}:
            choices = ", ".join(r.value for r in AbsenceReason)
            raise self.error(f"{where}.reason", f"{reason!r} is not one of {choices}")
        start, end = self.window(where, table)
        agent = self.agent(f"{where}.agent", table["agent"])
        return AbsenceChange(agent=agent, start=start, end=end, reason=reason)

    def demand(self, i: int, table: dict[str, Any]) -> DemandChange:
        where = f"demand[{i}]"
        self.keys(
            where, table, {"queue", "start", "end", "factor"}, {"queue", "start", "end", "factor"}
        )
        queue = table["queue"]
        if queue != "*" and queue not in self.instance.queue_ids:
            raise self.error(f"{where}.queue", f"unknown queue {queue!r} (or '*' for every queue)")
        factor = table["factor"]
        if isinstance(factor, bool) or not isinstance(factor, int | float) or factor <= 0:
            raise self.error(f"{where}.factor", f"{factor!r} is not a positive number")
        start, end = self.window(where, table)
        return DemandChange(queue=queue, start=start, end=end, factor=float(factor))

    def available(self, i: int, table: dict[str, Any]) -> AvailableChange:
        where = f"available[{i}]"
        self.keys(where, table, {"agent", "start", "end"}, {"agent", "start", "end"})
        start, end = self.window(where, table)
        return AvailableChange(
            agent=self.agent(f"{where}.agent", table["agent"]), start=start, end=end
        )

    def revised(self, table: dict[str, Any]) -> dict[str, Path | None]:
        self.keys("revised", table, set(), {"requirements", "forecast"})
        if len(table) > 1:
            raise self.error("revised", "give either requirements or forecast, not both")
        found: dict[str, Path | None] = {}
        for key in ("requirements", "forecast"):
            if key in table:
                value = table[key]
                if not isinstance(value, str):
                    raise self.error(f"revised.{key}", "must be a file name")
                file = self.path.parent / value
                if not file.is_file():
                    raise self.error(f"revised.{key}", f"file {file} does not exist")
                found[f"revised_{key}"] = file
        return found

    def reserves(self, table: dict[str, Any]) -> dict[str, Any]:
        self.keys("reserves", table, set(), {"reachable", "unreachable"})
        found: dict[str, Any] = {}
        for key in ("reachable", "unreachable"):
            if key not in table:
                continue
            ids = table[key]
            if not isinstance(ids, list):
                raise self.error(f"reserves.{key}", "must be a list of agent ids")
            for n, agent_id in enumerate(ids):
                agent = (
                    self.instance.agent_by_id.get(agent_id) if isinstance(agent_id, str) else None
                )
                if agent is None or agent.reserve_tier == 0:
                    raise self.error(f"reserves.{key}[{n}]", f"{agent_id!r} is not a reserve")
            found[f"{key}_reserves"] = tuple(ids)
        return found

    def weights(self, table: dict[str, Any]) -> ChangeWeights:
        known = set(ChangeWeights.model_fields)
        self.keys("weights", table, set(), known)
        for key, value in table.items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise self.error(f"weights.{key}", f"{value!r} is not a whole number >= 0")
        return ChangeWeights(**table)

    def notice(self, table: dict[str, Any]) -> int:
        self.keys("notice", table, set(), {"regular_minutes"})
        value = table.get("regular_minutes", 60)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.error("notice.regular_minutes", f"{value!r} is not a whole number >= 0")
        return value
