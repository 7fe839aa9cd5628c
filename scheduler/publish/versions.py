"""Published roster versions: numbered per instance and horizon start, never changed once stored."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection, func, insert, select

from scheduler.models.roster import Roster
from scheduler.store import Database, versions
from scheduler.store.timestamps import from_stored, to_stored


class RosterVersion(BaseModel):
    """A frozen, published roster and who published it when."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: int
    instance: str
    horizon_start: dt.date
    days: int
    version: int = Field(ge=1)
    published_at: dt.datetime = Field(description="UTC.")
    author: str
    note: str = ""
    roster: Roster

    @property
    def label(self) -> str:
        """How postings name the version that caused them."""
        return f"{self.instance} {self.horizon_start.isoformat()} v{self.version}"


def next_number(connection: Connection, instance: str, horizon_start: dt.date) -> int:
    query = select(func.max(versions.c.version)).where(
        versions.c.instance == instance, versions.c.horizon_start == horizon_start
    )
    return int(connection.execute(query).scalar() or 0) + 1


def insert_version(connection: Connection, draft: RosterVersion) -> RosterVersion:
    """Store ``draft`` (its id is ignored) and return it with the id the database gave it."""
    row = draft.model_dump(exclude={"id", "roster"}) | {
        "published_at": to_stored(draft.published_at),
        "roster_json": draft.roster.model_dump_json(),
    }
    key = connection.execute(insert(versions), row).inserted_primary_key[0]
    return draft.model_copy(update={"id": key})


def latest_version(
    connection: Connection, instance: str, horizon_start: dt.date
) -> RosterVersion | None:
    """The highest-numbered version of ``instance`` for the horizon starting ``horizon_start``."""
    query = (
        select(versions)
        .where(versions.c.instance == instance, versions.c.horizon_start == horizon_start)
        .order_by(versions.c.version.desc())
        .limit(1)
    )
    row = connection.execute(query).first()
    return None if row is None else _version(row._mapping)


def list_versions(db: Database, instance: str | None = None) -> list[RosterVersion]:
    """Every version (of ``instance``), by horizon start and number."""
    query = select(versions).order_by(
        versions.c.instance, versions.c.horizon_start, versions.c.version
    )
    if instance is not None:
        query = query.where(versions.c.instance == instance)
    with db.reading() as connection:
        return [_version(row._mapping) for row in connection.execute(query)]


def _version(row: dict) -> RosterVersion:
    return RosterVersion(
        id=row["id"],
        instance=row["instance"],
        horizon_start=row["horizon_start"],
        days=row["days"],
        version=row["version"],
        published_at=from_stored(row["published_at"]),
        author=row["author"],
        note=row["note"],
        roster=Roster.model_validate_json(row["roster_json"]),
    )
