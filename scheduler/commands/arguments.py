"""Arguments several sub-commands share, spelled once so their help reads the same."""

from __future__ import annotations

import argparse


def add_instance_and_roster(parser: argparse.ArgumentParser) -> None:
    """Positional INSTANCE and ROSTER, as ``check``, ``service`` and ``export`` take them."""
    parser.add_argument("instance", metavar="INSTANCE", help="instance folder")
    parser.add_argument(
        "roster", metavar="ROSTER", help="roster.csv, or a folder holding roster.csv"
    )
