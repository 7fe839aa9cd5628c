"""Overtime the roster takes, set against the subscriptions (offers) it came from."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from scheduler.models.clock import format_hhmm
from scheduler.models.instance import Instance
from scheduler.models.roster import Roster


class OvertimeUse(BaseModel):
    model_config = ConfigDict(frozen=True)

    agent: str
    date: str
    queue: str
    window: str
    minutes: int
    offer: str  # the subscription window and cap it falls in, or "no offer"


def overtime_used(instance: Instance, roster: Roster) -> list[OvertimeUse]:
    """Every overtime span of the roster, by agent and date."""
    offers = {(o.agent, o.day): o for o in instance.overtime_offers}
    out = []
    for agent_day in sorted(roster.agent_days, key=lambda d: (d.agent, d.day)):
        offer = offers.get((agent_day.agent, agent_day.day))
        offer_text = "no offer"
        if offer is not None:
            window = f"{format_hhmm(offer.start_minute)}-{format_hhmm(offer.end_minute)}"
            offer_text = f"{window}, up to {offer.max_minutes} min"
        for span in agent_day.overtime:
            out.append(
                OvertimeUse(
                    agent=agent_day.agent,
                    date=instance.horizon.date_of(agent_day.day).isoformat(),
                    queue=agent_day.queue,
                    window=f"{format_hhmm(span.start_minute)}-{format_hhmm(span.end_minute)}",
                    minutes=span.minutes,
                    offer=offer_text,
                )
            )
    return out


def offered_minutes(instance: Instance) -> int:
    """The most overtime all subscriptions together allow."""
    return sum(o.max_minutes for o in instance.overtime_offers)
