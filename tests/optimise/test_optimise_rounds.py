"""A round of the search: late acceptance sized by the best-response sweep that follows it."""

from __future__ import annotations

import time

import pytest

from scheduler.optimise import rounds


class _Builder:
    def rebalance_breaks(self, passes: int) -> None:
        pass


class _Acceptance:
    def __init__(self) -> None:
        self.b = _Builder()
        self.stop: float | None = None

    def run(self, stop: float, max_moves=None, interrupt=None) -> None:
        self.stop = stop

    def rebalance_breaks(self, passes: int) -> None:
        self.b.rebalance_breaks(passes)


class _Responder:
    def __init__(self, sweep_seconds: float) -> None:
        self.sweep_seconds = sweep_seconds

    def sweep(self, deadline: float) -> int:
        return 0


@pytest.mark.parametrize(
    ("round_seconds", "sweep_seconds", "expected"),
    [(1.5, 0.1, 1.5), (1.5, 1.2, 4.8), (5.0, 0.5, 5.0), (0.2, 0.0, 1.0)],
)
def test_a_round_lasts_its_seconds_or_a_multiple_of_the_sweep(
    round_seconds, sweep_seconds, expected
) -> None:
    """Short rounds where sweeps are cheap (the demo), long ones where a sweep takes seconds
    (1,000 agents), so sweeps keep about a fifth of the search; never under a second."""
    acceptance = _Acceptance()
    before = time.monotonic()
    rounds.search_round((acceptance, _Responder(sweep_seconds)), before + 100.0, round_seconds)
    assert rounds.SWEEP_RATIO == 4.0
    assert acceptance.stop - before == pytest.approx(expected, abs=0.05)


def test_a_round_never_passes_the_deadline() -> None:
    acceptance = _Acceptance()
    deadline = time.monotonic() + 0.5
    rounds.search_round((acceptance, _Responder(2.0)), deadline, 1.5)
    assert acceptance.stop == deadline
