"""A change costs more the less notice the agent gets, by the price publishing reports."""

from __future__ import annotations

from scheduler.models.roster import Span
from scheduler.publish.notice import late_change_price
from scheduler.replan.changes import ChangeWeights
from scheduler.replan.moment import Moment
from scheduler.replan.stability import shift_change_cost, weights_on_day

WEIGHTS = ChangeWeights(changed_agent_day=300, moved_minute=1, late_hour=2, notice_hours=168)
EARLY = ("q", Span(start_minute=480, end_minute=960))
LATE = ("q", Span(start_minute=600, end_minute=1080))


def _price(day: int, now: Moment) -> int:
    return shift_change_cost(weights_on_day(WEIGHTS, day, now), EARLY, LATE)


def test_the_later_the_change_the_dearer() -> None:
    now = Moment(day=1, minute=600)  # Tuesday 10:00
    prices = [_price(day, now) for day in range(1, 9)]
    assert prices == sorted(prices, reverse=True)
    assert prices[0] > prices[-1]


def test_the_day_price_adds_publishings_late_change_price() -> None:
    now = Moment(day=1, minute=600)
    notice = (3 * 1440 - now.absolute) / 60  # to the start of day 3: 38 h
    moved = 120 + 120
    expected = 300 + late_change_price(notice, 168, 2) + moved
    assert _price(3, now) == expected


def test_no_late_price_beyond_the_notice_horizon() -> None:
    now = Moment(day=0, minute=0)
    assert _price(8, now) == 300 + 240  # 192 h of notice: only the flat prices
