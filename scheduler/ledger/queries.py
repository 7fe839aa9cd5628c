"""Reading the ledger: balances and an agent's history.

A balance is the plain sum of an agent's postings; ``before`` counts only postings of weeks
that start earlier, which is what an agent may bid with when a week is planned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import Connection, func, select

from scheduler.ledger.posting import LedgerEntry, PostingKind
from scheduler.store import Database, postings
from scheduler.store.timestamps import from_stored

CHUNK = 500  # agents per IN (...) list: far below every engine's bound-parameter limit


def balances_in(
    connection: Connection, agents: Iterable[str] | None = None, before: dt.date | None = None
) -> dict[str, int]:
    """Balance per agent (agents without postings are absent unless listed: then 0)."""
    wanted = None if agents is None else sorted(set(agents))
    query = select(postings.c.agent, func.sum(postings.c.points)).group_by(postings.c.agent)
    if before is not None:
        query = query.where(postings.c.week_start < before)
    if wanted is None:
        return {agent: int(total) for agent, total in connection.execute(query)}
    result = dict.fromkeys(wanted, 0)
    for first in range(0, len(wanted), CHUNK):
        chunk = query.where(postings.c.agent.in_(wanted[first : first + CHUNK]))
        result.update({agent: int(total) for agent, total in connection.execute(chunk)})
    return result


def balance(db: Database, agent: str, as_of: dt.date | None = None) -> int:
    """Points of ``agent``: all postings, or those of weeks starting before ``as_of``."""
    with db.reading() as connection:
        return balances_in(connection, [agent], as_of)[agent]


def balances(
    db: Database, agents: Iterable[str] | None = None, as_of: dt.date | None = None
) -> dict[str, int]:
    """Balances of ``agents`` (default: every agent with a posting), sorted by agent."""
    with db.reading() as connection:
        return dict(sorted(balances_in(connection, agents, as_of).items()))


def history(db: Database, agent: str) -> list[LedgerEntry]:
    """Every posting of ``agent``, oldest week first, in the order they were posted."""
    query = (
        select(postings)
        .where(postings.c.agent == agent)
        .order_by(postings.c.week_start, postings.c.id)
    )
    with db.reading() as connection:
        return [_entry(row._mapping) for row in connection.execute(query)]


def _entry(row: dict) -> LedgerEntry:
    return LedgerEntry(
        id=row["id"],
        agent=row["agent"],
        week_start=row["week_start"],
        kind=PostingKind(row["kind"]),
        points=row["points"],
        reason=row["reason"],
        run_id=row["run_id"],
        version_id=row["version_id"],
        created_at=from_stored(row["created_at"]),
    )
