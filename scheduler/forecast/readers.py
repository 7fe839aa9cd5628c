"""Reading history files: per-interval CSVs and per-call records, with format auto-detection.

Two shapes reach the forecaster. An *interval* file has a timestamp (or ``date`` plus a time of
day) and a ``calls`` column, optionally ``aht`` and ``queue``. A *per-call* file has one row per
call with an arrival time and optionally a handle time, an outcome and a queue. Known per-call
exports (the Anonymous Bank 1999 tab-separated files) are recognised by their header, so a
planner can point the command at them without options; any other export is described with the
column options of :class:`ReadOptions`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from scheduler.forecast.errors import HistoryError
from scheduler.forecast.history import History, Where

TIME_NAMES = ("timestamp", "datetime", "start", "interval_start", "bin_start", "time")
ARRIVAL_NAMES = ("arrival", "arrival_time", "call_start", "timestamp", "datetime", "start", "time")
BANK_1999_COLUMNS = {"vru_exit", "ser_time", "outcome", "q_start", "date"}


@dataclass(frozen=True)
class ReadOptions:
    """How to read a history file; ``None`` fields are auto-detected from the header."""

    format: str = "auto"
    """``auto``, ``intervals`` or ``calls``."""
    time_column: str | None = None
    date_column: str | None = None
    calls_column: str | None = None
    aht_column: str | None = None
    handle_column: str | None = None
    queue_column: str | None = None
    outcome_column: str | None = None
    exclude_outcomes: tuple[str, ...] = ()
    handled_outcomes: tuple[str, ...] = ()
    """Outcomes whose handle time counts toward AHT (empty: every call with a handle time)."""
    separator: str | None = None
    max_handle_seconds: float = 3600.0


def load_history(path: str | Path, options: ReadOptions | None = None) -> History:
    """Read a history file into a validated :class:`History`; errors name file, line, field."""
    opts = options or ReadOptions()
    source = str(path)
    frame = _read_table(Path(path), opts)
    columns = {c.lower(): c for c in frame.columns}
    kind = _detect_format(columns, opts, source)
    if kind == "bank1999":
        return _bank_1999(frame, opts, source)
    if kind == "intervals":
        return _intervals(frame, columns, opts, source)
    return _calls(frame, columns, opts, source)


def _read_table(path: Path, opts: ReadOptions) -> pd.DataFrame:
    if not path.is_file():
        raise HistoryError("no such file", file=str(path))
    sep = opts.separator or _sniff_separator(path)
    try:
        frame = pd.read_csv(path, sep=sep, dtype="str", keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise HistoryError(f"cannot read as a table: {exc}", file=str(path)) from exc
    if frame.empty:
        raise HistoryError("no data rows", file=str(path))
    frame.columns = [c.strip() for c in frame.columns]
    return frame


def _sniff_separator(path: Path) -> str:
    with path.open(encoding="utf-8", errors="replace") as handle:
        header = handle.readline()
    try:
        return csv.Sniffer().sniff(header, delimiters=",\t;|").delimiter
    except csv.Error:
        return ","


def _detect_format(columns: dict[str, str], opts: ReadOptions, source: str) -> str:
    if opts.format in ("intervals", "calls"):
        return opts.format
    if opts.format != "auto":
        raise HistoryError(f"unknown format '{opts.format}' (auto, intervals, calls)", file=source)
    if set(columns) >= BANK_1999_COLUMNS and opts.time_column is None:
        return "bank1999"
    if (opts.calls_column or "calls").lower() in columns:
        return "intervals"
    return "calls"


def _pick(
    columns: dict[str, str],
    given: str | None,
    names: tuple[str, ...],
    what: str,
    source: str,
    required: bool = True,
) -> str | None:
    """The file's column for ``what``: the one given, else the first known name present."""
    if given is not None:
        if given.lower() not in columns:
            raise HistoryError(f"no column '{given}' for the {what}", file=source, row=1)
        return columns[given.lower()]
    for name in names:
        if name in columns:
            return columns[name]
    if required:
        raise HistoryError(
            f"no {what} column (looked for {', '.join(names)}; name it with an option)",
            file=source,
            row=1,
        )
    return None


def _timestamp_text(frame: pd.DataFrame, time_col: str, date_col: str | None) -> pd.Series:
    """Timestamps as text; a separate date column (ISO or YYMMDD) is joined to a time of day."""
    times = frame[time_col].str.strip()
    if date_col is None or date_col == time_col or not times.str.match(r"\d{1,2}:\d\d").all():
        return times
    times = times.where(~times.str.match(r"\d:"), "0" + times)
    dates = frame[date_col].str.strip()
    short = dates.str.fullmatch(r"\d{6}")
    iso = dates.where(~short, "20" + dates.str[:2] + "-" + dates.str[2:4] + "-" + dates.str[4:])
    iso = iso.where(
        ~(short & (dates.str[:2] > "69")),
        "19" + dates.str[:2] + "-" + dates.str[2:4] + "-" + dates.str[4:],
    )
    return iso + " " + times


