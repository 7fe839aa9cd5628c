"""A HiGHS instance that prints nothing: its constructor writes a banner to file descriptor 1,
and a planner's ``scheduler plan | ...`` or a benchmark's JSON lines on stdout must get only
what the command prints."""

from __future__ import annotations

import os
import sys

import highspy


def quiet_highs() -> highspy.Highs:
    """``highspy.Highs()`` with the banner sent to /dev/null and logging off."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            lp = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    lp.setOptionValue("output_flag", False)
    return lp
