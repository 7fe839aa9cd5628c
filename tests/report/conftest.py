"""Fixtures of the report tests: the shipped demo instance and a small hand-made roster."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.io import load_instance
from scheduler.models.clock import parse_hhmm
from scheduler.models.instance import Instance
from scheduler.models.roster import AgentDay, BreakPlacement, Roster, Span

DEMO = Path(__file__).resolve().parents[2] / "instances" / "demo"


def _span(first: str, last: str) -> Span:
    return Span(start_minute=parse_hhmm(first), end_minute=parse_hhmm(last))


def _block(kind: str, first: str, last: str) -> BreakPlacement:
    return BreakPlacement(kind=kind, start_minute=parse_hhmm(first), end_minute=parse_hhmm(last))


@pytest.fixture(scope="session")
def demo() -> Instance:
    return load_instance(DEMO)


@pytest.fixture
def small_roster(demo: Instance) -> Roster:
    """A0001 Monday and Tuesday, A0002 Monday with an hour of overtime; nobody else."""
    days = (
        AgentDay(
            agent="A0001",
            day=0,
            queue="sales",
            shift=_span("08:00", "16:30"),
            breaks=(_block("break", "10:15", "10:30"), _block("lunch", "12:00", "12:30")),
        ),
        AgentDay(
            agent="A0001",
            day=1,
            queue="sales",
            shift=_span("10:00", "18:00"),
            breaks=(_block("break", "12:00", "12:15"),),
        ),
        AgentDay(
            agent="A0002",
            day=0,
            queue="service",
            shift=_span("09:00", "17:00"),
            breaks=(_block("break", "11:00", "11:15"),),
            overtime=(_span("17:00", "18:00"),),
        ),
    )
    return Roster(instance=demo.name, agent_days=days)
