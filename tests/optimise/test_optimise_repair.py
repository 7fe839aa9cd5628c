"""Repairing agents the construction left under their minimum stays inside its time share."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest

# The package exports the function ``solve``, which hides the module of the same name.
solve_module = importlib.import_module("scheduler.optimise.solve")


class _Clock:
    """A fake monotonic clock that each repair call moves on by what it was given."""

    def __init__(self) -> None:
        self.now = 100.0

    def monotonic(self) -> float:
        return self.now

    def left(self) -> float:
        return 20.0


def _run(monkeypatch, short: int, used: float | None) -> list[tuple[int, float]]:
    """The calls (agents, seconds) made for ``short`` agents, each using ``used`` seconds
    of the clock (or all it was given)."""
    clock, calls = _Clock(), []

    def reoptimise(builder, batch, total, seconds, workers, seed, force):
        calls.append((len(batch), seconds))
        clock.now += seconds if used is None else used
        return 0.0

    monkeypatch.setattr(solve_module, "reoptimise_agents", reoptimise)
    monkeypatch.setattr(solve_module, "time", SimpleNamespace(monotonic=clock.monotonic))
    params = SimpleNamespace(workers=1, seed=0)
    search = SimpleNamespace(total=lambda: 0.0)
    solve_module._repair(None, list(range(short)), search, clock, params)
    return calls


def test_a_few_short_agents_are_repaired_one_by_one_within_the_share(monkeypatch) -> None:
    calls = _run(monkeypatch, 3, used=0.01)
    assert [n for n, _ in calls] == [1, 1, 1]
    # What one agent leaves unused passes to the next, up to the cap.
    seconds = [s for _, s in calls]
    assert seconds == sorted(seconds)
    assert seconds[-1] <= solve_module.REPAIR_SECONDS
    assert seconds[0] == pytest.approx(solve_module.REPAIR_SHARE * 20.0 / 3)


@pytest.mark.parametrize(("short", "reached"), [(11, 11), (200, 200), (1000, 200)])
def test_many_short_agents_share_a_fixed_part_of_the_time_in_batches(
    monkeypatch, short, reached
) -> None:
    calls = _run(monkeypatch, short, used=None)
    assert all(n <= solve_module.REPAIR_BATCH for n, _ in calls)
    assert sum(s for _, s in calls) <= solve_module.REPAIR_SHARE * 20.0 + 1e-9
    # 1,000 agents at the floor's 0.2 s a batch of 8 would need 25 s: those not reached in
    # the share stay short (the validator reports them) rather than run past the limit.
    assert sum(n for n, _ in calls) == reached
