"""Errors of the forecasting layer.

Bad input must stop the run with one line that tells the planner where to look (file, row,
field), so every refusal is a :class:`HistoryError` or :class:`ForecastError` carrying that
location instead of a bare pandas traceback.
"""

from __future__ import annotations


class ForecastError(ValueError):
    """A forecast cannot be made as asked (bad horizon, unknown queue, too little history)."""


class HistoryError(ForecastError):
    """The history file is unusable; the message names the file, line (row) and field."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.file = file
        self.row = row
        self.field = field
        self.reason = message
        super().__init__(self._format())

    def _format(self) -> str:
        where = [part for part in (self.file, self._row_text(), self._field_text()) if part]
        return ": ".join([*where, self.reason])

    def _row_text(self) -> str | None:
        return None if self.row is None else f"line {self.row}"

    def _field_text(self) -> str | None:
        return None if self.field is None else f"field '{self.field}'"
