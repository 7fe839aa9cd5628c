"""Day-based shift-cover problems (the Curtois & Qu benchmark family): data, reader, the
independent scorer, a CP-SAT solver, and a lossy importer into the contact-centre Instance."""

from scheduler.shiftcover.model import (
    OFF,
    Cover,
    ShiftCoverProblem,
    ShiftCoverRoster,
    ShiftRequest,
    ShiftType,
    Staff,
)
from scheduler.shiftcover.reader import parse_problem, read_problem
from scheduler.shiftcover.score import HardViolation, Score, ScoreReport, check, score

__all__ = [
    "OFF",
    "Cover",
    "HardViolation",
    "Score",
    "ScoreReport",
    "ShiftCoverProblem",
    "ShiftCoverRoster",
    "ShiftRequest",
    "ShiftType",
    "Staff",
    "check",
    "parse_problem",
    "read_problem",
    "score",
]
