"""Writing forecasts: a stable CSV layout, written atomically.

The staffing engine and planners read this file while a new forecast may be written, so the
file is written to a temporary file in the same folder and moved into place in one step: a
reader sees the old forecast or the new one, never half of one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from scheduler.forecast.forecaster import OUTPUT_COLUMNS


def forecast_csv(frame: pd.DataFrame) -> str:
    """The forecast as CSV text: ISO timestamps on the history's clock, calls to 0.001."""
    out = frame[OUTPUT_COLUMNS].copy()
    out["date"] = out["date"].map(lambda d: d.isoformat())
    for column in ("start", "end"):
        out[column] = out[column].map(lambda t: t.isoformat())
    for column in ("calls", "calls_lo", "calls_hi"):
        out[column] = out[column].astype(float).round(3)
    for column in ("aht", "aht_lo", "aht_hi"):
        out[column] = out[column].astype(float).round(1)
    return out.to_csv(index=False, lineterminator="\n")


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder."""
    target = Path(path)
    handle, temp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
