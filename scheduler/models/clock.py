"""Wall-clock times as minutes after midnight.

Everything inside the scheduler counts minutes: from midnight within a day, or from the
horizon's first midnight across days. Integers keep CP-SAT exact and comparisons trivial.
"""

from __future__ import annotations

import re

DAY_MINUTES = 1440
_HHMM = re.compile(r"^(\d{1,2}):(\d{2})$")


def parse_hhmm(text: str) -> int:
    """Parse ``HH:MM`` (``24:00`` allowed, meaning the end of the day) into minutes."""
    match = _HHMM.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a time of day (expected HH:MM)")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes >= 60 or hours > 24 or (hours == 24 and minutes):
        raise ValueError(f"{text!r} is not a time of day (expected 00:00 to 24:00)")
    return hours * 60 + minutes


def format_hhmm(minutes: int) -> str:
    """Format minutes after midnight as ``HH:MM``."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
