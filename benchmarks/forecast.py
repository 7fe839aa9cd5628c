"""Forecast benchmark: week-ahead WAPE and bias on real call-centre data.

Run ``python -m benchmarks.forecast`` from the repository root. For each of the last 10 weeks
of the us-bank 2003 file, every method forecasts the whole week at 15-min intervals from the
Monday with data strictly before it; ``auto`` is the full ``forecast()`` pipeline (method chosen
by its own 4-week backtest), with the coverage of its 80 % interval. The Anonymous Bank 1999
arrivals (a small centre, 30-min intervals, Poisson noise dominates) are a second, independent
check. ``--history FILE`` runs the same table on another file (later weeks of the same
centre). Prints a table; writes nothing.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from scheduler.forecast import History, backtest, bias, forecast, load_history, wape

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
CASES = [
    ("us-bank 2003, 15 min", "us-bank-2003/calls_5min_2003-03-03_2003-08-15.csv", 15),
    ("anon-bank 1999, 30 min", "anonymous-bank-1999/arrivals_6min_1999-01_1999-07.csv", 30),
]
WEEKS = 10


def main(argv: list[str] | None = None) -> int:
    """Print the benchmark table; exit 1 when the data are not there."""
    args = _arguments(argv)
    cases = [("given file", args.history, args.interval)] if args.history else _shared_cases()
    if not cases:
        print(f"shared data not found at {DATA}", file=sys.stderr)
        return 1
    print(_header(argv))
    for label, path, minutes in cases:
        started = time.perf_counter()
        table = _case(load_history(path), minutes, args.weeks)
        print(f"\n{label}: {path}, last {args.weeks} weeks, Monday origins, whole week ahead")
        print(table.to_string(index=False))
        print(f"({time.perf_counter() - started:.1f} s)")
    return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.forecast", description=__doc__)
    parser.add_argument(
        "--history", type=Path, help="benchmark this file instead (e.g. later weeks)"
    )
    parser.add_argument("--interval", type=int, default=15, help="with --history (default 15)")
    parser.add_argument("--weeks", type=int, default=WEEKS, help=f"origins (default {WEEKS})")
    return parser.parse_args(argv)


def _shared_cases() -> list[tuple[str, Path, int]]:
    if not DATA.is_dir():
        return []
    return [(label, DATA / relative, minutes) for label, relative, minutes in CASES]


def _header(argv: list[str] | None) -> str:
    command = " ".join(["python -m benchmarks.forecast", *(sys.argv[1:] if argv is None else argv)])
    return "\n".join(
        [
            f"date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            f"machine: {platform.machine()} {platform.processor() or ''} {platform.node()}".strip(),
            f"python {platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}",
            f"command: {command}",
        ]
    )


def _case(history: History, minutes: int, weeks: int) -> pd.DataFrame:
    result = backtest(history, weeks, minutes)
    rows = [
        (name, wape(group), bias(group), np.nan) for name, group in result.errors.groupby("method")
    ]
    rows.append(("auto (forecast())", *_auto(history, result.origins, minutes)))
    table = pd.DataFrame(rows, columns=["method", "wape", "bias", "pi80_coverage"])
    naive = table.set_index("method")["wape"]
    table["vs_naive"] = table["wape"] / naive["seasonal_naive"] - 1
    table["vs_mean4"] = table["wape"] / naive["mean_of_weeks"] - 1
    return _formatted(table.sort_values("wape", ascending=False))


def _auto(history: History, origins: tuple[date, ...], minutes: int) -> tuple[float, float, float]:
    """WAPE, bias and 80 % interval coverage of the whole pipeline, closed days of each week
    given as holidays; days past the end of the file have no actuals and are not scored."""
    actual = history.resample(minutes).records.groupby("start")["calls"].sum()
    days = np.array(actual.index.date)
    weeks = []
    for origin in origins:
        frame = forecast(
            history.before(origin), origin, 7, minutes, holidays=history.closed_dates()
        )
        frame = frame[frame["date"].isin(history.open_dates)].set_index("start")
        week = actual[(days >= origin) & (days < origin + timedelta(days=7))]
        both = pd.concat([week.rename("actual"), frame[["calls", "calls_lo", "calls_hi"]]], axis=1)
        weeks.append(both.fillna(0.0).rename(columns={"calls": "forecast"}))
    joined = pd.concat(weeks)
    joined["abs_error"] = (joined["actual"] - joined["forecast"]).abs()
    inside = joined["actual"].between(joined["calls_lo"], joined["calls_hi"])
    return wape(joined), bias(joined), float(inside.mean())


def _formatted(table: pd.DataFrame) -> pd.DataFrame:
    return table.assign(
        wape=table["wape"].map("{:.2%}".format),
        bias=table["bias"].map("{:+.2%}".format),
        vs_naive=table["vs_naive"].map("{:+.1%}".format),
        vs_mean4=table["vs_mean4"].map("{:+.1%}".format),
        pi80_coverage=table["pi80_coverage"].map(lambda v: "" if np.isnan(v) else f"{v:.0%}"),
    )


if __name__ == "__main__":
    sys.exit(main())
