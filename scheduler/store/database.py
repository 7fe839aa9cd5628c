"""One database handle for the ledger and the published versions, and its one transaction.

Every change to the database goes through ``Database.transaction()``: it commits when the block
ends and rolls back when anything inside raises, so a crash half-way through a publication
leaves the database exactly as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from scheduler.store.schema import metadata

DB_FILE = "scheduler.db"


class StoreError(RuntimeError):
    """The database cannot be opened or written (bad URL, missing driver, server down)."""


def default_url(instance_folder: Path | str) -> str:
    """``sqlite:///<instance folder>/scheduler.db``: the ledger travels with the instance."""
    return f"sqlite:///{Path(instance_folder).resolve() / DB_FILE}"


class Database:
    """An engine plus the schema; create with ``open_database``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A connection inside BEGIN ... COMMIT; any exception rolls everything back."""
        try:
            with self.engine.begin() as connection:
                yield connection
        except SQLAlchemyError as exc:
            raise StoreError(f"database {self.url}: {exc.__class__.__name__}: {exc}") from exc

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for queries only (it rolls back at the end, changing nothing)."""
        try:
            with self.engine.connect() as connection:
                yield connection
        except SQLAlchemyError as exc:
            raise StoreError(f"database {self.url}: {exc.__class__.__name__}: {exc}") from exc

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()


def open_database(url: str) -> Database:
    """Connect to ``url`` (any SQLAlchemy URL) and create missing tables.

    A SQLite file's folder must exist: a typo in a path should fail, not scatter databases.
    """
    try:
        engine = create_engine(url)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise StoreError(f"{url!r} is not a usable database URL ({exc})") from None
    file = engine.url.database if engine.url.get_backend_name() == "sqlite" else None
    if file and file != ":memory:" and not Path(file).parent.is_dir():
        raise StoreError(f"database {url}: folder {Path(file).parent} does not exist")
    database = Database(engine)
    with database.transaction() as connection:
        metadata.create_all(connection)
    return database
