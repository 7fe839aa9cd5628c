"""How a simulation runs: replications, seed, routing, confidence level."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Routing(StrEnum):
    """Which calls an agent on the phones takes.

    ``skills``: the queue rostered for the shift first, then the agent's other queues in the
    order of ``agents.csv`` (primary first) when the rostered queue has nobody waiting, as an
    ACD with skill priorities routes. ``rostered``: only the rostered queue, which is what the
    Erlang formulas (one queue, its own agents) assume.
    """

    SKILLS = "skills"
    ROSTERED = "rostered"


class SimulationParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    replications: int = Field(20, ge=2, le=10_000, description="Independent runs of the week.")
    seed: int = Field(0, ge=0, description="Same seed, same calls, same numbers.")
    routing: Routing = Routing.SKILLS
    confidence: float = Field(0.95, gt=0, lt=1, description="Level of the intervals reported.")
