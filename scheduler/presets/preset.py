"""What a labour-law preset is: labour-rule values and default break rules, with their sources.

A preset is a starting point, not a lock: ``instance.toml`` picks one with ``preset = "eu"``,
its own ``[rules]`` keys override the preset's values, and its own ``[[break_rules]]`` replace
the preset's break rules (the loader then checks they still meet the preset's break law, see
``scheduler.presets.compliance``).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from scheduler.models.instance import BreakRule, LabourRules


class LabourPreset(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(description="The key instance.toml uses: preset = NAME.")
    title: str
    sources: tuple[str, ...] = Field(description="Laws and articles each number comes from.")
    rules: dict[str, Any] = Field(description="LabourRules field values, in minutes.")
    break_rules: tuple[BreakRule, ...] = Field(
        (), description="Break rules used when instance.toml lists none."
    )

    def labour_rules(self, overrides: dict[str, Any] | None = None) -> LabourRules:
        """The preset's rules with ``overrides`` (already in model units) on top."""
        return LabourRules(**{**self.rules, **(overrides or {})})

    def labour_rules_from(self, **overrides: Any) -> LabourRules:
        """``labour_rules`` with keyword overrides: the loader builds models this way."""
        return self.labour_rules(overrides)