def _intervals(
    frame: pd.DataFrame, columns: dict[str, str], opts: ReadOptions, source: str
) -> History:
    time_col = _pick(columns, opts.time_column, TIME_NAMES, "timestamp", source)
    date_col = _pick(columns, opts.date_column, ("date",), "date", source, required=False)
    calls_col = _pick(columns, opts.calls_column, ("calls",), "calls", source)
    aht_col = _pick(columns, opts.aht_column, ("aht", "mean_handle_s"), "AHT", source, False)
    queue_col = _pick(columns, opts.queue_column, ("queue",), "queue", source, False)
    rows = pd.DataFrame(
        {"start": _timestamp_text(frame, time_col, date_col), "calls": frame[calls_col]}
    )
    names = {"start": time_col, "calls": calls_col}
    if aht_col:
        rows["aht"], names["aht"] = frame[aht_col], aht_col
    if queue_col:
        rows["queue"] = frame[queue_col]
    return History.from_intervals(rows, where=Where(source, 2, names))


def _calls(frame: pd.DataFrame, columns: dict[str, str], opts: ReadOptions, source: str) -> History:
    time_col = _pick(columns, opts.time_column, ARRIVAL_NAMES, "arrival time", source)
    date_col = _pick(columns, opts.date_column, (), "date", source, required=False)
    handle_col = _pick(
        columns,
        opts.handle_column,
        ("handle_time", "handle", "aht"),
        "handle time",
        source,
        required=False,
    )
    queue_col = _pick(columns, opts.queue_column, ("queue",), "queue", source, False)
    outcome_col = _pick(columns, opts.outcome_column, ("outcome",), "outcome", source, False)
    rows = pd.DataFrame({"time": _timestamp_text(frame, time_col, date_col)})
    names = {"time": time_col}
    if handle_col:
        rows["handle"], names["handle"] = _seconds(frame[handle_col]), handle_col
    if queue_col:
        rows["queue"] = frame[queue_col]
    rows = _apply_outcomes(rows, frame, outcome_col, opts)
    return History.from_calls(
        rows, where=Where(source, 2, names), max_handle_seconds=opts.max_handle_seconds
    )


def _apply_outcomes(
    rows: pd.DataFrame, frame: pd.DataFrame, outcome_col: str | None, opts: ReadOptions
) -> pd.DataFrame:
    """Drop excluded outcomes (phantom calls); blank handle times of unserved outcomes."""
    if outcome_col is None:
        return rows
    outcome = frame[outcome_col].str.strip()
    if opts.handled_outcomes and "handle" in rows:
        rows = rows.assign(handle=rows["handle"].where(outcome.isin(opts.handled_outcomes), ""))
    return rows.loc[~outcome.isin(opts.exclude_outcomes)]


def _seconds(values: pd.Series) -> pd.Series:
    """Handle times as seconds text: ``H:MM:SS`` is converted, plain numbers pass through."""
    text = values.str.strip()
    clock = text.str.fullmatch(r"-?\d+:\d{2}(:\d{2})?")
    if not clock.any():
        return text
    padded = text.where(text.str.count(":") == 2, "0:" + text)
    seconds = pd.to_timedelta(padded.where(clock), errors="coerce").dt.total_seconds()
    return text.where(~clock, seconds.astype("str"))


def _bank_1999(frame: pd.DataFrame, opts: ReadOptions, source: str) -> History:
    """Anonymous Bank 1999: agent requests by the time the caller leaves the voice menu.

    Calls that hung up in the voice menu never reach an agent and phantom records are not
    calls, so only records that queued or were served count; AHT is the talk time of served
    calls (the source has no wrap-up time).
    """
    asked = (frame["q_start"].str.strip() != "0:00:00") | (frame["outcome"] == "AGENT")
    keep = asked & (frame["outcome"] != "PHANTOM")
    rows = pd.DataFrame({"time": _timestamp_text(frame, "vru_exit", "date")})
    rows["handle"] = frame["ser_time"].where(frame["outcome"] == "AGENT", "")
    columns = {c.lower(): c for c in frame.columns}
    queue_col = _pick(columns, opts.queue_column, (), "queue", source, required=False)
    if queue_col:
        rows["queue"] = frame[queue_col]
    names = {"time": "vru_exit", "handle": "ser_time"}
    return History.from_calls(
        rows.loc[keep], where=Where(source, 2, names), max_handle_seconds=opts.max_handle_seconds
    )
