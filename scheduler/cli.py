"""The ``scheduler`` command: parse arguments, call the library, print.

Each sub-command lives in ``scheduler/commands/<name>.py`` and exposes ``register(subparsers)``;
this file only wires them together, so a new command never edits another.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from scheduler import __version__

COMMANDS = [
    "plan",
    "check",
    "generate",
    "staffing",
    "requirements",
    "forecast",
    "backtest",
    "service",
    "export",
    "points",
    "publish",
    "hours",
    "simulate",
    "report",
    "analyse",
    "trade",
    "timeoff",
    "replan",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scheduler", description="Contact-centre workforce scheduler."
    )
    parser.add_argument("--version", action="version", version=f"scheduler {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"scheduler.commands.{name}")
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
