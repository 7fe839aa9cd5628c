"""Re-planning a published roster: the past stays, nothing changes without a reason, levels
are used in order, reserves respect their call-out notice, and the validator accepts it all."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from scheduler.check import validate
from scheduler.cli import main
from scheduler.io import InputError, read_roster
from scheduler.models.clock import DAY_MINUTES
from scheduler.models.instance import Role
from scheduler.replan.apply import revise
from scheduler.replan.changes import read_changes
from scheduler.replan.diff import changed_days
from scheduler.replan.levels import AUTO_CP_SAT_AGENTS, _cp_sat_first, escalate
from scheduler.replan.scope import Level
from tests.replan.conftest import write_changes

NOW = dt.datetime(2026, 12, 1, 11, 0)  # Tuesday 11:00, day 1
SURGE = """
[[demand]]
queue = "*"
start = "2026-12-01T11:00"
end = "2026-12-01T17:00"
factor = {factor}
"""


def _replan(centre, tmp_path, text: str, seconds: float = 3.0):
    folder, _, instance, published = centre
    changes = read_changes(write_changes(tmp_path, text), instance)
    revision = revise(instance, changes, NOW, published)
    return revision, escalate(instance, revision, published, changes, seconds, workers=1)


def test_nothing_changed_means_no_change(centre, tmp_path):
    _, _, _, published = centre
    revision, escalation = _replan(centre, tmp_path, "")
    assert escalation.level == Level.NONE
    assert escalation.roster == published
    assert changed_days(published, escalation.roster) == []


def test_past_never_changes_and_roster_is_valid(centre, tmp_path):
    _, _, _, published = centre
    absent = next(d.agent for d in published.agent_days if d.day == 1 and d.shift)
    text = (
        SURGE.format(factor=1.4)
        + f"""
