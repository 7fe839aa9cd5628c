"""What the validator returns: broken rules, recomputed costs and a few counts.

A ``Violation`` is written for a planner, not a programmer: the rule's short name, who, which
date, and a sentence with the numbers. ``CheckReport`` is the whole verdict; its ``feasible`` flag
depends on the violations alone, never on the costs.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Violation(BaseModel):
    """One broken hard rule."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str = Field(description="Short rule name, a key of ``scheduler.check.RULES``.")
    agent: str = Field("", description="Agent id, or '' when the rule is not about one agent.")
    date: str = Field("", description="ISO date the violation is reported on, or ''.")
    detail: str = Field(description="A sentence a planner understands, with the numbers.")


class CheckReport(BaseModel):
    """The validator's verdict on one roster."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    instance: str
    violations: tuple[Violation, ...] = ()
    costs: dict[str, int] = Field(default_factory=dict, description="Recomputed cost terms.")
    counts: dict[str, int] = Field(default_factory=dict, description="Minutes and tallies.")

    @property
    def feasible(self) -> bool:
        """True when no hard rule is broken."""
        return not self.violations

    def by_rule(self) -> dict[str, int]:
        """Number of violations per rule name, for summaries and tests."""
        tally: dict[str, int] = {}
        for violation in self.violations:
            tally[violation.rule] = tally.get(violation.rule, 0) + 1
        return tally

    def as_dict(self) -> dict[str, Any]:
        """The JSON document printed by ``scheduler check``."""
        return {
            "instance": self.instance,
            "feasible": self.feasible,
            "violations": [v.model_dump() for v in self.violations],
            "costs": dict(self.costs),
            "counts": dict(self.counts),
        }
