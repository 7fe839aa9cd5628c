"""Labour-law presets a planner starts from: ``preset = "eu"`` in ``instance.toml``.

One module per jurisdiction, each a ``LabourPreset`` whose docstring cites the article behind
every number; ``instances/README.md`` lists them. ``compliance`` checks that an instance's break
rules keep the preset's break law for every shift length.
"""

from scheduler.presets import california, eu, germany, uk
from scheduler.presets.compliance import break_law_problems
from scheduler.presets.preset import LabourPreset

PRESETS: dict[str, LabourPreset] = {
    p.name: p for p in (eu.PRESET, uk.PRESET, germany.PRESET, california.PRESET)
}


def get_preset(name: str) -> LabourPreset:
    """The preset called ``name``; a ``KeyError`` naming the known ones otherwise."""
    try:
        return PRESETS[name]
    except KeyError:
        known = ", ".join(sorted(PRESETS))
        raise KeyError(f"unknown labour-law preset {name!r} (known: {known})") from None


__all__ = ["PRESETS", "LabourPreset", "break_law_problems", "get_preset"]
