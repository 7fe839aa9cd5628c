"""Turn solver values into a solver-neutral ``Roster``.

Break counts of each group of identical shifts are handed to the group's agents by sorted
pairing, which the break model guarantees to respect order and gaps.
"""

from __future__ import annotations

from collections import defaultdict

from scheduler.models.roster import AgentDay, BreakPlacement, Roster, Span
from scheduler.optimise.break_layout import BreakLayout, assign_breaks, break_layout
from scheduler.optimise.options import OptionCatalogue, ShiftOption

Assignment = dict[str, dict[int, tuple[str, int]]]
BreakCounts = dict[tuple[int, str, int], list[dict[int, int]]]


def shift_day(
    agent: str, day: int, q: str, option: ShiftOption, layout: BreakLayout, offsets: list[int]
) -> AgentDay:
    """One agent's shift with its breaks at ``offsets`` (minutes after the shift's start)."""
    placements = tuple(
        BreakPlacement(
            kind=slot.spec.kind.value,
            start_minute=option.start + offsets[k],
            end_minute=option.start + offsets[k] + slot.spec.minutes,
        )
        for k, slot in enumerate(layout.slots)
    )
    return AgentDay(
        agent=agent,
        day=day,
        queue=q,
        shift=Span(start_minute=option.start, end_minute=option.end),
        breaks=placements,
    )


def build_roster(
    catalogue: OptionCatalogue, assignment: Assignment, break_counts: BreakCounts
) -> Roster:
    instance = catalogue.instance
    groups: dict[tuple[int, str, int], list[str]] = defaultdict(list)
    for agent_id in sorted(assignment):
        for day, (q, o) in sorted(assignment[agent_id].items()):
            groups[(day, q, o)].append(agent_id)
    agent_days = []
    for key, members in sorted(groups.items()):
        day, q, o = key
        option = catalogue.options[o]
        layout = break_layout(instance, option.length)
        counts = break_counts.get(key) or _earliest(layout, len(members))
        offsets = assign_breaks(layout, counts, len(members)) if layout.slots else []
        for i, agent_id in enumerate(members):
            agent_days.append(
                shift_day(agent_id, day, q, option, layout, offsets[i] if offsets else [])
            )
    agent_days.sort(key=lambda d: (d.agent, d.day))
    return Roster(instance=instance.name, agent_days=tuple(agent_days))


def _earliest(layout, size: int) -> list[dict[int, int]]:
    """Every break at its earliest offset: always order- and gap-feasible."""
    return [{slot.offsets[0]: size} for slot in layout.slots]
