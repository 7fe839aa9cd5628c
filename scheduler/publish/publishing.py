"""Publish a roster: a new numbered version, its change list, and the week's points, atomically.

Everything happens in one transaction: the version row, the hours per agent-day, the points
postings (the week's earlier ones replaced) and, through ``before_commit``, the files a caller
writes. A refused bid, a broken rule or a crash anywhere leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Connection

from scheduler.check import validate
from scheduler.ledger import Posting, check_bids, postings_for, replace_week
from scheduler.models.instance import Instance
from scheduler.models.roster import Roster
from scheduler.publish.changes import Change, change_list
from scheduler.publish.hours import store_hours
from scheduler.publish.notice import NOTICE_HOURS
from scheduler.publish.versions import RosterVersion, insert_version, latest_version, next_number
from scheduler.store import Database


class PublishError(ValueError):
    """The roster cannot be published (it breaks a hard rule, or no author is given)."""


class Publication(BaseModel):
    """What one ``publish`` stored and found."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: RosterVersion
    previous_version: int | None
    changes: tuple[Change, ...]
    postings: tuple[Posting, ...]


def publish(
    db: Database,
    instance: Instance,
    roster: Roster,
    author: str,
    now: dt.datetime,
    *,
    note: str = "",
    requests_file: Path | str = "requests.csv",
    notice_hours: float = NOTICE_HOURS,
    late_change_weight: int = 1,
    before_commit: Callable[[Connection, Publication], None] | None = None,
) -> Publication:
    """Store ``roster`` as the next version of its horizon and post its points.

    ``now`` is the publication time (naive: local time of the instance's zone). Raises
    ``PublishError`` for a roster that breaks a hard rule and ``BidError`` for a bid above a
    balance; in both cases nothing is stored. ``before_commit(connection, publication)`` runs
    last inside the transaction (to write the run's files): if it raises, nothing is stored.
    """
    if not author.strip():
        raise PublishError("a published version needs an author")
    _require_feasible(instance, roster)
    moment = _aware(instance, now)
    postings = postings_for(instance, roster)
    with db.transaction() as connection:
        check_bids(connection, instance, requests_file)
        start = instance.horizon.start
        previous = latest_version(connection, instance.name, start)
        draft = RosterVersion(
            id=0,
            instance=instance.name,
            horizon_start=start,
            days=instance.horizon.days,
            version=next_number(connection, instance.name, start),
            published_at=moment.astimezone(dt.UTC),
            author=author.strip(),
            note=note,
            roster=roster,
        )
        version = insert_version(connection, draft)
        store_hours(connection, version.id, instance, roster)
        replace_week(connection, instance, postings, version.label, moment, version.id)
        changes = (
            change_list(instance, previous.roster, roster, moment, notice_hours, late_change_weight)
            if previous
            else []
        )
        publication = Publication(
            version=version,
            previous_version=previous.version if previous else None,
            changes=tuple(changes),
            postings=tuple(postings),
        )
        if before_commit is not None:
            before_commit(connection, publication)
    return publication


def _require_feasible(instance: Instance, roster: Roster) -> None:
    report = validate(instance, roster)
    if not report.feasible:
        first = "; ".join(f"{v.rule} {v.agent} {v.date}: {v.detail}" for v in report.violations[:3])
        raise PublishError(
            f"the roster breaks {len(report.violations)} hard rule(s), not published: {first}"
        )


def _aware(instance: Instance, now: dt.datetime) -> dt.datetime:
    return now if now.tzinfo else now.replace(tzinfo=ZoneInfo(instance.horizon.timezone))
