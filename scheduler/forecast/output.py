"""Writing forecasts: a stable CSV layout (written atomically by ``scheduler.io``)."""

from __future__ import annotations

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
