"""LP weeks per group of queues (large instances' second start): the groups partition the
queues, pairing those that share agents, and the weeks are legal for the full roster."""

from __future__ import annotations

import time

from scheduler.generate import GeneratorSpec, generate, write_instance
from scheduler.io import load_instance
from scheduler.models.instance import Agent
from scheduler.optimise.greedy import greedy_builder
from scheduler.optimise.lp_start import place_weeks
from scheduler.optimise.options import OptionCatalogue
from scheduler.optimise.patterns.queue_groups import group_weeks, queue_groups


def _agents(*queue_sets: tuple[str, ...]) -> list[Agent]:
    return [Agent(id=f"A{i}", queues=qs) for i, qs in enumerate(queue_sets)]


def test_groups_partition_the_queues_pairing_those_that_share_most_agents() -> None:
    agents = _agents(("a", "c"), ("c", "a"), ("a", "c"), ("a", "b"), ("b", "d"), ("d", "b"))
    groups = queue_groups(agents, ["a", "b", "c", "d", "e"])
    assert groups == [["a", "c"], ["b", "d"], ["e"]]
    assert queue_groups(agents, ["a", "b", "c"], size=1) == [["a"], ["b"], ["c"]]


def test_group_weeks_give_every_agent_a_legal_week_on_its_primary_group(tmp_path) -> None:
    spec = GeneratorSpec(agents=40, queues=("q1", "q2", "q3"), seed=5)
    write_instance(tmp_path, generate(spec))
    instance = load_instance(tmp_path)
    builder = greedy_builder(OptionCatalogue(instance), list(instance.agents))
    weeks = group_weeks(builder, time.monotonic() + 10)
    assert set(weeks) == {a.id for a in instance.agents}
    groups = queue_groups(list(instance.agents), builder.queues)
    group_of = {q: set(group) for group in groups for q in group}
    for agent in instance.agents:
        served = {builder.queues[k] for k, _ in weeks[agent.id].values()}
        assert served <= set(agent.queues) & group_of[agent.queues[0]]
    placed, refused = place_weeks(builder, weeks)
    assert refused == 0
    assert sum(len(s.shifts) for s in placed.states.values()) > 0
    for state in placed.states.values():  # the LP weeks meet the contract minimums
        assert state.paid[0] >= placed.weekly_min(state.agent, 0)