[[absence]]
agent = "{absent}"
start = "2026-12-01T09:00"
end = "2026-12-02T23:59"
"""
    )
    revision, escalation = _replan(centre, tmp_path, text)
    now = revision.now.absolute
    assert validate(revision.instance, escalation.roster).feasible
    assert _activities_before(published, now) == _activities_before(escalation.roster, now)
    new = {(d.agent, d.day): d for d in escalation.roster.agent_days}
    for old in published.agent_days:
        if old.shift is not None and old.day * DAY_MINUTES + old.shift.start_minute < now:
            assert new[(old.agent, old.day)].shift == old.shift  # started: times kept
    assert not any(
        d.works for d in escalation.roster.agent_days if d.agent == absent and d.day == 2
    )


def _activities_before(roster, now: int) -> set:
    """Every activity minute-span as it was before ``now`` (cut at ``now``)."""
    found = set()
    for d in roster.agent_days:
        spans = [("shift", d.shift)] if d.shift else []
        spans += [(b.kind, b) for b in d.breaks if b.kind != "absent"]
        spans += [("overtime", s) for s in d.overtime]
        for kind, s in spans:
            start, end = d.day * DAY_MINUTES + s.start_minute, d.day * DAY_MINUTES + s.end_minute
            if start < now:
                found.add((d.agent, kind, start, min(end, now)))
    return found


def test_levels_in_order_and_reserves_wait_for_their_tier(centre, tmp_path):
    _, _, instance, published = centre
    revision, escalation = _replan(centre, tmp_path, SURGE.format(factor=2.0))
    levels = [o.level for o in escalation.outcomes]
    assert levels == [Level.NONE, Level.PHONES, Level.SUPPORT, Level.RESERVES][: len(levels)]
    assert all(not o.held for o in escalation.outcomes[:-1])  # escalated only when short
    published_agents = {d.agent for d in published.agent_days}
    now = revision.now.absolute
    new_people = {d.agent for d in escalation.roster.agent_days if d.works} - published_agents
    roles = {instance.agent_by_id[a].role for a in new_people}
    tiers = {instance.agent_by_id[a].reserve_tier for a in new_people}
    if escalation.level > Level.RESERVES:
        assert tiers <= {0}
    if escalation.level > Level.SUPPORT:
        assert Role.SUPPORT not in roles
    for d in escalation.roster.agent_days:
        tier = instance.agent_by_id[d.agent].reserve_tier
        if tier and d.shift is not None:
            assert d.day * DAY_MINUTES + d.shift.start_minute >= now + tier
    assert escalation.level <= Level.SUPPORT  # a doubled afternoon needs more than level 3
    assert validate(revision.instance, escalation.roster).feasible


def test_level_three_puts_training_back_on_the_phones(centre, tmp_path):
    _, _, _, published = centre
    # Without the late-notice surcharge: with it, an hour of training cut on the day costs
    # about what the hour on the phones saves, and whether it pays depends on the roster.
    text = SURGE.format(factor=1.3) + "\n[weights]\nlate_hour = 0\n"
    revision, escalation = _replan(centre, tmp_path, text, seconds=2)
    first = escalation.outcomes[1]
    assert first.level == Level.PHONES and first.solve is not None
    before = [
        b for d in published.agent_days if d.day == 1 for b in d.breaks if b.kind == "training"
    ]
    after = [
        b
        for d in first.solve.roster.agent_days
        if d.day == 1
        for b in d.breaks
        if b.kind == "training"
    ]
    later = [b for b in before if b.end_minute > revision.now.minute]
    assert later and sum(b.minutes for b in after) < sum(b.minutes for b in before)


def test_bad_changes_name_the_table_and_field(centre, tmp_path):
    _, _, instance, _ = centre
    path = write_changes(
        tmp_path,
        '[[absence]]\nagent = "NOBODY"\nstart = "2026-12-01T10:00"\nend = "2026-12-01T12:00"\n',
    )
    with pytest.raises(InputError, match=r"field 'absence\[0\]\.agent'.*unknown agent"):
        read_changes(path, instance)
    path = write_changes(
        tmp_path,
        '[[demand]]\nqueue = "*"\nstart = "2026-12-01T10:00"\n'
        'end = "2026-12-01T09:00"\nfactor = 1.2\n',
    )
    with pytest.raises(InputError, match=r"field 'demand\[0\]\.end'"):
        read_changes(path, instance)


def test_command_writes_roster_diff_service_and_summary(centre, tmp_path, capsys):
    folder, published_folder, instance, published = centre
    changes = write_changes(tmp_path, SURGE.format(factor=1.5))
    out = tmp_path / "out"
    args = ["replan", str(folder), "--roster", str(published_folder), "--changes", str(changes)]
    args += ["--now", "2026-12-01T11:00", "--out", str(out), "--time-limit", "3", "--workers", "1"]
    assert main(args) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["feasible"] and summary["level"] in (0, 1, 2, 3)
    assert summary["replan_cost"] >= summary["costs"]["total"]  # plus the change prices
    roster = read_roster(out, instance)
    assert summary["changed_agent_days"] == len(changed_days(published, roster))
    assert (out / "diff.csv").read_text().startswith("agent,date,change,before,after,level,reason")
    assert "scheduled_before" in (out / "service.csv").read_text().splitlines()[0]
    bad = tmp_path / "bad"
    args[args.index("--changes") + 1] = str(tmp_path / "missing.toml")
    args[args.index("--out") + 1] = str(bad)
    assert main(args) == 2 and not bad.exists()


def test_auto_gives_cp_sat_its_share_only_on_small_centres():
    """Level 3 is always CP-SAT's; levels 2 and 1 under "auto" try CP-SAT first up to
    ``AUTO_CP_SAT_AGENTS`` agents and search alone above (measured in benchmarks/README)."""
    small, large = AUTO_CP_SAT_AGENTS, AUTO_CP_SAT_AGENTS + 1
    assert _cp_sat_first("auto", Level.PHONES, large)
    assert _cp_sat_first("auto", Level.RESERVES, small)
    assert not _cp_sat_first("auto", Level.RESERVES, large)
    assert not _cp_sat_first("auto", Level.SUPPORT, large)
    assert _cp_sat_first("cp-sat", Level.RESERVES, large)
    assert not _cp_sat_first("search", Level.SUPPORT, small)
