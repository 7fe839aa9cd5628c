"""Per-queue staffing targets, as a planner states them for one queue (or skill)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class QueueTarget(BaseModel):
    """What one queue must achieve, and how its agents shrink.

    With ``patience_s`` set the queue is staffed with Erlang A (callers abandon), otherwise with
    Erlang C. Every target set must hold in every interval; unset optional targets do not apply.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    target_sl: float = Field(
        ge=0.0,
        lt=1.0,
        description="Service level to reach: the fraction of calls answered within "
        "target_time_s (0.8 for 80/20). 1.0 is refused: random arrivals never reach it.",
    )
    target_time_s: float = Field(
        ge=0.0, description="Answer-time threshold of the service level, in seconds (20 in 80/20)."
    )
    target_asa_s: float | None = Field(
        default=None,
        gt=0.0,
        description="Optional cap on the average speed of answer, in seconds.",
    )
    max_occupancy: float = Field(
        default=1.0,
        gt=0.0,
        le=1.0,
        description="Cap on the fraction of agent time spent on calls (e.g. 0.85): above it "
        "agents burn out, so more agents are rostered even if the service level is met.",
    )
    patience_s: float | None = Field(
        default=None,
        gt=0.0,
        description="Mean time callers wait before hanging up, in seconds. Set it to staff "
        "with Erlang A (abandonment); leave it unset for Erlang C (callers never hang up).",
    )
    max_abandon: float | None = Field(
        default=None,
        gt=0.0,
        le=1.0,
        description="Optional cap on the fraction of calls that abandon (needs patience_s).",
    )
    shrinkage: float = Field(
        default=0.0,
        ge=0.0,
        lt=1.0,
        description="Fraction of paid time agents are off the phones (breaks, absence, "
        "training, meetings). A 'shrinkage' column in the forecast overrides it per interval.",
    )
    sl_definition: Literal["virtual", "offered"] = Field(
        default="virtual",
        description="Erlang A only: how service level and ASA are measured. 'virtual': the "
        "wait a caller would have if they never hung up (Koole, CCmath); 'offered': answered "
        "within the time over all offered calls, abandons count as misses (pyworkforce).",
    )

    @model_validator(mode="after")
    def _abandon_needs_patience(self) -> QueueTarget:
        """An abandonment cap is meaningless in Erlang C, where nobody abandons."""
        if self.max_abandon is not None and self.patience_s is None:
            raise ValueError("max_abandon needs patience_s (abandonment is an Erlang A measure)")
        return self

    @property
    def model(self) -> Literal["erlang_a", "erlang_c"]:
        """The queueing model these targets call for."""
        return "erlang_c" if self.patience_s is None else "erlang_a"
