"""A roster written to CSV and read back gets the same verdict: the file is the proof."""

from scheduler.check import validate
from scheduler.generate import GeneratorSpec, generate, write_instance
from scheduler.io import load_instance, read_roster, write_roster
from scheduler.models.roster import AgentDay, BreakPlacement, Roster, Span


def some_roster(instance):
    """Every agent 10:00-18:00 on five days with break, lunch and break: some rules break."""
    days = []
    for k, agent in enumerate(instance.agents):
        for d in range(5):
            start = 600 + 30 * (k % 3)
            breaks = tuple(
                BreakPlacement(kind=kind, start_minute=start + at, end_minute=start + at + n)
                for kind, at, n in (("break", 90, 15), ("lunch", 240, 30), ("break", 360, 15))
            )
            days.append(
                AgentDay(
                    agent=agent.id,
                    day=(d + k) % 7,
                    queue=agent.queues[0],
                    shift=Span(start_minute=start, end_minute=start + 480),
                    breaks=breaks,
                )
            )
    return Roster(instance=instance.name, agent_days=tuple(days))


def test_csv_round_trip_keeps_the_report(tmp_path):
    write_instance(tmp_path, generate(GeneratorSpec(agents=12, seed=3, holiday_days=(3,))))
    instance = load_instance(tmp_path)
    roster = some_roster(instance)
    write_roster(tmp_path / "out", roster, instance)
    direct = validate(instance, roster)
    reread = validate(instance, read_roster(tmp_path / "out", instance))
    assert reread == direct
    assert direct.costs["total"] > 0
