"""Forecasting: call history -> calls and AHT per interval and queue, with 80 % intervals.

Layers, each its own module: ``history`` (validated counts on the input's clock) <- ``readers``
(files) <- ``holidays`` (open days, calendar effects) <- ``matrix`` (day x slot rows of open
days) <- ``methods`` (seasonal naive, mean of weeks, calendar profile) <- ``backtest`` and
``forecaster`` (the ``forecast()`` entry point), with ``events``, ``aht`` and ``intervals``
beside them.
"""

from scheduler.forecast.backtest import BacktestResult, backtest, bias, wape
from scheduler.forecast.errors import ForecastError, HistoryError
from scheduler.forecast.events import Event, apply_events, load_events, parse_event
from scheduler.forecast.forecaster import OUTPUT_COLUMNS, StaleHistoryWarning, forecast
from scheduler.forecast.history import History
from scheduler.forecast.holidays import (
    HOLIDAY_CALENDARS,
    Calendar,
    build_calendar,
    load_holidays,
    us_federal_holidays,
)
from scheduler.forecast.methods import DEFAULT_METHOD, METHODS
from scheduler.forecast.output import forecast_csv
from scheduler.forecast.readers import ReadOptions, load_history

__all__ = [
    "DEFAULT_METHOD",
    "HOLIDAY_CALENDARS",
    "METHODS",
    "OUTPUT_COLUMNS",
    "BacktestResult",
    "Calendar",
    "Event",
    "ForecastError",
    "History",
    "HistoryError",
    "ReadOptions",
    "StaleHistoryWarning",
    "apply_events",
    "backtest",
    "bias",
    "build_calendar",
    "forecast",
    "forecast_csv",
    "load_events",
    "load_history",
    "load_holidays",
    "parse_event",
    "us_federal_holidays",
    "wape",
]
