"""``scheduler forecast HISTORY --start DATE --days N --interval MIN``: interval forecast CSV.

Thin: parse, call :func:`scheduler.forecast.forecast`, write. Bad input ends with one line on
stderr naming the file, line and field, exit code 2, and nothing written. The history-reading
options are shared with ``scheduler backtest``.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from datetime import date
from pathlib import Path

import pandas as pd

from scheduler.forecast import (
    HOLIDAY_CALENDARS,
    METHODS,
    Event,
    ForecastError,
    History,
    ReadOptions,
    StaleHistoryWarning,
    forecast,
    forecast_csv,
    load_events,
    load_history,
    load_holidays,
    parse_event,
)
from scheduler.io import write_text_atomic

EXIT_BAD_INPUT = 2


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``forecast`` sub-command to ``sub``."""
    parser = sub.add_parser(
        "forecast",
        help="forecast calls and AHT per interval and queue from call history",
        description="Forecast calls (with an 80 %% interval) and AHT per interval and queue.",
    )
    parser.add_argument("history", help="per-interval CSV or per-call records")
    parser.add_argument("--start", required=True, type=iso_date, help="first day (YYYY-MM-DD)")
    parser.add_argument("--days", type=int, default=7, help="days in the horizon (default 7)")
    parser.add_argument("--interval", type=int, default=15, help="interval minutes (default 15)")
    parser.add_argument(
        "--method",
        default="auto",
        choices=["auto", *METHODS],
        help="forecasting method; auto picks per queue by a 4-week backtest (default)",
    )
    parser.add_argument("--out", help="write the forecast CSV here (default: stdout)")
    parser.add_argument("--queue", action="append", help="forecast only this queue (repeatable)")
    parser.add_argument(
        "--event",
        action="append",
        default=[],
        metavar="SPEC",
        help="planner event as key=value words, e.g. 'queue=claims start=2026-12-01T09:00 "
        "end=2026-12-01T14:00 uplift=40%%' or 'start=2026-09-01 half_life_days=3.5 "
        "extra_calls=20000' (repeatable)",
    )
    parser.add_argument("--events", help="CSV of events (name,queue,start,end,uplift,...)")
    parser.add_argument(
        "--default-aht",
        type=float,
        metavar="SECONDS",
        help="AHT where the history has no handle times (arrival-only files); default: blank",
    )
    add_calendar_options(parser)
    add_history_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the command; returns the exit code."""
    try:
        history = read_history(args)
        events = _events(args)
        holidays = holiday_dates(args, history, extra_years=(args.start.year,))
        _check_out(args.out)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", StaleHistoryWarning)
            frame = forecast(
                history,
                args.start,
                args.days,
                args.interval,
                events=events,
                holidays=holidays,
                method=args.method,
                queues=args.queue,
                default_aht=args.default_aht,
            )
        for warning in caught:
            print(f"scheduler: warning: {warning.message}", file=sys.stderr)
    except ForecastError as exc:
        return fail(exc)
    text = forecast_csv(frame)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    write_text_atomic(args.out, text)
    _print_summary(frame, args.out)
    return 0


def fail(exc: Exception) -> int:
    """One line on stderr, exit code 2."""
    print(f"scheduler: error: {exc}", file=sys.stderr)
    return EXIT_BAD_INPUT


def iso_date(text: str) -> date:
    """argparse type for YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def add_calendar_options(parser: argparse.ArgumentParser) -> None:
    """Holiday options shared by forecast and backtest."""
    parser.add_argument(
        "--holiday",
        action="append",
        type=iso_date,
        default=[],
        metavar="DATE",
        help="a closed day (repeatable)",
    )
    parser.add_argument("--holidays", metavar="FILE", help="file of closed days, one per line")
    parser.add_argument(
        "--holiday-calendar",
        choices=sorted(HOLIDAY_CALENDARS),
        help="add a built-in public holiday calendar (us: federal holidays)",
    )


def add_history_options(parser: argparse.ArgumentParser) -> None:
    """How to read the history file (all auto-detected by default)."""
    group = parser.add_argument_group("history file")
    group.add_argument("--format", default="auto", choices=["auto", "intervals", "calls"])
    group.add_argument("--time-column", help="timestamp / arrival time column")
    group.add_argument("--date-column", help="date column when the time column is a time of day")
    group.add_argument("--calls-column", help="calls column of an interval file (default calls)")
    group.add_argument("--aht-column", help="AHT column of an interval file (seconds)")
    group.add_argument("--handle-column", help="handle time of a per-call file (s or H:MM:SS)")
    group.add_argument("--queue-column", help="queue column (default queue, if present)")
    group.add_argument("--outcome-column", help="outcome column of a per-call file")
    group.add_argument(
        "--exclude-outcome",
        action="append",
        default=[],
        metavar="VALUE",
        help="drop calls with this outcome, e.g. PHANTOM (repeatable)",
    )
    group.add_argument(
        "--handled-outcome",
        action="append",
        default=[],
        metavar="VALUE",
        help="only calls with this outcome count toward AHT, e.g. AGENT (repeatable)",
    )
    group.add_argument("--separator", help="field separator (default: sniffed)")
    group.add_argument(
        "--max-handle",
        type=float,
        default=3600.0,
        help="handle times above this many seconds are outliers left out of AHT (default 3600)",
    )


def read_history(args: argparse.Namespace) -> History:
    """Load the history named on the command line; warnings go to stderr."""
    options = ReadOptions(
        format=args.format,
        time_column=args.time_column,
        date_column=args.date_column,
        calls_column=args.calls_column,
        aht_column=args.aht_column,
        handle_column=args.handle_column,
        queue_column=args.queue_column,
        outcome_column=args.outcome_column,
        exclude_outcomes=tuple(args.exclude_outcome),
        handled_outcomes=tuple(args.handled_outcome),
        separator=args.separator,
        max_handle_seconds=args.max_handle,
    )
    history = load_history(args.history, options)
    for warning in history.warnings:
        print(f"scheduler: warning: {warning}", file=sys.stderr)
    return history


def holiday_dates(
    args: argparse.Namespace, history: History, extra_years: tuple[int, ...] = ()
) -> frozenset[date]:
    """Closed days from --holiday, --holidays and --holiday-calendar."""
    days = set(args.holiday)
    if args.holidays:
        days |= load_holidays(args.holidays)
    if args.holiday_calendar:
        years = range(history.first_date.year, max(history.last_date.year, *extra_years) + 2)
        days |= HOLIDAY_CALENDARS[args.holiday_calendar](years)
    return frozenset(days)


def _events(args: argparse.Namespace) -> list[Event]:
    events = load_events(args.events) if args.events else []
    return events + [parse_event(spec) for spec in args.event]


def _check_out(out: str | None) -> None:
    if out is not None and not Path(out).resolve().parent.is_dir():
        raise ForecastError(f"{out}: the output folder does not exist")


def _print_summary(frame: pd.DataFrame, out: str) -> None:
    """Daily totals per queue: enough to sanity-check the file before staffing from it."""
    if frame.empty:
        print(f"no open day in the horizon; wrote an empty forecast to {out}")
        return
    daily = frame.groupby(["queue", "date", "method"], as_index=False)["calls"].sum()
    print(f"wrote {len(frame)} intervals to {out}")
    print(daily.round(0).to_string(index=False))
