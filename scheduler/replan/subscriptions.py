"""Level 1's overtime on the search path: the agents' own offers (peak subscriptions), each
span taken only where it pays for itself at the re-plan's prices.

The weekly optimiser's pass (``optimise.subscriptions``) already values a span exactly by the
validator's cost and checks every rule on the agent's week; a re-plan adds three things: the
past and the notice a regular agent needs bound where a span may start, a span is an
extension of a day that still has its shift (call-ins on days off are the search's job), and
each span pays what it changes in the published roster (the day price once, if the day was
otherwise unchanged, and the minutes), by ``stability.day_change_cost`` itself.
"""

from __future__ import annotations

from scheduler.models.roster import AgentDay, Roster
from scheduler.optimise.subscriptions import OvertimeUse, Subscriptions, take_spans
from scheduler.replan.apply import Revision
from scheduler.replan.changes import ChangeWeights
from scheduler.replan.scope import ABSENT, published_days
from scheduler.replan.stability import day_change_cost, weights_on_day


class ReplanSubscriptions(Subscriptions):
    """Offers used on a re-plan's roster (see the module)."""

    def __init__(
        self,
        revision: Revision,
        roster: Roster,
        published: Roster,
        weights: ChangeWeights,
        earliest: dict[str, int],
    ) -> None:
        super().__init__(revision.instance, roster)
        self.now = revision.now
        self.published = published_days(published)
        self.weights = weights
        self.earliest = earliest

    def floor(self, agent_id: str, day: int, current: AgentDay | None) -> int | None:
        if day < self.now.day or current is None or current.shift is None:
            return None
        if any(b.kind == ABSENT for b in current.breaks):
            return None  # sent home
        if day == self.now.day:
            return self.earliest.get(agent_id, self.now.minute)
        return 0

    def price(self, use: OvertimeUse, current: AgentDay | None) -> int:
        weights = weights_on_day(self.weights, use.day, self.now)
        was = self.published.get((use.agent, use.day))
        return day_change_cost(weights, was, self.with_span(use)) - day_change_cost(
            weights, was, current
        )


def add_overtime(
    revision: Revision,
    roster: Roster,
    published: Roster,
    weights: ChangeWeights,
    earliest: dict[str, int],
    deadline: float = float("inf"),
) -> Roster:
    """``roster`` with every offer span that lowers the re-plan cost, best first."""
    return take_spans(ReplanSubscriptions(revision, roster, published, weights, earliest), deadline)
