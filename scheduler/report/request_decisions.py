"""Day-off requests as the roster decided them, each with the reason a planner can repeat.

The roster alone decides: a request is denied when the agent works that day (a shift or
overtime), granted otherwise. The numbers come from :func:`scheduler.planning.request_outcomes`
(what the denial costs, and the shortfall granting it would add with nothing else changed);
this module only words them, and names why a granted agent is off (pre-approved, leave, or
simply not rostered).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from scheduler.models.clock import format_hhmm
from scheduler.models.instance import Instance
from scheduler.models.roster import AgentDay, Roster
from scheduler.planning.request_outcomes import RequestOutcome, request_outcomes


class RequestDecision(BaseModel):
    model_config = ConfigDict(frozen=True)

    agent: str
    date: str
    points: int
    pre_approved: bool
    granted: bool
    denial_cost: int
    reason: str


def _work_text(agent_day: AgentDay) -> str:
    parts = []
    if agent_day.shift is not None:
        s = agent_day.shift
        parts.append(f"shift {format_hhmm(s.start_minute)}-{format_hhmm(s.end_minute)}")
    parts += [
        f"overtime {format_hhmm(s.start_minute)}-{format_hhmm(s.end_minute)}"
        for s in agent_day.overtime
    ]
    return f"rostered {', '.join(parts)} on {agent_day.queue}"


def _off_reason(instance: Instance, agent: str, day: int, pre_approved: bool) -> str:
    if pre_approved:
        return "pre-approved by the planner (a hard day off)"
    absences = [a for a in instance.absences_of(agent, day) if a.whole_day]
    if absences:
        return f"off anyway: {absences[0].reason.value} that day"
    return "not rostered that day"


def _denied_reason(outcome: RequestOutcome, work: str) -> str:
    if outcome.planner_granted:
        return f"BREACH: pre-approved day off, yet {work}"
    if outcome.grant_under_minutes == 0:
        return f"{work}; granting it would leave no interval short (cost {outcome.denial_cost})"
    intervals = len(outcome.intervals)
    return (
        f"{work}; granting it would leave {outcome.grant_under_minutes} agent-minutes short "
        f"in {intervals} interval{'s' if intervals != 1 else ''} (cost "
        f"{outcome.grant_under_cost:,}) against a denial cost of {outcome.denial_cost:,}"
    )


def request_decisions(instance: Instance, roster: Roster) -> list[RequestDecision]:
    """One decision per request of the instance, in the instance's order."""
    working = {(d.agent, d.day): d for d in roster.agent_days if d.works}
    out = []
    for request, outcome in zip(instance.requests, request_outcomes(instance, roster), strict=True):
        agent_day = working.get((request.agent, request.day))
        if agent_day is None:
            reason = _off_reason(instance, request.agent, request.day, request.granted)
        else:
            reason = _denied_reason(outcome, _work_text(agent_day))
        out.append(
            RequestDecision(
                agent=request.agent,
                date=outcome.date,
                points=request.points,
                pre_approved=request.granted,
                granted=agent_day is None,
                denial_cost=outcome.denial_cost,
                reason=reason,
            )
        )
    return out
