"""The scheduler's database (SQLAlchemy; SQLite next to the instance by default).

It holds the points ledger and the published roster versions, so a version and the points it
posts are written in one transaction.
"""

from scheduler.store.database import DB_FILE, Database, StoreError, default_url, open_database
from scheduler.store.schema import metadata, postings, published_hours, versions

__all__ = [
    "DB_FILE",
    "Database",
    "StoreError",
    "default_url",
    "metadata",
    "open_database",
    "postings",
    "published_hours",
    "versions",
]
