"""Cost terms recomputed from the roster alone, the same way whatever produced it.

Coverage is counted in agent-minutes per time step, from each agent-day's on-phone spans (shift
and overtime minus breaks and other non-phone blocks). Working at minute resolution first and
summing into steps keeps the count exact even for an off-grid roster, which the ``grid`` rule
reports separately. numpy keeps a 2,000-agent week well under a second.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scheduler.check.common import known_days
from scheduler.check.rules.contracts import minutes_short
from scheduler.check.rules.recovery import days_past_run_limit
from scheduler.models.clock import DAY_MINUTES
from scheduler.models.instance import Instance
from scheduler.models.requests import denial_costs
from scheduler.models.roster import Roster
from scheduler.models.unpopular import counts_for_fairness, excess_over_fair_share, is_unpopular

COST_TERMS = ("under", "over", "overtime", "requests")
# Reported only when their weight is above 0 (a soft rule's term only when it is soft).
OPTIONAL_TERMS = ("fairness", "soft_weekly_min_hours", "soft_max_consecutive_days")


class MissingRequirementsError(ValueError):
    """The instance has a forecast but no staffing requirement to measure coverage against."""


@dataclass(frozen=True)
class Coverage:
    """Per queue (rows, in ``Instance.queue_ids`` order) and time step (columns), in minutes."""

    required: np.ndarray
    staffed: np.ndarray
    under_weight: np.ndarray  # cost per minute of shortfall in each step

    @property
    def shortfall(self) -> np.ndarray:
        return np.maximum(self.required - self.staffed, 0)

    @property
    def excess(self) -> np.ndarray:
        return np.maximum(self.staffed - self.required, 0)


def _per_step(instance: Instance, values: tuple[int, ...], queue: str, what: str) -> np.ndarray:
    """Repeat one value per demand interval into one value per time step."""
    horizon = instance.horizon
    expected = horizon.days * horizon.intervals_per_day
    if len(values) != expected:
        raise ValueError(
            f"demand {what} of queue {queue} has {len(values)} intervals, expected {expected}"
        )
    steps = horizon.interval_minutes // horizon.time_step_minutes
    return np.repeat(np.asarray(values, dtype=np.int64), steps)


def _required(instance: Instance) -> np.ndarray:
    demand = instance.demand
    if not demand.required:
        raise MissingRequirementsError(
            f"instance {instance.name} has a forecast but no staffing requirements "
            "(requirements.csv); convert the forecast into requirements before checking a roster"
        )
    slots = instance.horizon.days * instance.horizon.steps_per_day
    rows = [
        _per_step(instance, demand.required[q], q, "requirement")
        if q in demand.required
        else np.zeros(slots, dtype=np.int64)
        for q in instance.queue_ids
    ]
    return np.vstack(rows) * instance.horizon.time_step_minutes


def _under_weights(instance: Instance, slots: int) -> np.ndarray:
    default = instance.costs.under_per_minute
    rows = []
    for q in instance.queue_ids:
        weights = instance.demand.under_weight.get(q)
        if weights is None:
            rows.append(np.full(slots, default, dtype=np.int64))
        else:
            per_step = _per_step(instance, weights, q, "under_weight")
            rows.append(np.where(per_step >= 0, per_step, default))
    return np.vstack(rows)


def _staffed(instance: Instance, roster: Roster) -> np.ndarray:
    """On-phone agent-minutes per queue and step, via a per-minute difference array."""
    queue_index = {q: n for n, q in enumerate(instance.queue_ids)}
    rows, starts, ends = [], [], []
    for _, agent_day in known_days(instance, roster):
        row = queue_index.get(agent_day.queue)
        if row is None:
            continue  # reported by queue_skill; counts for no queue
        offset = agent_day.day * DAY_MINUTES
        for start, end in agent_day.on_phone_spans():
            rows.append(row)
            starts.append(offset + start)
            ends.append(offset + end)
    minutes = instance.horizon.days * DAY_MINUTES
    diff = np.zeros((len(queue_index), minutes + 1), dtype=np.int64)
    row_index = np.asarray(rows, dtype=np.intp)
    np.add.at(diff, (row_index, np.asarray(starts, dtype=np.intp)), 1)
    np.add.at(diff, (row_index, np.asarray(ends, dtype=np.intp)), -1)
    per_minute = np.cumsum(diff[:, :minutes], axis=1)
    step = instance.horizon.time_step_minutes
    return per_minute.reshape(len(queue_index), -1, step).sum(axis=2)


def coverage(instance: Instance, roster: Roster) -> Coverage:
    """Required and staffed minutes of every queue and time step."""
    required = _required(instance)
    return Coverage(
        required=required,
        staffed=_staffed(instance, roster),
        under_weight=_under_weights(instance, required.shape[1]),
    )


def _working(instance: Instance, roster: Roster) -> set[tuple[str, int]]:
    return {(a.id, d.day) for a, d in known_days(instance, roster) if d.works}


def evaluate(instance: Instance, roster: Roster) -> tuple[dict[str, int], dict[str, int]]:
    """Cost terms (with their ``total``) and counts, computed in one pass."""
    cover = coverage(instance, roster)
    weights = instance.costs
    working = _working(instance, roster)
    denied = [r for r in instance.requests if (r.agent, r.day) in working]
    prices = denial_costs(instance)
    overtime = sum(s.minutes for _, d in known_days(instance, roster) for s in d.overtime)
    costs = {
        "under": int((cover.shortfall * cover.under_weight).sum()),
        "over": int(cover.excess.sum()) * weights.over_per_minute,
        "overtime": overtime * weights.overtime_per_minute,
        "requests": sum(
            price
            for r, price in zip(instance.requests, prices, strict=True)
            if (r.agent, r.day) in working
        ),
    }
    if weights.fairness_per_shift:
        costs["fairness"] = weights.fairness_per_shift * unpopular_excess(instance, roster)
    soft_min = instance.soft_min_price()
    if soft_min is not None:
        costs["soft_weekly_min_hours"] = soft_min * minutes_short(instance, roster)
    soft_run = instance.soft_run_price()
    if soft_run is not None:
        costs["soft_max_consecutive_days"] = soft_run * days_past_run_limit(instance, roster)
    costs["total"] = sum(costs[term] for term in (*COST_TERMS, *OPTIONAL_TERMS) if term in costs)
    counts = {
        "under_minutes": int(cover.shortfall.sum()),
        "over_minutes": int(cover.excess.sum()),
        "overtime_minutes": overtime,
        "requests_granted": len(instance.requests) - len(denied),
        "requests_denied": len(denied),
        "shifts": sum(1 for _, d in known_days(instance, roster) if d.shift is not None),
        "agents_working": len({agent for agent, _ in working}),
    }
    return costs, counts


def unpopular_counts(instance: Instance, roster: Roster) -> dict[str, int]:
    """Unpopular shifts (late, weekend, public holiday) per rostered agent, zeros included."""
    counts = {a.id: 0 for a in instance.agents if counts_for_fairness(a)}
    for agent, agent_day in known_days(instance, roster):
        shift = agent_day.shift
        if agent.id in counts and shift is not None:
            counts[agent.id] += is_unpopular(instance, agent_day.day, shift.end_minute)
    return counts


def unpopular_excess(instance: Instance, roster: Roster) -> int:
    """Unpopular shifts worked above the fair share, summed over the rostered agents."""
    return excess_over_fair_share(list(unpopular_counts(instance, roster).values()))


def roster_costs(instance: Instance, roster: Roster) -> dict[str, int]:
    """The objective's terms ``under``, ``over``, ``overtime``, ``requests`` and their ``total``.

    Raises ``MissingRequirementsError`` (a ``ValueError``) for a forecast-only instance.
    """
    return evaluate(instance, roster)[0]


def roster_counts(instance: Instance, roster: Roster) -> dict[str, int]:
    """Minutes under and over requirement, overtime minutes, requests, shifts, agents working."""
    return evaluate(instance, roster)[1]
