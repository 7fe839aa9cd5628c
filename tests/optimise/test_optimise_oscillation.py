"""Strategic oscillation: when a soft round comes, what it prices, and the roster kept."""

from __future__ import annotations

import importlib
import time
from pathlib import Path

import numpy as np
import pytest

from scheduler.check import validate
from scheduler.io import load_instance
from scheduler.optimise.best_response import BestResponse
from scheduler.optimise.extract import build_roster
from scheduler.optimise.greedy import greedy_builder
from scheduler.optimise.late_acceptance import LateAcceptance
from scheduler.optimise.options import OptionCatalogue, rosterable
from scheduler.optimise.oscillation import SOFT_SHARE, STALLED_ROUNDS, Oscillation
from scheduler.optimise.roster_state import snapshot

DEMO = Path(__file__).resolve().parents[2] / "instances" / "demo"


@pytest.fixture
def search():
    instance = load_instance(DEMO)
    builder = greedy_builder(
        OptionCatalogue(instance), [a for a in instance.agents if rosterable(a)]
    )
    acceptance = LateAcceptance(builder, seed=3)
    return acceptance, BestResponse(acceptance, seed=3)


def test_a_stalled_search_gets_one_soft_round_then_plain_ones(monkeypatch, search) -> None:
    """Rounds that find nothing cheaper: after ``STALLED_ROUNDS`` of them one round sees
    the shortfall at ``SOFT_SHARE`` of its price, and the true prices come back after it,
    in the builder and in the compiled moves' packed problem."""
    acceptance = search[0]
    builder = acceptance.b
    true_price = builder.under_price.copy()
    seen: list[float] = []

    def idle_round(searched, deadline, round_seconds, moves=None, interrupt=None) -> None:
        seen.append(float(builder.under_price.max() / true_price.max()))

    oscillation = importlib.import_module("scheduler.optimise.oscillation")
    monkeypatch.setattr(oscillation, "search_round", idle_round)
    acceptance.problem()  # packed before the soft round: it must be re-priced
    rounds = Oscillation(search)
    for _ in range(2 * (STALLED_ROUNDS + 1)):
        rounds.round(deadline=0.0, round_seconds=1.0)
    soft = [1.0] * STALLED_ROUNDS + [SOFT_SHARE]
    assert seen == pytest.approx(soft + soft)
    np.testing.assert_array_equal(builder.under_price, true_price)
    packed = acceptance.problem().prices
    np.testing.assert_array_equal(packed, np.stack([builder.under_plus_over, true_price]))
    assert rounds.soft_rounds == 2


def test_without_soft_rounds_every_round_is_plain(monkeypatch, search) -> None:
    builder = search[0].b
    seen: list[float] = []
    oscillation = importlib.import_module("scheduler.optimise.oscillation")
    monkeypatch.setattr(
        oscillation,
        "search_round",
        lambda *a, **k: seen.append(float(builder.under_price.max())),
    )
    rounds = Oscillation(search, soft=False)
    for _ in range(2 * STALLED_ROUNDS + 2):
        rounds.round(deadline=0.0, round_seconds=1.0)
    assert len(set(seen)) == 1 and rounds.soft_rounds == 0


def test_the_best_roster_at_true_prices_is_what_the_search_ends_with(monkeypatch, search) -> None:
    """A soft round with the shortfall free leaves the roster dearer at the true prices
    (it gives up cover); ``finish`` puts the best one back, which the validator prices
    the same."""
    acceptance = search[0]
    builder = acceptance.b
    monkeypatch.setattr(
        importlib.import_module("scheduler.optimise.oscillation"), "SOFT_SHARE", 0.0
    )
    rounds = Oscillation(search)
    for _ in range(2):
        rounds.round(deadline=float("inf"), round_seconds=1.0, moves=3_000)
    best = rounds.best
    rounds.stalled = STALLED_ROUNDS
    rounds.round(deadline=float("inf"), round_seconds=1.0, moves=20_000)
    assert rounds.soft_rounds == 1
    assert acceptance.total() > best  # the soft round's roster, at the true prices
    assert rounds.finish() == pytest.approx(best)
    kept = snapshot(builder)
    roster = build_roster(builder.catalogue, kept.assignment, kept.break_counts)
    report = validate(builder.instance, roster)
    assert report.feasible
    assert report.costs["total"] == pytest.approx(best)


def test_the_first_stalls_trim_the_best_roster_and_later_ones_soften(monkeypatch, search) -> None:
    """With trims: each of the first ``TRIMS`` stalls (time enough left) puts the best roster
    back and trims it instead of a soft round; the next stall gets the soft round. Without
    the time for it, a stall softens at once."""
    oscillation = importlib.import_module("scheduler.optimise.oscillation")
    builder = search[0].b
    true_price = float(builder.under_price.max())
    events: list[str] = []
    monkeypatch.setattr(
        oscillation,
        "search_round",
        lambda *a, **k: events.append(
            "soft" if builder.under_price.max() < true_price else "plain"
        ),
    )
    monkeypatch.setattr(oscillation, "trim", lambda *a: events.append("trim") or 1)
    rounds = Oscillation(search, trims=True, seed=3)
    deadline = time.monotonic() + 100.0
    for _ in range((oscillation.TRIMS + 1) * (STALLED_ROUNDS + 1)):
        rounds.round(deadline, round_seconds=1.0)
    plain = ["plain"] * STALLED_ROUNDS
    assert events == [*plain, "trim"] * oscillation.TRIMS + [*plain, "soft"]
    assert rounds.trims == 0 and rounds.soft_rounds == 1

    events.clear()
    late = Oscillation(search, trims=True, seed=3)
    soon = time.monotonic() + oscillation.TRIM_MIN_SECONDS / 2
    for _ in range(STALLED_ROUNDS + 1):
        late.round(soon, round_seconds=1.0)
    assert events == [*plain, "soft"] and late.trims == oscillation.TRIMS
