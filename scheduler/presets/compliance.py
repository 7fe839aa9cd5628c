"""Do the break rules guarantee the break law? Checked once, when an instance is loaded.

The optimiser places breaks only where the break rules allow, so if every shift length a
template offers gets a break rule whose windows cannot break the entitlements and the longest
stretch without a break, every roster it builds keeps them: the law needs no constraint of its
own in the model. The validator still checks each roster independently
(``scheduler.check.rules.break_law``).
"""

from __future__ import annotations

from scheduler.models.instance import BreakRule, BreakSpec, Instance, LabourRules
from scheduler.models.labour_law import BlockKind, BreakEntitlement


def break_law_problems(instance: Instance) -> list[str]:
    """Why some template length could be rostered against the break law ([] when none can)."""
    lengths = sorted({n for t in instance.shift_templates for n in t.lengths_minutes})
    problems = []
    for length in lengths:
        rule = instance.break_rule_for(length)
        work = instance.paid_minutes(length)
        problems += _entitlement_problems(instance.rules, rule, length, work)
        problems += _stretch_problems(instance.rules, rule, length)
    return problems


def counted(entitlement: BreakEntitlement, kind: str, minutes: int) -> bool:
    """Whether a block of ``kind`` and ``minutes`` counts towards the entitlement."""
    if minutes < entitlement.block_minutes:
        return False
    return entitlement.kind == BlockKind.ANY or entitlement.kind.value == kind


def _entitlement_problems(
    rules: LabourRules, rule: BreakRule | None, length: int, work: int
) -> list[str]:
    specs = rule.breaks if rule else ()
    problems = []
    for entitlement in rules.break_entitlements:
        if work <= entitlement.work_over_minutes:
            continue
        blocks = [s for s in specs if counted(entitlement, s.kind.value, s.minutes)]
        total = sum(s.minutes for s in blocks)
        short = len(blocks) < entitlement.count or total < entitlement.total_minutes
        late = _latest_start(entitlement, blocks, length)
        if short or late:
            problems.append(
                f"a {_hours(length)} shift ({_hours(work)} of work): {entitlement.describe()} "
                f"({entitlement.source}); its break rule gives "
                + (", ".join(f"{s.kind.value} {s.minutes} min" for s in specs) or "no breaks")
                + (f"; {late}" if late else "")
            )
    return problems


def _latest_start(entitlement: BreakEntitlement, blocks: list[BreakSpec], length: int) -> str:
    latest = entitlement.latest_start_minutes
    if latest is None or entitlement.count == 0 or len(blocks) < entitlement.count:
        return ""
    window_end = blocks[entitlement.count - 1].window(length)[1]
    if window_end <= latest:
        return ""
    return f"its window lets it start {window_end} min in, later than {latest} min"


def _stretch_problems(rules: LabourRules, rule: BreakRule | None, length: int) -> list[str]:
    """The longest stretch of work the rule's windows allow, against the limit."""
    limit = rules.max_work_without_break_minutes
    if limit is None:
        return []
    specs = [s for s in (rule.breaks if rule else ()) if s.minutes >= rules.min_break_block_minutes]
    if not specs:
        longest = length
    else:
        windows = [s.window(length) for s in specs]
        stretches = [windows[0][1]]
        stretches += [
            windows[k + 1][1] - (windows[k][0] + specs[k].minutes) for k in range(len(specs) - 1)
        ]
        stretches.append(length - (windows[-1][0] + specs[-1].minutes))
        longest = max(stretches)
    if longest <= limit:
        return []
    return [
        f"a {_hours(length)} shift could work {_hours(longest)} without a break of "
        f"{rules.min_break_block_minutes}+ min, maximum {_hours(limit)}"
    ]


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours}h{rest:02d}" if rest else f"{hours}h"
