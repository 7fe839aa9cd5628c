"""The tables of the scheduler's database: points postings and published roster versions.

Plain SQLAlchemy Core with portable types only (no SQLite-only SQL), so the same schema runs
on the default SQLite file and on a PostgreSQL server. Times are stored as naive UTC
date-times: SQLite keeps no time zone, and one convention on both engines keeps comparisons
exact. Text columns have no length, so an id or a reason that fits one engine fits both.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

postings = Table(
    "points_postings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agent", Text, nullable=False),
    Column("week_start", Date, nullable=False, doc="7-day block the points belong to."),
    Column("kind", String(16), nullable=False, doc="earned, spent or adjusted."),
    Column("points", Integer, nullable=False, doc="Signed: spent postings are negative."),
    Column("reason", Text, nullable=False),
    Column("run_id", Text, nullable=False, doc="The roster run or person that posted."),
    Column("version_id", Integer, ForeignKey("roster_versions.id"), nullable=True),
    Column("created_at", DateTime, nullable=False),
    Index("ix_points_postings_agent_week", "agent", "week_start"),
)

versions = Table(
    "roster_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("instance", Text, nullable=False),
    Column("horizon_start", Date, nullable=False),
    Column("days", Integer, nullable=False),
    Column("version", Integer, nullable=False, doc="1, 2, ... per instance and horizon start."),
    Column("published_at", DateTime, nullable=False),
    Column("author", Text, nullable=False),
    Column("note", Text, nullable=False),
    Column("roster_json", Text, nullable=False),
    # Two publishers racing for the same number: the second insert fails, nothing is half-done.
    UniqueConstraint("instance", "horizon_start", "version", name="uq_roster_version"),
)

published_hours = Table(
    "published_hours",
    metadata,
    Column("version_id", Integer, ForeignKey("roster_versions.id"), primary_key=True),
    Column("agent", Text, primary_key=True),
    Column("work_date", Date, primary_key=True),
    Column("paid_minutes", Integer, nullable=False, doc="Shift minutes less unpaid breaks."),
    Column("overtime_minutes", Integer, nullable=False),
    Index("ix_published_hours_agent_date", "agent", "work_date"),
)
