"""``simulate_roster``: replications of the roster, set beside the Erlang formulas.

The formula column uses the same callers as the simulation (the plan's calls and AHT per
interval) and the same staff projection as ``scheduler service`` (whole agents on the phones),
with the definitions the simulation can measure: Erlang C's service level and ASA, or for a
queue with patience Erlang A's *offered* service level (a caller who hangs up is a miss) and
abandonment. An interval *disagrees* when a formula value lies outside the simulation's
confidence interval; the ``note`` names what the formula leaves out there.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scheduler.evaluate.breaks import break_agents
from scheduler.evaluate.service import projected_service
from scheduler.models.clock import format_hhmm
from scheduler.models.instance import Instance
from scheduler.models.roster import Roster
from scheduler.planning import prepare_instance
from scheduler.simulate.arrivals import ArrivalPlan, draw_calls, forecast_arrivals
from scheduler.simulate.engine import run_replication
from scheduler.simulate.measures import Tallies, estimates
from scheduler.simulate.params import SimulationParams
from scheduler.simulate.phone_time import phone_spans
from scheduler.staffing import erlang_a_metrics, erlang_c_metrics

SIMULATION_COLUMNS = (
    "date",
    "start",
    "queue",
    "calls",
    "aht",
    "required",
    "scheduled",
    "agents",
    "break_agents",
    "offered",
    "sl",
    "sl_low",
    "sl_high",
    "sl_formula",
    "abandon",
    "abandon_low",
    "abandon_high",
    "abandon_formula",
    "asa_s",
    "asa_low_s",
    "asa_high_s",
    "queue_time_s",
    "queue_time_formula_s",
    "borrowed_share",
    "lent_calls",
    "disagrees",
    "note",
)


@dataclass(frozen=True)
class _Demand:
    """The plan's callers summed to the instance's intervals: calls and mean AHT."""

    calls: np.ndarray
    aht: np.ndarray


def simulate_roster(
    instance: Instance,
    roster: Roster,
    params: SimulationParams | None = None,
    plan: ArrivalPlan | None = None,
) -> pd.DataFrame:
    """One row per interval and queue with calls or staff (columns ``SIMULATION_COLUMNS``).

    ``plan`` defaults to Poisson arrivals around the instance's forecast; pass
    :func:`~scheduler.simulate.arrivals.replayed_arrivals` to replay history. Raises
    ``SimulationInputError`` when there are no calls to simulate.
    """
    params = params or SimulationParams()
    plan = plan or forecast_arrivals(instance)
    if not instance.demand.required:
        instance = prepare_instance(instance)
    values = _simulate(instance, roster, params, plan)
    demand = _interval_demand(instance, plan)
    values.update(_formulas(instance, demand, values["agents"]))
    values["break_agents"] = break_agents(instance, roster)
    return _frame(instance, demand, values, params)


def _simulate(
    instance: Instance, roster: Roster, params: SimulationParams, plan: ArrivalPlan
) -> dict[str, np.ndarray]:
    horizon = instance.horizon
    intervals = horizon.days * horizon.intervals_per_day
    interval_s = 60.0 * horizon.interval_minutes
    spans = phone_spans(instance, roster, params.routing)
    service_s = np.array([q.service_seconds for q in instance.queues], dtype=float)
    tallies = Tallies((params.replications, len(instance.queues), intervals))
    for replication in range(params.replications):
        rng = np.random.default_rng([params.seed, replication])
        calls = draw_calls(plan, rng)
        outcomes = run_replication(spans, calls, len(instance.agents), len(instance.queues))
        tallies.add(replication, calls, outcomes, interval_s, service_s)
    values = estimates(tallies, params.confidence)
    service = projected_service(instance, roster)
    values["required"], values["scheduled"], values["agents"] = _staff(instance, service)
    return values


def _staff(instance: Instance, service: pd.DataFrame) -> tuple[np.ndarray, ...]:
    """Required, scheduled and whole agents per queue and interval, from the projection."""
    horizon = instance.horizon
    shape = (len(instance.queues), horizon.days * horizon.intervals_per_day)
    arrays = [np.zeros(shape) for _ in range(3)]
    if service.empty:
        return tuple(arrays)
    row = service["queue"].map({q: n for n, q in enumerate(instance.queue_ids)}).to_numpy()
    day = service["date"].map(lambda d: (pd.Timestamp(d).date() - horizon.start).days)
    slot = service["start"].map(
        lambda s: (int(s[:2]) * 60 + int(s[3:])) // horizon.interval_minutes
    )
    index = (day * horizon.intervals_per_day + slot).to_numpy(dtype=np.intp)
    for array, column in zip(arrays, ("required", "scheduled", "agents"), strict=True):
        array[row, index] = service[column].to_numpy(dtype=float)
    return tuple(arrays)


def _interval_demand(instance: Instance, plan: ArrivalPlan) -> _Demand:
    interval_s = 60.0 * instance.horizon.interval_minutes
    per = max(1, round(interval_s / plan.bin_seconds))
    queues = plan.counts.shape[0]
    counts = plan.counts.reshape(queues, -1, per)
    calls = counts.sum(axis=2)
    work = (counts * plan.aht_s.reshape(queues, -1, per)).sum(axis=2)
    aht = np.divide(
        work, calls, out=plan.aht_s.reshape(queues, -1, per)[:, :, 0].copy(), where=calls > 0
    )
    return _Demand(calls=calls, aht=aht)


def _formulas(instance: Instance, demand: _Demand, agents: np.ndarray) -> dict[str, np.ndarray]:
    """Erlang C / offered Erlang A per queue and interval on the plan's calls."""
    interval_s = 60.0 * instance.horizon.interval_minutes
    out = {
        name: np.full(agents.shape, np.nan)
        for name in ("sl_formula", "abandon_formula", "queue_time_formula_s", "load")
    }
    out["load"] = demand.calls * demand.aht / interval_s
    for row, queue in enumerate(instance.queues):
        n, load, aht = agents[row], out["load"][row], demand.aht[row]
        if queue.patience_seconds is None:
            m = erlang_c_metrics(n, load, aht, queue.service_seconds)
            out["sl_formula"][row] = m.service_level
            out["abandon_formula"][row] = 0.0
            out["queue_time_formula_s"][row] = m.asa_s
        else:
            a = erlang_a_metrics(n, load, aht, queue.patience_seconds, queue.service_seconds)
            out["sl_formula"][row] = a.service_level_offered
            out["abandon_formula"][row] = a.p_abandon
            out["queue_time_formula_s"][row] = a.asa_offered_s
    return out


