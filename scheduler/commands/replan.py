"""``scheduler replan INSTANCE --roster PUBLISHED --changes CHANGES --now DATETIME``.

Re-optimise a published roster after surges, sickness or a revised forecast: the past stays,
changes are priced, contingency levels are used in order. Writes ``roster.csv`` /
``roster.json`` (the ``plan`` format), ``diff.csv`` and ``diff.txt`` (who, what, why),
``service.csv`` (projected service before and after, per interval) and ``summary.json``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import time
from pathlib import Path

from scheduler.check import validate
from scheduler.io import InputError, load_instance, read_roster, write_roster, write_text_atomic
from scheduler.models.result import SolveResult, SolveStatus
from scheduler.planning import prepare_instance, summarise
from scheduler.replan.apply import revise
from scheduler.replan.changes import read_changes
from scheduler.replan.diff import DIFF_COLUMNS, changed_days, diff, diff_text
from scheduler.replan.levels import AUTO_CP_SAT_AGENTS, ENGINES, Escalation, escalate
from scheduler.replan.moment import parse_now
from scheduler.replan.scope import published_days
from scheduler.replan.service import before_after
from scheduler.replan.stability import roster_change_cost
from scheduler.staffing import StaffingInputError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "replan",
        help="re-plan a published roster after changes (surge, sickness, revised forecast)",
        description="Change a published roster as little as possible to answer CHANGES, "
        "using contingency levels 3, 2, 1 in order; nothing before --now changes.",
    )
    parser.add_argument("instance", type=Path, metavar="INSTANCE", help="instance folder")
    parser.add_argument("--roster", type=Path, required=True, help="published roster.csv or folder")
    parser.add_argument("--changes", type=Path, required=True, help="CHANGES file (TOML)")
    parser.add_argument("--now", required=True, help="YYYY-MM-DDTHH:MM; the past cannot change")
    parser.add_argument(
        "--out", type=Path, default=None, help="output folder (default runs/NAME-replan)"
    )
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds (default 10)")
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT workers (default 2)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="auto",
        help=f"levels 2 and 1: auto (default): up to {AUTO_CP_SAT_AGENTS} agents CP-SAT "
        "first, the late-acceptance search when CP-SAT does not prove optimality, the cheaper "
        "roster kept; above, the search alone; search: the search alone (with two or more "
        "workers both also weigh level 1's bound relaxation rounded to a roster); cp-sat: "
        "CP-SAT over a restricted neighbourhood alone (reports its bound)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()  # the limit counts reading the files too
    try:
        now = parse_now(args.now)
        instance = prepare_instance(load_instance(args.instance))
        published = read_roster(args.roster, instance)
        changes = read_changes(args.changes, instance)
        revision = revise(instance, changes, now, published)
    except (InputError, StaffingInputError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if revision.now.day >= instance.horizon.days:
        print(f"error: --now {args.now} is after the horizon", file=sys.stderr)
        return 2
    escalation = escalate(
        instance,
        revision,
        published,
        changes,
        args.time_limit,
        args.workers,
        args.seed,
        started,
        args.engine,
    )
    wall = time.monotonic() - started
    roster = escalation.roster
    report = validate(revision.instance, roster)
    summary = _summary(instance, revision, published, escalation, report, wall)
    summary["replan_cost"] = int(report.costs["total"]) + roster_change_cost(
        changes.weights, published_days(published), published_days(roster), revision.now
    )
    changes_made = diff(revision.instance, revision, published, roster, escalation.level)
    reasons = [o.reason() for o in escalation.outcomes]
    service = before_after(revision, escalation.before or published, roster)
    out = args.out or Path("runs") / f"{instance.name}-replan"
    write_roster(out, roster, revision.instance)
    write_text_atomic(out / "diff.txt", diff_text(changes_made, escalation.level, reasons))
    write_text_atomic(out / "diff.csv", _csv([c.row() for c in changes_made], DIFF_COLUMNS))
    write_text_atomic(out / "service.csv", service.to_csv(index=False, float_format="%.4g"))
    write_text_atomic(out / "summary.json", json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary, indent=2))
    return 0 if report.feasible else 1


def _summary(instance, revision, published, escalation: Escalation, report, wall) -> dict:
    final = escalation.final.solve
    result = SolveResult(
        status=SolveStatus.FEASIBLE,
        roster=escalation.roster,
        objective=final.objective if final else None,
        wall_seconds=wall,
        stats={"now": f"day {revision.now.day} minute {revision.now.minute}"},
    )
    summary = summarise(revision.instance, result, report)
    changed = changed_days(published, escalation.roster)
    agent_days = len(instance.agents) * instance.horizon.days
    summary.update(
        changed_agent_days=len(changed),
        changed_share=round(len(changed) / agent_days, 4) if agent_days else 0.0,
        level=int(escalation.level),
        target_held=escalation.final.held,
        levels=[
            {
                "level": int(o.level),
                "short_intervals": o.short_intervals,
                "reason": o.reason(),
                "status": o.solve.status if o.solve else None,
                "objective": o.solve.objective if o.solve else None,
                "bound": o.solve.bound if o.solve else None,
                "gap": o.solve.gap if o.solve else None,
                "seconds": round(o.solve.seconds, 2) if o.solve else 0.0,
            }
            for o in escalation.outcomes
        ],
        replan_objective=final.objective if final else None,
        replan_bound=final.bound if final else None,
        replan_gap=final.gap if final else None,
        notes=list(revision.notes),
    )
    if final and final.bound is not None and "relaxation" in final.note:
        # The whole re-plan's bound: on the re-plan's cost (validator cost plus change
        # prices, ``replan_objective``), not on ``objective`` (the validator's alone).
        summary.update(lower_bound=final.bound, gap=final.gap, bound_note=final.note)
    return summary


def _csv(rows: list[dict[str, str]], columns: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
