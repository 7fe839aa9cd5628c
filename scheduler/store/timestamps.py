"""Moments in the database are naive UTC: SQLite keeps no zone, so one rule serves both engines."""

from __future__ import annotations

import datetime as dt


def to_stored(moment: dt.datetime) -> dt.datetime:
    """An aware moment as naive UTC; a naive one is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def from_stored(moment: dt.datetime) -> dt.datetime:
    """A stored moment back as an aware UTC date-time."""
    return moment.replace(tzinfo=dt.UTC)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
