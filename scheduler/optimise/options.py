"""Shift options: every (start, length) a template allows, and which of them each agent may work.

Two templates that allow the same start and length give the same coverage, so options are
deduplicated by (start, length); per-agent rules that depend only on one day (templates,
weekday, earliest start / latest end, partial absences, granted days off) are applied here as
domains, which keeps them out of the CP-SAT model entirely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from scheduler.models.instance import Agent, Instance, Role


@dataclass(frozen=True)
class ShiftOption:
    id: int
    start: int
    length: int
    paid: int
    templates: frozenset[str]

    @property
    def end(self) -> int:
        return self.start + self.length


@dataclass
class OptionCatalogue:
    """All options of the instance, and each agent's allowed options per day."""

    instance: Instance
    options: list[ShiftOption] = field(default_factory=list)

    def __post_init__(self) -> None:
        seen: dict[tuple[int, int], set[str]] = {}
        for template in self.instance.shift_templates:
            for start, length in template.shift_options():
                seen.setdefault((start, length), set()).add(template.name)
        for i, ((start, length), names) in enumerate(sorted(seen.items())):
            paid = self.instance.paid_minutes(length)
            self.options.append(ShiftOption(i, start, length, paid, frozenset(names)))

    @cached_property
    def max_paid(self) -> int:
        return max(o.paid for o in self.options)

    def domain(self, agent: Agent, day: int) -> tuple[int, ...]:
        """Option ids the agent may work on the day (empty: the agent is off)."""
        return self._domains[agent.id][day]

    @cached_property
    def _domains(self) -> dict[str, list[tuple[int, ...]]]:
        return {
            agent.id: [self._agent_day_domain(agent, d) for d in range(self.instance.horizon.days)]
            for agent in self.instance.agents
        }

    def _agent_day_domain(self, agent: Agent, day: int) -> tuple[int, ...]:
        return tuple(
            o for o in self.template_domain(agent, day) if not self.exclusions(agent, day, o)
        )

    def template_domain(self, agent: Agent, day: int) -> tuple[int, ...]:
        """Options the agent's templates allow on the day's weekday, before personal limits."""
        weekday = self.instance.weekday(day)
        allowed = {t.name for t in self.instance.templates_for(agent) if weekday in t.weekdays}
        return tuple(o.id for o in self.options if o.templates & allowed)

    def exclusions(self, agent: Agent, day: int, option_id: int) -> list[tuple[str, str]]:
        """Why a template option is closed to the agent on the day: (rule, detail) pairs."""
        option = self.options[option_id]
        reasons = []
        if (agent.id, day) in self._granted:
            reasons.append(("granted_requests", "a granted day off"))
        if option.start < agent.earliest_start_minute or option.end > agent.latest_end_minute:
            reasons.append(("start_end_limits", "outside the agent's earliest start / latest end"))
        cap = self.instance.rules.max_daily_work_minutes
        if cap is not None and option.paid > cap:
            reasons.append(("daily_hours", "more paid minutes than the daily maximum"))
        for absence in self.instance.absences_of(agent.id, day):
            if absence.start_minute < option.end and option.start < absence.end_minute:
                rule = "leave" if absence.reason == "leave" else "availability"
                reasons.append((rule, f"{absence.reason} absence"))
        return reasons

    @cached_property
    def _granted(self) -> frozenset[tuple[str, int]]:
        return frozenset((r.agent, r.day) for r in self.instance.requests if r.granted)


def rosterable(agent: Agent) -> bool:
    """Agents the weekly plan puts on the phones; support staff and reserves wait for replans."""
    return agent.role == Role.AGENT and agent.reserve_tier == 0
