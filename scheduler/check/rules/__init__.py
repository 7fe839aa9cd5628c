"""One module per rule family; each exposes ``check_<family>`` and a ``RULES`` name -> check map.

Every check takes ``(instance, roster)`` and returns violations of its own rule only, so a test
can call one rule in isolation and the validator can run them all.
"""

from scheduler.check.rules.absences import check_absences
from scheduler.check.rules.average_hours import check_average_weekly_hours
from scheduler.check.rules.break_law import check_break_law
from scheduler.check.rules.breaks import check_breaks
from scheduler.check.rules.contracts import check_contracts
from scheduler.check.rules.daily_hours import check_daily_hours
from scheduler.check.rules.overtime import check_overtime
from scheduler.check.rules.recovery import check_recovery
from scheduler.check.rules.requests import check_requests
from scheduler.check.rules.shifts import check_shifts
from scheduler.check.rules.weekly_rest import check_weekly_rest

__all__ = [
    "check_absences",
    "check_average_weekly_hours",
    "check_break_law",
    "check_breaks",
    "check_contracts",
    "check_daily_hours",
    "check_overtime",
    "check_recovery",
    "check_requests",
    "check_shifts",
    "check_weekly_rest",
]
