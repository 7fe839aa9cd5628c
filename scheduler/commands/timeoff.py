"""``scheduler timeoff request|cancel|list INSTANCE ...``: the time-off request book.

``request`` asks for time off and decides it at once (approved while the allotments in
``allotments.csv`` and the projected service hold, else waitlisted, or denied when it would
break a rule); ``cancel`` withdraws a request and promotes from the waitlist; ``list`` prints the
book. The book is a JSON file (``--book``, default ``INSTANCE/timeoff.json``) replaced
atomically. Exit status: 0 approved / done, 1 waitlisted or denied, 2 bad input (nothing
written).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from scheduler.check import MissingRequirementsError
from scheduler.commands.arguments import add_instance_and_roster
from scheduler.io import InputError, load_instance, read_roster
from scheduler.models.clock import parse_hhmm
from scheduler.planning import prepare_instance
from scheduler.staffing import StaffingInputError
from scheduler.workflows.allotment_reader import load_allotments
from scheduler.workflows.book_store import JsonBookStore
from scheduler.workflows.timeoff import Desk, TimeOffInputError, cancel, submit
from scheduler.workflows.timeoff_book import RequestBook, RequestState, TimeOffRequest

EXIT_OK, EXIT_NOT_APPROVED, EXIT_BAD_INPUT = 0, 1, 2
ERRORS = (InputError, TimeOffInputError, StaffingInputError, MissingRequirementsError)


def register(sub: Any) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "timeoff",
        help="request, cancel and list time off against allotments and service",
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    request = actions.add_parser("request", help="ask for time off and decide it")
    add_instance_and_roster(request)
    request.add_argument("--agent", required=True)
    request.add_argument("--date", required=True, type=_date, help="first day off")
    request.add_argument("--to", type=_date, help="last day off (default: --date)")
    request.add_argument("--window", help="HH:MM-HH:MM for part of a day (default: all day)")
    request.add_argument("--points", type=int, default=0, help="bid points (default 0)")
    cancel_parser = actions.add_parser("cancel", help="withdraw a request, promote the waitlist")
    add_instance_and_roster(cancel_parser)
    cancel_parser.add_argument("--id", required=True, help="request id, e.g. R0003")
    listing = actions.add_parser("list", help="print the book")
    listing.add_argument("instance", metavar="INSTANCE", help="instance folder")
    listing.add_argument("--state", choices=[s.value for s in RequestState])
    for sub_parser in (request, cancel_parser, listing):
        sub_parser.add_argument("--book", type=Path, help="default INSTANCE/timeoff.json")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    store = JsonBookStore(args.book or Path(args.instance) / "timeoff.json")
    try:
        book = store.load()
        if args.action == "list":
            wanted = [r for r in book.requests if not args.state or r.state == args.state]
            print(json.dumps([_entry(r) for r in wanted], indent=1))
            return EXIT_OK
        desk = _desk(args)
        if args.action == "request":
            window = _window(args.window) if args.window else None
            book, decided = submit(book, desk, args.agent, args.date, args.to, args.points, window)
        else:
            book = cancel(book, desk, args.id)
            decided = book.get(args.id)
    except ERRORS as exc:
        print(f"scheduler timeoff: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    store.save(book)
    print(json.dumps({"request": _entry(decided), "book": _summary(book)}, indent=1))
    approved = decided.state in (RequestState.APPROVED, RequestState.CANCELLED)
    return EXIT_OK if approved else EXIT_NOT_APPROVED


def _desk(args: argparse.Namespace) -> Desk:
    instance = prepare_instance(load_instance(args.instance))
    roster = read_roster(args.roster, instance)
    return Desk(instance, roster, load_allotments(args.instance, instance))


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _window(text: str) -> tuple[int, int]:
    first, _, last = text.partition("-")
    try:
        start, end = parse_hhmm(first), parse_hhmm(last)
    except ValueError as exc:
        raise TimeOffInputError(f"--window {text!r}: {exc}") from None
    if end <= start:
        raise TimeOffInputError(f"--window {text!r} ends before it starts")
    return start, end


def _entry(request: TimeOffRequest) -> dict[str, Any]:
    return {
        "id": request.id,
        "agent": request.agent,
        "first": request.first.isoformat(),
        "last": request.last.isoformat(),
        "points": request.points,
        "arrival": request.arrival,
        "state": request.state,
        "reason": request.reason,
    }


def _summary(book: RequestBook) -> dict[str, Any]:
    return {
        state.value: [r.id for r in book.in_state(state)]
        for state in RequestState
        if book.in_state(state)
    } | {"waitlist_order": [r.id for r in book.waitlist()]}
