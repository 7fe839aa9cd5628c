"""The run folder's record of a publication: ``changes.csv`` and ``points.json``.

``points.json`` is what the HTML report reads to show the points a run posted; ``changes.csv``
is the change list a planner forwards to the agents concerned. Both are written atomically.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from scheduler.io.atomic import write_atomic, write_text_atomic
from scheduler.ledger import FairnessRow
from scheduler.publish.changes import Change
from scheduler.publish.publishing import Publication

CHANGE_COLUMNS = (
    "agent",
    "date",
    "change",
    "before",
    "after",
    "starts_at",
    "notice_hours",
    "late",
    "price",
)


def change_rows(changes: Sequence[Change]) -> list[dict[str, str]]:
    return [
        {
            "agent": c.agent,
            "date": c.date.isoformat(),
            "change": "|".join(k.value for k in c.kinds),
            "before": c.before,
            "after": c.after,
            "starts_at": c.starts_at.isoformat(timespec="minutes"),
            "notice_hours": f"{c.notice_hours:g}",
            "late": "yes" if c.late else "no",
            "price": str(c.price),
        }
        for c in changes
    ]


def write_changes_csv(path: Path | str, changes: Sequence[Change]) -> None:
    """One row per changed agent-day (a header only when nothing changed)."""
    rows = change_rows(changes)

    def write(handle: IO[str]) -> None:
        writer = csv.DictWriter(handle, fieldnames=CHANGE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    write_atomic(path, write)


def points_document(publication: Publication, fairness: Sequence[FairnessRow]) -> dict:
    """The postings of the run, net points per agent, and the fairness table."""
    version = publication.version
    totals: dict[str, int] = {}
    for posting in publication.postings:
        totals[posting.agent] = totals.get(posting.agent, 0) + posting.points
    return {
        "instance": version.instance,
        "horizon_start": version.horizon_start.isoformat(),
        "version": version.version,
        "run_id": version.label,
        "posted": True,
        "postings": [p.model_dump(mode="json") for p in publication.postings],
        "net_points": dict(sorted(totals.items())),
        "fairness": [row.model_dump() for row in fairness],
    }


def write_points_json(
    path: Path | str, publication: Publication, fairness: Sequence[FairnessRow]
) -> None:
    document = points_document(publication, fairness)
    write_text_atomic(path, json.dumps(document, indent=1) + "\n")
