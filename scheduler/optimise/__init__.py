"""The roster optimiser: CP-SAT models built from one module per rule family."""

from scheduler.optimise.solve import SolveParams, solve
from scheduler.optimise.subscriptions import use_subscriptions

__all__ = ["SolveParams", "solve", "use_subscriptions"]
