"""Planner events: uplift windows, decaying launches, parsing and refusals."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from scheduler.forecast import (
    Calendar,
    Event,
    ForecastError,
    HistoryError,
    apply_events,
    load_events,
    parse_event,
)

CAL = Calendar(frozenset(range(5)), frozenset())


def _flat(days: list[str], queues: tuple[str, ...] = ("claims", "sales")) -> pd.DataFrame:
    """100 calls per hour, 08:00-18:00, per queue and day (UTC)."""
    starts = [
        pd.Timestamp(f"{day} {hour:02d}:00", tz="UTC") for day in days for hour in range(8, 18)
    ]
    frame = pd.DataFrame(
        [(s, q, 100.0) for q in queues for s in starts], columns=["start", "queue", "calls"]
    )
    return frame


def test_uplift_window_on_one_queue() -> None:
    event = parse_event("queue=claims start=2026-12-01T09:00 end=2026-12-01T14:00 uplift=40%")
    out = apply_events(_flat(["2026-12-01"]), [event], CAL)
    claims = out[out["queue"] == "claims"].set_index("start")["calls"]
    hours = claims.index.hour
    assert (claims[(hours >= 9) & (hours < 14)] == 140.0).all()
    assert (claims[(hours < 9) | (hours >= 14)] == 100.0).all()
    assert (out.loc[out["queue"] == "sales", "calls"] == 100.0).all()


def test_decaying_uplift_halves_every_half_life() -> None:
    event = Event(start=datetime(2026, 9, 7), uplift=1.0, half_life_days=2.0)
    out = apply_events(_flat(["2026-09-07", "2026-09-09"], ("all",)), [event], CAL)
    first, later = out.loc[out["start"].dt.hour == 8, "calls"].tolist()
    assert first == pytest.approx(100 * (1 + 0.5 ** (8 / 48)))
    assert later == pytest.approx(100 * (1 + 0.5 ** (56 / 48)))


def test_launch_spreads_season_calls_with_decay() -> None:
    days = [f"2026-09-{d:02d}" for d in (7, 8, 9, 10, 11, 14, 15, 16, 17, 18)]
    event = parse_event("start=2026-09-07 end=2026-09-19 half_life_days=3.5 extra_calls=10000")
    out = apply_events(_flat(days, ("all",)), [event], CAL)
    extra = out.groupby(out["start"].dt.date)["calls"].sum() - 1000.0
    assert extra.sum() == pytest.approx(10000.0)
    assert extra.is_monotonic_decreasing
    assert extra.iloc[0] / extra.iloc[1] == pytest.approx(2 ** (1 / 3.5))


def test_launch_beyond_the_horizon_keeps_only_its_share() -> None:
    event = Event(start=datetime(2026, 9, 7), half_life_days=3.5, extra_calls=10000.0)
    out = apply_events(_flat(["2026-09-07"], ("all",)), [event], CAL)
    share = 1.0 / sum(0.5 ** (k / 3.5) for k in range(29) if (k % 7) < 5)
    assert out["calls"].sum() - 1000.0 == pytest.approx(10000.0 * share)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("start=2026-12-01T09:00 uplift=40% colour=red", "expected key=value"),
        ("start=2026-12-01T09:00 end=2026-12-01T08:00 uplift=0.4", "end must be after start"),
        ("start=2026-12-01 uplift=-120%", "negative"),
        ("start=2026-12-01 extra_calls=500", "needs an end or a half_life_days"),
        ("start=tomorrow uplift=10%", "not a date or time"),
        ("start=2026-12-01", "give an uplift or extra_calls"),
        ("uplift=10%", "start: missing"),
    ],
)
def test_bad_events_are_refused(spec: str, message: str) -> None:
    with pytest.raises(ForecastError, match=message):
        parse_event(spec)


def test_event_file_and_its_errors(tmp_path) -> None:
    good = tmp_path / "events.csv"
    good.write_text(
        "name,queue,start,end,uplift\nmailing,claims,2026-12-01T09:00,2026-12-01T14:00,40%\n"
    )
    (event,) = load_events(good)
    assert event.uplift == pytest.approx(0.4) and event.queue == "claims"
    bad = tmp_path / "bad.csv"
    bad.write_text("name,start,uplift\nok,2026-12-01,10%\nbroken,2026-12-02,lots\n")
    with pytest.raises(HistoryError) as caught:
        load_events(bad)
    assert (caught.value.row, caught.value.field) == (3, "uplift")
    assert str(bad) in str(caught.value)


def test_events_keep_other_columns() -> None:
    frame = _flat(["2026-12-01"]).assign(aht=np.float64(300.0))
    out = apply_events(frame, [Event(start=datetime(2026, 12, 1), uplift=0.1)], CAL)
    assert (out["aht"] == 300.0).all() and out["calls"].sum() == pytest.approx(2200.0)
    assert date(2026, 12, 1) in set(out["start"].dt.date)
