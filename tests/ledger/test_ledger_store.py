"""The database layer: portable schema, clear errors for bad URLs, tables created once."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_mock_engine, inspect

from scheduler.store import StoreError, default_url, metadata, open_database


def test_the_schema_compiles_for_postgresql() -> None:
    statements: list[str] = []
    engine = create_mock_engine(
        "postgresql+psycopg2://",
        lambda sql, *args, **kwargs: statements.append(str(sql.compile(dialect=engine.dialect))),
    )
    metadata.create_all(engine, checkfirst=False)
    created = sorted(s.split()[2] for s in statements if s.strip().startswith("CREATE TABLE"))
    assert created == ["points_postings", "published_hours", "roster_versions"]
    assert not any("AUTOINCREMENT" in s for s in statements)  # SQLite-only keyword


def test_open_twice_keeps_the_tables(tmp_path: Path) -> None:
    url = default_url(tmp_path)
    assert url == f"sqlite:///{tmp_path.resolve() / 'scheduler.db'}"
    open_database(url).close()
    db = open_database(url)
    assert set(inspect(db.engine).get_table_names()) == set(metadata.tables)


@pytest.mark.parametrize("url", ["nosuchdb://x", "not a url"])
def test_unusable_urls_are_store_errors(url: str) -> None:
    with pytest.raises(StoreError, match="not a usable database URL"):
        open_database(url)