def _outside(value: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return ~np.isnan(low) & ((value < low - 1e-9) | (value > high + 1e-9))


def _notes(instance: Instance, values: dict[str, np.ndarray], disagrees: np.ndarray) -> list[str]:
    """What the formula leaves out in each disagreeing interval (row-major order)."""
    per_day = instance.horizon.intervals_per_day
    target = np.array([[q.service_level] for q in instance.queues])
    previous = np.roll(values["sl"], 1, axis=1)
    previous[:, ::per_day] = np.nan  # the first interval of a day has no carry-over
    reasons = {
        "simulation better": values["sl"] > values["sl_formula"],
        "simulation worse": values["sl"] < values["sl_formula"],
        "breaks in the interval": values["break_agents"] > 0,
        "staff changes inside the interval": values["scheduled"] != values["agents"],
        "agents shared across queues": (values["borrowed_share"] > 0) | (values["lent_calls"] > 0),
        "formula overloaded (load >= agents)": values["load"] >= values["agents"],
        "queue carried over from the previous interval": previous < target,
        "callers left waiting at log-off": (values["abandon_formula"] == 0)
        & (values["abandon"] > 0),
    }
    notes = []
    for index in zip(*np.nonzero(np.ones_like(disagrees)), strict=True):
        if not disagrees[index]:
            notes.append("")
            continue
        with np.errstate(invalid="ignore"):
            found = [name for name, mask in reasons.items() if mask[index]]
        if len(found) < 2:
            found.append("transient: the formula assumes a steady state")
        notes.append("; ".join(found))
    return notes


def _frame(
    instance: Instance, demand: _Demand, values: dict[str, np.ndarray], params: SimulationParams
) -> pd.DataFrame:
    horizon = instance.horizon
    queues, intervals = demand.calls.shape
    disagrees = _outside(values["sl_formula"], values["sl_low"], values["sl_high"]) | _outside(
        values["abandon_formula"], values["abandon_low"], values["abandon_high"]
    )
    day, slot = np.divmod(np.tile(np.arange(intervals), queues), horizon.intervals_per_day)
    columns = {
        "date": [horizon.date_of(int(d)).isoformat() for d in day],
        "start": [format_hhmm(int(s) * horizon.interval_minutes) for s in slot],
        "queue": np.repeat(np.asarray(instance.queue_ids, dtype=object), intervals),
        "calls": demand.calls.ravel(),
        "aht": demand.aht.ravel(),
        "disagrees": disagrees.ravel(),
        "note": _notes(instance, values, disagrees),
    }
    for name in SIMULATION_COLUMNS:
        if name not in columns:
            columns[name] = values[name].ravel()
    frame = pd.DataFrame(columns).loc[:, list(SIMULATION_COLUMNS)]
    keep = (frame["calls"] > 0) | (frame["scheduled"] > 0) | (frame["offered"] > 0)
    frame = frame[keep].reset_index(drop=True)
    frame.attrs.update(
        replications=params.replications,
        seed=params.seed,
        routing=params.routing.value,
        confidence=params.confidence,
    )
    return frame
