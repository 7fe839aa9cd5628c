"""Why a roster cannot be simulated: the instance lacks what callers need to be drawn."""

from __future__ import annotations


class SimulationInputError(ValueError):
    """The instance (or replayed history) does not say how many calls arrive or how long they
    take: requirements alone give agents, not callers, so there is nothing to simulate."""
