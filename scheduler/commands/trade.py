"""``scheduler trade INSTANCE ROSTER``: give away, swap or pick up a shift, checked first.

* give away: ``--give A:DATE --take B:DATE`` (same date): A's shift goes to B;
* swap: ``--give A:DATE1 --give B:DATE2``: A's shift on DATE1 goes to B, B's on DATE2 to A;
* pick up: ``--take B:DATE --shift HH:MM-HH:MM [--queue Q]``: B works an extra shift.

Prints a JSON verdict. Exit status: 0 accepted (the roster is written to ``--out``, default
the roster's own folder), 1 rejected (each refusal names its rule; nothing is written), 2 bad
input.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from scheduler.check import MissingRequirementsError
from scheduler.commands.arguments import add_instance_and_roster
from scheduler.io import InputError, load_instance, read_roster, write_roster
from scheduler.models.clock import parse_hhmm
from scheduler.models.instance import Instance
from scheduler.models.roster import Span
from scheduler.planning import prepare_instance
from scheduler.staffing import StaffingInputError
from scheduler.workflows.trade import TradeInputError, TradeLeg, TradePolicy, trade

EXIT_ACCEPTED, EXIT_REJECTED, EXIT_BAD_INPUT = 0, 1, 2


def register(sub: Any) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "trade",
        help="trade shifts between agents, refused with the rule it would break",
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_instance_and_roster(parser)
    parser.add_argument("--give", action="append", default=[], metavar="AGENT:DATE")
    parser.add_argument("--take", action="append", default=[], metavar="AGENT:DATE")
    parser.add_argument("--shift", metavar="HH:MM-HH:MM", help="the shift a pick-up works")
    parser.add_argument("--queue", help="queue of a picked-up shift (default: primary)")
    parser.add_argument("--out", type=Path, help="folder for the traded roster")
    parser.add_argument("--notice-hours", type=float, default=24.0, help="default 24")
    parser.add_argument("--floor", type=int, help="agents per interval and queue to keep")
    parser.add_argument(
        "--max-under-increase",
        type=int,
        default=0,
        help="extra agent-minutes of under-coverage allowed (default 0; -1: no cap)",
    )
    parser.add_argument(
        "--keep-queue", action="store_true", help="never move a taker to another queue"
    )
    parser.add_argument("--now", help="YYYY-MM-DDTHH:MM local time (default: the clock)")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    try:
        instance = prepare_instance(load_instance(args.instance))
        roster = read_roster(args.roster, instance)
        legs = _legs(instance, args)
        policy = TradePolicy(
            notice_minutes=round(args.notice_hours * 60),
            floor_agents=args.floor,
            max_under_increase_minutes=None
            if args.max_under_increase < 0
            else args.max_under_increase,
            reassign_queue=not args.keep_queue,
        )
        result = trade(instance, roster, legs, policy, _now(instance, args.now))
    except (InputError, TradeInputError, StaffingInputError, MissingRequirementsError) as exc:
        print(f"scheduler trade: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    out = None
    if result.accepted:
        folder = Path(args.roster)
        out = args.out or (folder if folder.is_dir() else folder.parent)
        write_roster(out, result.roster, instance)
    verdict = {
        "accepted": result.accepted,
        "blocked": [b.model_dump() for b in result.blocked],
        "notes": list(result.notes),
        "written_to": str(out) if out else None,
    }
    print(json.dumps(verdict, indent=1))
    return EXIT_ACCEPTED if result.accepted else EXIT_REJECTED


def _agent_day(instance: Instance, text: str) -> tuple[str, int]:
    agent, _, date = text.rpartition(":")
    try:
        day = instance.horizon.day_of(dt.date.fromisoformat(date))
    except ValueError:
        raise TradeInputError(f"{text!r} is not AGENT:YYYY-MM-DD") from None
    if not agent or day is None:
        raise TradeInputError(f"{text!r}: expected AGENT:DATE with a date inside the plan")
    return agent, day


def _legs(instance: Instance, args: argparse.Namespace) -> list[TradeLeg]:
    gives = [_agent_day(instance, g) for g in args.give]
    takes = [_agent_day(instance, t) for t in args.take]
    if len(gives) == 2 and not takes:
        (a, day_a), (b, day_b) = gives
        return [TradeLeg(giver=a, taker=b, day=day_a), TradeLeg(giver=b, taker=a, day=day_b)]
    if len(gives) == 1 and len(takes) == 1:
        (a, day_a), (b, day_b) = gives[0], takes[0]
        if day_a != day_b:
            raise TradeInputError("a give-away moves a shift on its own date: use the same date")
        return [TradeLeg(giver=a, taker=b, day=day_a)]
    if not gives and len(takes) == 1:
        if not args.shift:
            raise TradeInputError("a pick-up needs --shift HH:MM-HH:MM")
        first, _, last = args.shift.partition("-")
        try:
            span = Span(start_minute=parse_hhmm(first), end_minute=parse_hhmm(last))
        except ValueError as exc:
            raise TradeInputError(f"--shift {args.shift!r}: {exc}") from None
        (b, day) = takes[0]
        return [TradeLeg(taker=b, day=day, shift=span, queue=args.queue)]
    raise TradeInputError(
        "give one shift to a taker (--give A:DATE --take B:DATE), swap two (--give A:D1 "
        "--give B:D2) or pick one up (--take B:DATE --shift HH:MM-HH:MM)"
    )


def _now(instance: Instance, text: str | None) -> dt.datetime:
    """Local wall-clock time in the instance's time zone, as roster times are written."""
    if text:
        try:
            return dt.datetime.fromisoformat(text).replace(tzinfo=None)
        except ValueError:
            raise TradeInputError(f"--now {text!r} is not YYYY-MM-DDTHH:MM") from None
    return dt.datetime.now(ZoneInfo(instance.horizon.timezone)).replace(tzinfo=None)
