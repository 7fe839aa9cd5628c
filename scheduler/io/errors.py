"""Input errors that point at the exact place a planner must fix."""

from __future__ import annotations

from pathlib import Path


class InputError(ValueError):
    """Bad input: carries the file, the row (its line number) and the field at fault."""

    def __init__(
        self, path: Path | str, message: str, *, row: int | None = None, field: str | None = None
    ) -> None:
        self.path = str(path)
        self.row = row
        self.field = field
        self.message = message
        where = self.path
        if row is not None:
            where += f", row {row}"
        if field is not None:
            where += f", field '{field}'"
        super().__init__(f"{where}: {message}")
