"""Discrete-event simulation of a roster against sampled or replayed calls.

The Erlang formulas assume one queue, a fixed number of agents for the whole interval and a
steady state. A roster breaks all three: agents serve several queues, breaks and shift changes
move staff inside an interval, and a queue left at the end of a busy interval carries into the
next. The simulation follows the roster minute by minute so a planner can see where the
formulas are too optimistic (or too gloomy), with confidence intervals over replications.

Layers: ``phone_time`` (roster -> on-phone spans per agent) and ``arrivals`` (forecast or
history -> calls) feed ``engine`` (one replication); ``measures`` turns replications into
per-interval estimates with confidence intervals and ``compare`` sets them beside the formulas.
"""

from scheduler.simulate.arrivals import (
    ArrivalPlan,
    CallStream,
    draw_calls,
    forecast_arrivals,
    replayed_arrivals,
)
from scheduler.simulate.compare import SIMULATION_COLUMNS, simulate_roster
from scheduler.simulate.errors import SimulationInputError
from scheduler.simulate.params import Routing, SimulationParams

__all__ = [
    "SIMULATION_COLUMNS",
    "ArrivalPlan",
    "CallStream",
    "Routing",
    "SimulationInputError",
    "SimulationParams",
    "draw_calls",
    "forecast_arrivals",
    "replayed_arrivals",
    "simulate_roster",
]
