"""Files in and out: instance folders, rosters, summaries. Errors name file, row and field."""

from scheduler.io.atomic import save_atomic, write_atomic, write_text_atomic
from scheduler.io.errors import InputError
from scheduler.io.instance_reader import load_instance
from scheduler.io.roster_io import read_roster, roster_rows, write_roster

__all__ = [
    "InputError",
    "load_instance",
    "read_roster",
    "save_atomic",
    "roster_rows",
    "write_atomic",
    "write_roster",
    "write_text_atomic",
]
