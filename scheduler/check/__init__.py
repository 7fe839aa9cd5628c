"""The independent roster validator: every hard rule and every cost term, without a solver.

Tests and benchmarks trust this, never the optimiser's own objective.
"""

from scheduler.check.costs import MissingRequirementsError, roster_costs, roster_counts
from scheduler.check.validator import RULES, RuleCheck, validate
from scheduler.check.violation import CheckReport, Violation

__all__ = [
    "RULES",
    "CheckReport",
    "MissingRequirementsError",
    "RuleCheck",
    "Violation",
    "roster_costs",
    "roster_counts",
    "validate",
]
