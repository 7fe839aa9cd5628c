"""Writing the ledger: a week's postings replaced in one transaction, and adjustments.

Publishing a week again must never double its points: ``replace_week`` deletes the postings a
roster made for the horizon's weeks (earned and spent, for the instance's agents) and inserts
the new ones inside the caller's transaction. Adjustments are a person's and are never replaced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Connection, delete, insert

from scheduler.ledger.bids import check_bids
from scheduler.ledger.earning import postings_for
from scheduler.ledger.posting import LedgerEntry, Posting, PostingKind
from scheduler.ledger.queries import CHUNK
from scheduler.models.instance import Instance
from scheduler.models.roster import Roster
from scheduler.store import Database, postings
from scheduler.store.timestamps import from_stored, to_stored, utc_now

ROSTER_KINDS = (PostingKind.EARNED.value, PostingKind.SPENT.value)


def horizon_weeks(instance: Instance) -> list[dt.date]:
    """Start dates of the horizon's 7-day blocks: the weeks a roster posts to."""
    return [instance.horizon.date_of(7 * w) for w in range(instance.horizon.weeks)]


def replace_week(
    connection: Connection,
    instance: Instance,
    new: Sequence[Posting],
    run_id: str,
    now: dt.datetime,
    version_id: int | None = None,
) -> None:
    """Delete the horizon's roster postings of the instance's agents, insert ``new``."""
    agents = sorted(a.id for a in instance.agents)
    for first in range(0, len(agents), CHUNK):
        connection.execute(
            delete(postings).where(
                postings.c.kind.in_(ROSTER_KINDS),
                postings.c.week_start.in_(horizon_weeks(instance)),
                postings.c.agent.in_(agents[first : first + CHUNK]),
            )
        )
    if new:
        stamp = to_stored(now)
        rows = [
            {**p.model_dump(mode="python"), "run_id": run_id, "version_id": version_id}
            | {"kind": p.kind.value, "created_at": stamp}
            for p in new
        ]
        connection.execute(insert(postings), rows)


def post_week(
    db: Database,
    instance: Instance,
    roster: Roster,
    run_id: str,
    requests_file: Path | str = "requests.csv",
    now: dt.datetime | None = None,
) -> list[Posting]:
    """Check the bids, then replace the horizon's postings with ``roster``'s, atomically."""
    new = postings_for(instance, roster)
    with db.transaction() as connection:
        check_bids(connection, instance, requests_file)
        replace_week(connection, instance, new, run_id, now or utc_now())
    return new


def adjust(
    db: Database,
    agent: str,
    points: int,
    reason: str,
    effective: dt.date,
    by: str,
    now: dt.datetime | None = None,
) -> LedgerEntry:
    """Post a correction (positive or negative) that counts from ``effective`` on."""
    if not reason.strip():
        raise ValueError("an adjustment needs a reason")
    if points == 0:
        raise ValueError("an adjustment of 0 points changes nothing")
    posting = Posting(
        agent=agent,
        week_start=effective,
        kind=PostingKind.ADJUSTED,
        points=points,
        reason=reason.strip(),
    )
    stamp = to_stored(now or utc_now())
    row = posting.model_dump(mode="python") | {"kind": posting.kind.value}
    row |= {"run_id": by, "version_id": None, "created_at": stamp}
    with db.transaction() as connection:
        result = connection.execute(insert(postings), row)
        key = result.inserted_primary_key[0]
    return LedgerEntry(**posting.model_dump(), id=key, run_id=by, created_at=from_stored(stamp))
