"""Reading a planner's CSV file row by row, turning every bad cell into an ``InputError``.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first record row 2.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from scheduler.io.errors import InputError
from scheduler.models.clock import parse_hhmm

T = TypeVar("T")


class Row:
    """One CSV record that knows where it came from, so errors can say so."""

    def __init__(self, path: Path, number: int, values: dict[str, str]) -> None:
        self.path = path
        self.line = number
        self.values = values

    def error(self, field: str | None, message: str) -> InputError:
        return InputError(self.path, message, row=self.line, field=field)

    def text(self, field: str, default: str | None = None) -> str:
        value = (self.values.get(field) or "").strip()
        if value:
            return value
        if default is not None:
            return default
        raise self.error(field, "is empty")

    def has(self, field: str) -> bool:
        return bool((self.values.get(field) or "").strip())

    def parse(self, field: str, convert: Callable[[str], T], what: str, default: T) -> T:
        if not self.has(field):
            return default
        raw = self.text(field)
        try:
            return convert(raw)
        except (ValueError, TypeError):
            raise self.error(field, f"{raw!r} is not {what}") from None

    def required(self, field: str, convert: Callable[[str], T], what: str) -> T:
        raw = self.text(field)
        try:
            return convert(raw)
        except (ValueError, TypeError):
            raise self.error(field, f"{raw!r} is not {what}") from None

    def integer(self, field: str, default: int | None = None) -> int:
        if default is None:
            return self.required(field, int, "a whole number")
        return self.parse(field, int, "a whole number", default)

    def number(self, field: str, default: float | None = None) -> float:
        if default is None:
            return self.required(field, float, "a number")
        return self.parse(field, float, "a number", default)

    def date(self, field: str) -> dt.date:
        return self.required(field, dt.date.fromisoformat, "a date (YYYY-MM-DD)")

    def clock(self, field: str, default: int | None = None) -> int:
        if default is None:
            return self.required(field, parse_hhmm, "a time of day (HH:MM)")
        return self.parse(field, parse_hhmm, "a time of day (HH:MM)", default)

    def flag(self, field: str, default: bool = False) -> bool:
        return self.parse(field, _parse_bool, "yes/no", default)

    def names(self, field: str) -> tuple[str, ...]:
        """A ``|``-separated list, e.g. ``sales|service``."""
        return tuple(p.strip() for p in self.text(field, "").split("|") if p.strip())


def _parse_bool(text: str) -> bool:
    lowered = text.lower()
    if lowered in ("1", "true", "yes", "y"):
        return True
    if lowered in ("0", "false", "no", "n"):
        return False
    raise ValueError(text)


def read_rows(path: Path, required: tuple[str, ...]) -> Iterator[Row]:
    """Yield the rows of ``path`` after checking the header has every required column."""
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror})") from None
    with handle:
        try:
            yield from _records(path, handle, required)
        except UnicodeDecodeError:
            raise InputError(path, "is not UTF-8 text (save it as 'CSV UTF-8')") from None


def _records(path: Path, handle: Iterable[str], required: tuple[str, ...]) -> Iterator[Row]:
    """Rows numbered as a spreadsheet shows them: blank lines count, unlike in DictReader."""
    reader = csv.reader(handle)
    header = [h.strip() for h in next(reader, [])]
    for column in required:
        if column not in header:
            raise InputError(path, "missing column", row=1, field=column)
    for number, cells in enumerate(reader, start=2):
        values = dict(zip(header, cells, strict=False))  # short rows: missing = empty
        if any(v.strip() for v in values.values()):
            yield Row(path, number, values)
