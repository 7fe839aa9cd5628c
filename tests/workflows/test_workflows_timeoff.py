"""Time off: allotment boundaries, waitlist promotion order, service refusals, reasons kept."""

from __future__ import annotations

import datetime as dt

import pytest
from workflow_kit import TUESDAY, make_instance, week

from scheduler.io import InputError
from scheduler.workflows.allotment import Allotment
from scheduler.workflows.book_store import JsonBookStore
from scheduler.workflows.timeoff import Desk, TimeOffInputError, cancel, submit
from scheduler.workflows.timeoff_book import RequestBook, RequestState

APPROVED, WAITLISTED = RequestState.APPROVED, RequestState.WAITLISTED


def desk(max_off: int | None = None, **instance_changes) -> Desk:
    allotments = () if max_off is None else (Allotment(date=TUESDAY, max_off=max_off),)
    return Desk(make_instance(**instance_changes), week(), allotments)


def ask(book, the_desk, *requests):
    decided = []
    for agent, points in requests:
        book, request = submit(book, the_desk, agent, TUESDAY, points=points)
        decided.append(request)
    return book, decided


def test_exactly_at_the_allotment_approves_one_more_waitlists():
    book, (a, b, d) = ask(RequestBook(), desk(2), ("A", 0), ("B", 0), ("D", 0))
    assert (a.state, b.state, d.state) == (APPROVED, APPROVED, WAITLISTED)
    assert d.reason == "allotment 2026-12-01: 2 agent(s) already off, at most 2"
    assert a.reason == "within allotment 2026-12-01; service holds"


def test_allotment_of_zero_waitlists_everyone():
    _, (a,) = ask(RequestBook(), desk(0), ("D", 3))
    assert a.state == WAITLISTED


def test_queue_allotment_counts_only_its_queue():
    queue_desk = Desk(make_instance(), week(), (Allotment(date=TUESDAY, queue="sales", max_off=1),))
    _, (d, e, f) = ask(RequestBook(), queue_desk, ("D", 0), ("E", 0), ("F", 0))
    assert (d.state, e.state, f.state) == (APPROVED, APPROVED, WAITLISTED)  # E serves service


def test_window_allotment_counts_overlapping_time_off_only():
    window = Allotment(date=TUESDAY, start_minute=600, end_minute=720, max_off=1)
    the_desk = Desk(make_instance(), week(), (window,))
    book, early = submit(RequestBook(), the_desk, "D", TUESDAY, window=(420, 600))
    book, late = submit(book, the_desk, "F", TUESDAY, window=(600, 660))
    _, third = submit(book, the_desk, "E", TUESDAY, window=(630, 700))
    assert (early.state, late.state, third.state) == (APPROVED, APPROVED, WAITLISTED)
    assert third.reason.startswith("allotment 2026-12-01 10:00-12:00: 1 agent(s) already off")


def test_cancel_promotes_in_bid_then_arrival_order():
    the_desk = desk(1)
    book, _ = ask(RequestBook(), the_desk, ("A", 0), ("D", 1), ("E", 5), ("F", 5))
    assert [r.id for r in book.waitlist()] == ["R0003", "R0004", "R0002"]
    book = cancel(book, the_desk, "R0001")
    states = {r.agent: r.state for r in book.requests}
    assert states == {"A": "cancelled", "D": WAITLISTED, "E": APPROVED, "F": WAITLISTED}
    promoted = book.get("R0003")
    assert (
        promoted.reason
        == "promoted after R0001 was cancelled: within allotment 2026-12-01; service holds"
    )
    assert [d.state for d in promoted.decisions] == [WAITLISTED, APPROVED]
    book = cancel(book, the_desk, "R0003")
    assert book.get("R0004").state == APPROVED and book.get("R0002").state == WAITLISTED


def test_service_level_refusal_names_queue_interval_and_numbers():
    # Sales needs all three of A, B and C on Tuesday.
    the_desk = desk(sales={1: 3})
    _, (a,) = ask(RequestBook(), the_desk, ("A", 9))
    assert a.state == WAITLISTED
    assert a.reason.startswith(
        "service sales 2026-12-01 09:00: 2 agent(s) on the phones, 3 required"
    )


def test_service_uses_erlang_when_there_is_a_forecast():
    n = 7 * 96
    calls = [0.0] * n
    for slot in range(36, 68):
        calls[96 + slot] = 20.0  # Tuesday 09:00-17:00: 20 calls of 180 s per 15 min = 4 Erlang
    instance = make_instance()
    demand = instance.demand.model_copy(
        update={"calls": {"sales": tuple(calls)}, "aht_seconds": {"sales": (180.0,) * n}}
    )
    the_desk = Desk(make_instance(demand=demand), week(), ())
    _, (a,) = ask(RequestBook(), the_desk, ("A", 0))
    assert a.state == WAITLISTED
    assert "projected service level 0.0 %, target 80 %" in a.reason


def test_request_that_breaks_a_rule_is_denied_with_the_rule():
    # A partial day off earns no leave credit, so A falls below the weekly minimum.
    the_desk = desk(agents={"A": {"min_weekly_minutes": 5 * 450}})
    _, request = submit(RequestBook(), the_desk, "A", TUESDAY, window=(600, 720))
    assert request.state == RequestState.DENIED
    assert request.reason.startswith("would break weekly_min_hours for A on 2026-11-30")
    _, whole_day = submit(RequestBook(), the_desk, "A", TUESDAY)
    assert whole_day.state == APPROVED  # a whole day is leave: it credits the minimum


def test_bad_requests_raise_and_change_nothing():
    book, _ = ask(RequestBook(), desk(2), ("A", 0))
    with pytest.raises(TimeOffInputError, match="unknown agent 'Z'"):
        submit(book, desk(2), "Z", TUESDAY)
    with pytest.raises(TimeOffInputError, match="is not inside the plan"):
        submit(book, desk(2), "B", dt.date(2027, 1, 5))
    with pytest.raises(TimeOffInputError, match="already has request R0001"):
        submit(book, desk(2), "A", TUESDAY)
    assert len(book.requests) == 1


def test_book_round_trips_through_its_store(tmp_path):
    store = JsonBookStore(tmp_path / "book.json")
    assert store.load() == RequestBook()
    book, _ = ask(RequestBook(), desk(1), ("A", 2), ("B", 1))
    store.save(book)
    assert store.load() == book
    (tmp_path / "bad.json").write_text('{"requests": [{"id": 1}]}')
    with pytest.raises(InputError, match="bad.json, field 'requests.0.id'"):
        JsonBookStore(tmp_path / "bad.json").load()
