"""Synthetic instances with realistic demand curves and staff mixes, and their sanity checks."""

from scheduler.generate.sanity import (
    WeekLoad,
    contract_problems,
    describe,
    rosterable,
    uncovered_demand,
    weekly_load,
)
from scheduler.generate.synthetic import (
    GeneratorSpec,
    default_queue_names,
    generate,
    write_instance,
)

__all__ = [
    "GeneratorSpec",
    "WeekLoad",
    "contract_problems",
    "default_queue_names",
    "describe",
    "generate",
    "rosterable",
    "uncovered_demand",
    "weekly_load",
    "write_instance",
]
