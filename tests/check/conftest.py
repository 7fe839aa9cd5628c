"""Fixtures of the validator tests; the builders themselves live in ``check_kit``."""

from __future__ import annotations

import pytest
from check_kit import baseline_days, make_instance

from scheduler.models.instance import Instance
from scheduler.models.roster import AgentDay


@pytest.fixture(scope="session")
def instance() -> Instance:
    return make_instance()


@pytest.fixture
def week() -> list[AgentDay]:
    """A fresh copy of the feasible baseline week (tests edit the list)."""
    return baseline_days()
