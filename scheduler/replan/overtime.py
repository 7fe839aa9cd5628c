"""Overtime from the agents' own offers (peak subscriptions): level 1 of the contingency plan.

One Boolean per candidate span inside an offer window; a span needs a shift on the same queue
that day which it does not overlap, keeps the minimum rest to the neighbouring days, and the
week's paid time plus overtime stays within the legal maximum. The validator checks the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from scheduler.models.clock import DAY_MINUTES
from scheduler.models.instance import OvertimeOffer
from scheduler.models.roster import Span

if TYPE_CHECKING:
    from scheduler.replan.model import ReplanModel


@dataclass
class OvertimeChoice:
    agent: str
    day: int
    queue: str
    span: Span
    var: cp_model.IntVar

    @property
    def minutes(self) -> int:
        return self.span.minutes


def build_overtime(rm: ReplanModel) -> list[OvertimeChoice]:
    instance, now = rm.revision.instance, rm.revision.now
    step = max(30, instance.horizon.time_step_minutes)
    found: list[OvertimeChoice] = []
    affected = rm.revision.affected_days()
    for offer in instance.overtime_offers:
        if offer.day not in affected or offer.day < now.day:
            continue
        earliest = now.minute if offer.day == now.day else 0
        away = instance.absences_of(offer.agent, offer.day)
        spans = [
            span
            for span in _spans(offer, max(earliest, offer.start_minute), step)
            if not any(
                a.start_minute < span.end_minute and span.start_minute < a.end_minute for a in away
            )
        ]
        choices = []
        for queue, shift_vars in _shift_options(rm, offer).items():
            for span in spans:
                allowed = [v for shift, v in shift_vars if _apart(shift, span)]
                if not allowed or not _rest_ok(rm, offer, span):
                    continue
                var = rm.ctx.model.new_bool_var(f"ot_{offer.agent}_{offer.day}_{span.start_minute}")
                rm.ctx.model.add(var <= sum(allowed))
                choices.append(OvertimeChoice(offer.agent, offer.day, queue, span, var))
        if choices:
            rm.ctx.model.add_at_most_one(c.var for c in choices)
            found += choices
    _weekly_cap(rm, found)
    return found


def _spans(offer: OvertimeOffer, earliest: int, step: int) -> list[Span]:
    lengths = sorted({offer.max_minutes, max(step, offer.max_minutes // 2 // step * step)})
    spans = []
    for length in lengths:
        start = -(-earliest // step) * step
        while start + length <= offer.end_minute:
            spans.append(Span(start_minute=start, end_minute=start + length))
            start += step
    return spans


def _shift_options(rm: ReplanModel, offer: OvertimeOffer) -> dict[str, list[tuple[Span, object]]]:
    """Per queue: the shifts the agent may work that day, each with its Boolean (or 1)."""
    key = (offer.agent, offer.day)
    known = rm.scope.fixed.get(key) or rm.scope.adjustable.get(key)
    if known is not None and known.shift is not None and not known.overtime:
        return {known.queue: [(known.shift, 1)]}
    found: dict[str, list[tuple[Span, object]]] = {}
    for (q, o), var in rm.free_pairs.get(key, {}).items():
        option = rm.catalogue.options[o]
        found.setdefault(q, []).append(
            (Span(start_minute=option.start, end_minute=option.end), var)
        )
    return found


def _apart(shift: Span, span: Span) -> bool:
    return span.end_minute <= shift.start_minute or shift.end_minute <= span.start_minute


def _rest_ok(rm: ReplanModel, offer: OvertimeOffer, span: Span) -> bool:
    """Keep the minimum rest to the neighbouring days' known work (free days: not at all)."""
    rest = rm.revision.instance.rules.min_rest_minutes
    for neighbour in (offer.day - 1, offer.day + 1):
        if rm.scope.touches(offer.agent, neighbour):
            return False  # their shift is still being decided: leave the offer alone
        other = rm.scope.fixed.get((offer.agent, neighbour)) or rm.scope.adjustable.get(
            (offer.agent, neighbour)
        )
        if other is None or other.shift is None:
            continue
        if neighbour < offer.day:
            gap = (
                span.start_minute
                + DAY_MINUTES
                - max([other.shift.end_minute] + [s.end_minute for s in other.overtime])
            )
        else:
            gap = other.shift.start_minute + DAY_MINUTES - span.end_minute
        if gap < rest:
            return False
    return True


def _weekly_cap(rm: ReplanModel, found: list[OvertimeChoice]) -> None:
    instance = rm.revision.instance
    cap = instance.rules.max_weekly_minutes
    by_week: dict[tuple[str, int], list[OvertimeChoice]] = {}
    for choice in found:
        by_week.setdefault((choice.agent, choice.day // 7), []).append(choice)
    for (agent_id, week), choices in by_week.items():
        paid = []
        for day in instance.horizon.week_days(week):
            pairs = rm.free_pairs.get((agent_id, day))
            if pairs is not None:
                paid += [rm.catalogue.options[o].paid * v for (_, o), v in pairs.items()]
                continue
            known = rm.scope.fixed.get((agent_id, day)) or rm.scope.adjustable.get((agent_id, day))
            if known is not None and known.shift is not None:
                paid.append(instance.paid_minutes(known.shift.minutes))
                paid += [s.minutes for s in known.overtime]
        rm.ctx.model.add(sum(paid, 0) + sum(c.minutes * c.var for c in choices) <= cap)
