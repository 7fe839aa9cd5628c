"""``scheduler backtest HISTORY --weeks K``: rolling-origin backtest of every method.

Prints WAPE and bias per queue and method, WAPE per horizon day, and the best method per
queue. Reads the history with the same options as ``scheduler forecast``; writes nothing.
"""

from __future__ import annotations

import argparse

import pandas as pd

from scheduler.commands.forecast import (
    add_calendar_options,
    add_history_options,
    fail,
    holiday_dates,
    read_history,
)
from scheduler.forecast import METHODS, BacktestResult, ForecastError, backtest

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``backtest`` sub-command to ``sub``."""
    parser = sub.add_parser(
        "backtest",
        help="rolling-origin backtest of the forecasting methods",
        description="Forecast each of the last K weeks from its first day with earlier data "
        "only; print WAPE and bias per queue, method and horizon day.",
    )
    parser.add_argument("history", help="per-interval CSV or per-call records")
    parser.add_argument("--weeks", type=int, required=True, help="number of weekly origins")
    parser.add_argument("--interval", type=int, default=15, help="interval minutes (default 15)")
    parser.add_argument(
        "--method",
        action="append",
        choices=list(METHODS),
        dest="methods",
        help="method to test (repeatable; default: all)",
    )
    parser.add_argument(
        "--origin-weekday",
        default="mon",
        choices=WEEKDAYS,
        help="weekday the weekly forecast is made (default mon)",
    )
    parser.add_argument("--horizon-days", type=int, default=7, help="days per origin (default 7)")
    add_calendar_options(parser)
    add_history_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the command; returns the exit code."""
    try:
        history = read_history(args)
        result = backtest(
            history,
            args.weeks,
            args.interval,
            methods=args.methods,
            holidays=holiday_dates(args, history),
            origin_weekday=WEEKDAYS.index(args.origin_weekday),
            horizon_days=args.horizon_days,
        )
    except ForecastError as exc:
        return fail(exc)
    print(report(result, args.history))
    return 0


def report(result: BacktestResult, source: str) -> str:
    """The printed tables: overall, per horizon day, best per queue."""
    origins = result.origins
    lines = [
        f"backtest of {source}: {len(origins)} weekly origins {origins[0]} .. {origins[-1]}, "
        f"{result.interval_minutes}-min intervals",
        "",
        _percent(result.summary()).to_string(index=False),
        "",
        "WAPE by horizon day (1 = the origin's day):",
        _by_day(result.by_horizon()).to_string(),
        "",
        "best method per queue: " + ", ".join(f"{q}: {m}" for q, m in result.best().items()),
    ]
    return "\n".join(lines)


def _percent(table: pd.DataFrame) -> pd.DataFrame:
    return table.assign(
        wape=(100 * table["wape"]).map("{:.2f} %".format),
        bias=(100 * table["bias"]).map("{:+.2f} %".format),
    )


def _by_day(table: pd.DataFrame) -> pd.DataFrame:
    wide = table.pivot_table(index=["queue", "method"], columns="horizon_day", values="wape")
    return (100 * wide).round(2)
