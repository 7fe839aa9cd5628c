"""A posting: points earned, spent or adjusted for one agent in one week, and why.

``Posting`` is what a roster implies (computed from the roster alone, before any database);
``LedgerEntry`` is a posting as the ledger keeps it, with who posted it and when.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class PostingKind(StrEnum):
    EARNED = "earned"  # unpopular work in a published roster
    SPENT = "spent"  # a day off the roster granted against a bid
    ADJUSTED = "adjusted"  # a person's correction, with a reason


class Posting(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    agent: str
    week_start: dt.date = Field(description="First day of the 7-day block the points belong to.")
    kind: PostingKind
    points: int = Field(description="Signed: a spent posting is negative.")
    reason: str = Field(min_length=1)


class LedgerEntry(Posting):
    """A stored posting."""

    id: int
    run_id: str = Field(description="The roster run or version that posted it, or the adjuster.")
    version_id: int | None = Field(None, description="Published roster version, when one.")
    created_at: dt.datetime = Field(description="When it was posted (UTC).")
