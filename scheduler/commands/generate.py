"""``scheduler generate``: write a synthetic instance folder.

The same options and seed always give byte-identical files, so a benchmark instance can be
named by its command line. The folder is loaded back before reporting success, so what was
written is known to pass the same checks as a planner's own files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from scheduler.generate import (
    GeneratorSpec,
    default_queue_names,
    describe,
    generate,
    write_instance,
)
from scheduler.io import load_instance

DEFAULT_START = dt.date(2026, 11, 30)  # a Monday; fixed, not "next Monday", so runs repeat
MANY_AGENTS = 500  # from this size on, default to 10 queues instead of 2
EXIT_USAGE = 2


def register(sub: Any) -> None:
    """Add the ``generate`` sub-command to the CLI's sub-parsers."""
    parser = sub.add_parser(
        "generate",
        help="write a synthetic instance folder",
        description="Write a realistic synthetic instance folder (same seed, same files).",
    )
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write")
    parser.add_argument("--agents", type=int, default=60, metavar="N", help="staff (default 60)")
    parser.add_argument("--days", type=int, default=7, help="planned days (default 7)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--queues",
        metavar="COUNT|A,B,..",
        help=f"queue count or comma-separated ids (default 10 from {MANY_AGENTS} agents, else 2)",
    )
    parser.add_argument(
        "--start", type=_iso_date, default=DEFAULT_START, help="first date (default 2026-11-30)"
    )
    parser.add_argument("--interval", type=int, choices=(15, 30), default=15, help="minutes")
    parser.add_argument(
        "--holiday-day",
        type=int,
        action="append",
        default=[],
        metavar="K",
        dest="holiday_days",
        help="day index (0 = start) that is a public holiday; repeatable",
    )
    parser.add_argument(
        "--holiday-hours",
        default="as_weekday",
        help="opening on holidays: as_weekday (default), closed or HH:MM-HH:MM",
    )
    parser.add_argument(
        "--load-factor",
        type=float,
        default=GeneratorSpec.model_fields["load_factor"].default,
        help="required / available phone time (default %(default)s)",
    )
    parser.add_argument("--launch", action="store_true", help="launch-type demand decay")
    parser.add_argument("--support-share", type=float, default=0.0, help="share in role support")
    parser.add_argument("--reserve-share", type=float, default=0.0, help="share of reserves")
    parser.add_argument("--name", help="instance name (default: the folder's name)")
    parser.add_argument("--force", action="store_true", help="write into a non-empty folder")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Generate, write and re-load the folder; exit 2 on bad options or an occupied folder."""
    try:
        spec = spec_from_args(args)
    except ValueError as exc:  # pydantic's ValidationError is a ValueError too
        return _fail(_reason(exc))
    out: Path = args.out
    if out.exists() and not out.is_dir():
        return _fail(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not args.force:
        return _fail(f"{out} exists and is not empty (use --force to overwrite its instance files)")
    write_instance(out, generate(spec))
    print(f"wrote {out}: {describe(load_instance(out))}")
    return 0


def spec_from_args(args: argparse.Namespace) -> GeneratorSpec:
    """The generator spec the options describe; raises ``ValueError`` for a bad combination."""
    return GeneratorSpec(
        name=args.name or args.out.resolve().name,
        description=f"Synthetic instance (scheduler generate, seed {args.seed}).",
        agents=args.agents,
        days=args.days,
        start=args.start,
        interval_minutes=args.interval,
        queues=_queues(args.queues, args.agents),
        holiday_days=tuple(args.holiday_days),
        holiday_hours=args.holiday_hours,
        load_factor=args.load_factor,
        launch=args.launch,
        support_share=args.support_share,
        reserve_share=args.reserve_share,
        seed=args.seed,
    )


def _queues(option: str | None, agents: int) -> tuple[str, ...]:
    """``--queues`` as ids: a count picks realistic names, otherwise a comma-separated list."""
    if option is None:
        return default_queue_names(10 if agents >= MANY_AGENTS else 2)
    if option.strip().isdigit():
        count = int(option)
        if count < 1:
            raise ValueError("--queues: the count must be at least 1")
        return default_queue_names(count)
    return tuple(q.strip() for q in option.split(","))


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _reason(exc: Exception) -> str:
    """The first problem of a spec, in one line rather than pydantic's full report."""
    if isinstance(exc, ValidationError):
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        return f"{where}: {message}" if where else message
    return str(exc)


def _fail(message: str) -> int:
    print(f"scheduler generate: {message}", file=sys.stderr)
    return EXIT_USAGE
