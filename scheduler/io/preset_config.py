"""``preset = "NAME"`` in ``instance.toml``: labour rules and break rules from a preset.

``[rules]`` keys override the preset's values and ``[[break_rules]]`` replace its break rules;
the finished instance's break rules must still meet the preset's break law for every template
length, or the load fails naming the length and the article.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scheduler.io.errors import InputError
from scheduler.models.instance import Instance
from scheduler.presets import LabourPreset, break_law_problems, get_preset


def read_preset(path: Path, config: dict[str, Any]) -> LabourPreset | None:
    """The preset ``instance.toml`` names, or None."""
    name = config.get("preset")
    if name is None:
        return None
    try:
        return get_preset(str(name).strip().lower())
    except KeyError as exc:
        raise InputError(path, str(exc.args[0]), field="preset") from None


def check_break_law(path: Path, instance: Instance) -> None:
    """Refuse an instance whose break rules would let a shift break the break law."""
    problems = break_law_problems(instance)
    if problems:
        field = "break_rules" if instance.break_rules else "shift_templates"
        raise InputError(
            path, f"break law of {instance.preset or 'the rules'}: {problems[0]}", field=field
        )
