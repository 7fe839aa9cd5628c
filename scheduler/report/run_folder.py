"""What a run folder (``scheduler plan --out``) holds besides the roster: the summary, the
instance it was planned from, and the points a publication posted.

``summary.json`` is written by every plan; ``instance_path`` in it names the instance folder
(older runs lack it: then the caller must say which instance). ``points.json`` appears only
once the roster was published (``scheduler publish`` / ``plan --publish``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scheduler.io.errors import InputError

SUMMARY, POINTS = "summary.json", "points.json"


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror})") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(path, f"is not valid JSON ({exc})") from None


def read_summary(folder: Path | str) -> dict[str, Any] | None:
    """The run's summary, or None when the folder has none (a hand-made roster)."""
    path = Path(folder) / SUMMARY
    if not path.exists():
        return None
    summary = _read_json(path)
    if not isinstance(summary, dict):
        raise InputError(path, "is not a JSON object")
    return summary


def recorded_instance(folder: Path | str) -> Path | None:
    """The instance folder the run recorded, when it did and the folder still exists."""
    summary = read_summary(folder)
    recorded = (summary or {}).get("instance_path")
    if not recorded:
        return None
    path = Path(recorded)
    return path if path.is_dir() else None


def read_points(folder: Path | str) -> dict[str, Any] | None:
    """``points.json`` of a published run (with its ``postings`` list), or None."""
    path = Path(folder) / POINTS
    if not path.exists():
        return None
    document = _read_json(path)
    if not isinstance(document, dict) or not isinstance(document.get("postings", []), list):
        raise InputError(path, "has no 'postings' list", field="postings")
    return document
