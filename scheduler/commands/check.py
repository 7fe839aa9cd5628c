"""``scheduler check INSTANCE ROSTER``: validate a roster without any solver, print JSON.

Exit status: 0 when no hard rule is broken, 1 when some are, 2 when the input cannot be read
(the message, naming file, row and field, goes to stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from scheduler.check import MissingRequirementsError, validate
from scheduler.commands.arguments import add_instance_and_roster
from scheduler.io import InputError, load_instance, read_roster

EXIT_FEASIBLE, EXIT_VIOLATIONS, EXIT_BAD_INPUT = 0, 1, 2


def register(sub: Any) -> argparse.ArgumentParser:
    """Add the ``check`` sub-command to the CLI's sub-parsers."""
    parser = sub.add_parser(
        "check",
        help="check a roster against every hard rule and recompute its costs",
        description=(
            "Recompute every hard rule and cost term of a roster, independently of the "
            "optimiser. Prints a JSON report; exits 0 if feasible, 1 if rules are broken, "
            "2 on unreadable input."
        ),
    )
    add_instance_and_roster(parser)
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Load, validate, print the report; return the exit status."""
    try:
        instance = load_instance(args.instance)
        roster = read_roster(args.roster, instance)
        report = validate(instance, roster)
    except (InputError, MissingRequirementsError) as exc:
        print(f"scheduler check: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(json.dumps(report.as_dict(), indent=1))
    return EXIT_FEASIBLE if report.feasible else EXIT_VIOLATIONS
