"""``allotments.csv`` (optional, in the instance folder): time-off places per date.

Columns: ``date`` and ``max_off`` (required), ``queue``, ``start``, ``end`` (optional). Errors
name file, row and field like every instance file.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from scheduler.io.table import read_rows
from scheduler.models.clock import DAY_MINUTES
from scheduler.models.instance import Instance
from scheduler.workflows.allotment import Allotment

FILE_NAME = "allotments.csv"


def load_allotments(folder: Path | str, instance: Instance) -> tuple[Allotment, ...]:
    """The allotments of an instance folder; none when the file is absent."""
    path = Path(folder) / FILE_NAME
    if not path.exists():
        return ()
    allotments = []
    for row in read_rows(path, ("date", "max_off")):
        queue = row.text("queue", "") or None
        if queue is not None and queue not in instance.queue_ids:
            raise row.error("queue", f"unknown queue {queue!r}")
        max_off = row.integer("max_off")
        if max_off < 0:
            raise row.error("max_off", "cannot be negative")
        start, end = row.clock("start", 0), row.clock("end", DAY_MINUTES)
        if end <= start:
            raise row.error("end", "ends before it starts")
        try:
            allotments.append(
                Allotment(
                    date=row.date("date"),
                    queue=queue,
                    start_minute=start,
                    end_minute=end,
                    max_off=max_off,
                )
            )
        except ValidationError as exc:
            raise row.error(None, str(exc.errors()[0]["msg"])) from None
    return tuple(allotments)
