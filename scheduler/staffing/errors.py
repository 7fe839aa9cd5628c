"""Errors raised by the staffing engine.

A planner feeding a forecast wants to know *which* number is wrong, not that "a value" is: every
input error carries the name of the offending field so the CLI (and any caller) can point at it.
"""

from __future__ import annotations


class StaffingInputError(ValueError):
    """An input to the staffing engine is out of its domain.

    ``field`` is the name of the parameter (or forecast column) at fault; it also starts the
    message, so ``str(error)`` alone is enough for a one-line report.
    """

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")
