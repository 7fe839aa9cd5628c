"""The roster optimiser: CP-SAT models built from one module per rule family."""

from scheduler.optimise.solve import SolveParams, solve

__all__ = ["SolveParams", "solve"]
