"""Regenerate the shipped instances: ``python instances/build.py``.

Each instance is a ``GeneratorSpec`` plus a few hand edits made here in code, so every file is
reproducible byte for byte and a generator change shows up as a reviewable diff. Each folder is
loaded back and sanity-checked (every contract reachable, every demand interval coverable); the
build stops rather than ship an instance that cannot be rostered. The size tables in the READMEs
sit between ``<!-- sizes -->`` markers and are rewritten, so their figures match the files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # runs from a checkout without installing the package

from scheduler.generate import (  # noqa: E402
    GeneratorSpec,
    contract_problems,
    generate,
    rosterable,
    uncovered_demand,
    weekly_load,
    write_instance,
)
from scheduler.io import load_instance  # noqa: E402
from scheduler.models import Instance  # noqa: E402
from scheduler.models.instance import Role  # noqa: E402

Files = dict[str, str]
Edit = Callable[[Files], None]

INSURANCE_QUEUES = (
    "motor-claims",
    "home-claims",
    "travel",
    "life",
    "pensions",
    "new-business",
    "renewals",
    "billing",
    "broker-desk",
    "complaints",
)
CLAIMS = ("motor-claims", "home-claims")
SIZES = re.compile(r"(<!-- sizes -->\n).*?(<!-- /sizes -->)", re.DOTALL)


@dataclass(frozen=True)
class Shipped:
    """One shipped instance: what the generator makes, then the edits a planner would make."""

    spec: GeneratorSpec
    edits: tuple[Edit, ...] = ()


def edit_rows(files: Files, name: str, change: Callable[[dict[str, str]], None]) -> None:
    """Apply ``change`` to every row of the CSV file ``name``, keeping its columns and order."""
    reader = csv.DictReader(io.StringIO(files[name]))
    rows = list(reader)
    for row in rows:
        change(row)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=reader.fieldnames or [], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    files[name] = buffer.getvalue()


def name_holidays(names: dict[str, str]) -> Edit:
    """Give each generated public holiday (keyed by ISO date) its real name."""
    return lambda files: edit_rows(
        files, "holidays.csv", lambda row: row.update(name=names[row["date"]])
    )


def carry_over(agent_ids: tuple[str, ...], shift_end: str, days_in_a_row: int) -> Edit:
    """Agents who worked late and for days on end last week: rest and day limits carry over."""

    def change(row: dict[str, str]) -> None:
        if row["id"] in agent_ids:
            row.update(prior_shift_end=shift_end, prior_consecutive_days=str(days_in_a_row))

    return lambda files: edit_rows(files, "agents.csv", change)


def cross_skill_call_outs(queues: tuple[str, ...]) -> Edit:
    """Reserves and support staff take the surge queues first: they are who re-planning calls in."""

    def change(row: dict[str, str]) -> None:
        if row["role"] == Role.SUPPORT or row["reserve_tier"] != "0":
            row["queues"] = "|".join(dict.fromkeys([*queues, *row["queues"].split("|")]))

    return lambda files: edit_rows(files, "agents.csv", change)


SHIPPED = {
    "demo": Shipped(
        GeneratorSpec(
            name="demo",
            description="Default example: 60 agents, 2 queues, one week with a public holiday.",
            agents=60,
            start=dt.date(2026, 11, 30),
            queues=("sales", "service"),
            holiday_days=(0,),
            holiday_hours="10:00-16:00",
            seed=1,
        ),
        edits=(
            name_holidays({"2026-11-30": "St Andrew's Day"}),
            carry_over(("A0001", "A0002"), shift_end="22:00", days_in_a_row=6),
        ),
    ),
    "insurance-surge": Shipped(
        GeneratorSpec(
            name="insurance-surge",
            description="Insurance centre, 10 teams; a storm on Tuesday floods the claims lines.",
            agents=250,
            start=dt.date(2026, 11, 30),
            queues=INSURANCE_QUEUES,
            support_share=0.08,
            reserve_share=0.10,
            surge=(1, 8 * 60, 14 * 60, 1.8),
            surge_queues=CLAIMS,
            seed=2,
        ),
        edits=(cross_skill_call_outs(CLAIMS),),
    ),
    "voucher-hotline": Shipped(
        GeneratorSpec(
            name="voucher-hotline",
            description="Launch of a voucher scheme: open 08:00-22:00 daily, volume front-loaded.",
            agents=150,
            days=14,
            start=dt.date(2026, 12, 14),
            queues=("eligibility", "redemption"),
            opening_hours=("08:00-22:00",) * 7,
            holiday_days=(11, 12),
            holiday_hours="as_weekday",
            launch=True,
            load_factor=0.85,
            offer_share=0.30,
            seed=3,
        ),
        edits=(name_holidays({"2026-12-25": "Christmas Day", "2026-12-26": "Boxing Day"}),),
    ),
}


def build(name: str, shipped: Shipped, root: Path = HERE) -> Instance:
    """Write one instance folder, load it back and refuse it if it cannot be rostered."""
    files = generate(shipped.spec)
    for edit in shipped.edits:
        edit(files)
    folder = root / name
    write_instance(folder, files)
    instance = load_instance(folder)
    problems = contract_problems(instance) + uncovered_demand(instance)
    if problems:
        raise SystemExit(f"{folder} cannot be rostered:\n  " + "\n  ".join(problems[:20]))
    return instance


def overview_table(instances: dict[str, Instance]) -> str:
    """The table at the top of ``instances/README.md``."""
    lines = [
        "| instance | agents (rosterable / support / reserves) | queues | days | interval "
        "| demand agent-h | contract paid h (min–max) |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, instance in instances.items():
        loads = weekly_load(instance)
        total, staff, support, reserves = _counts(instance)
        lines.append(
            f"| [`{name}`]({name}/README.md) | {total} ({staff} / {support} / {reserves}) "
            f"| {len(instance.queues)} "
            f"| {instance.horizon.days} | {instance.horizon.interval_minutes} min "
            f"| {sum(w.required_hours for w in loads):,.0f} "
            f"| {sum(w.min_contract_hours for w in loads):,.0f}–"
            f"{sum(w.max_contract_hours for w in loads):,.0f} |"
        )
    return "\n".join(lines) + "\n"


def week_table(instance: Instance) -> str:
    """Demand against contract capacity per 7-day block, for an instance's own README."""
    total, staff, support, reserves = _counts(instance)
    lines = [
        f"{total} agents ({staff} rosterable, {support} support, {reserves} reserves), "
        f"{len(instance.queues)} queues, {instance.horizon.days} days from "
        f"{instance.horizon.start}, {instance.horizon.interval_minutes}-minute intervals.",
        "",
        "| week | demand agent-h | contract paid h (min–max) | demand / max |",
        "|---|---|---|---|",
    ]
    for w in weekly_load(instance):
        lines.append(
            f"| {w.week + 1} | {w.required_hours:,.0f} | {w.min_contract_hours:,.0f}–"
            f"{w.max_contract_hours:,.0f} | {w.required_hours / w.max_contract_hours:.0%} |"
        )
    return "\n".join(lines) + "\n"


def _counts(instance: Instance) -> tuple[int, int, int, int]:
    """All agents, rosterable ones, support staff and reserves."""
    agents = instance.agents
    return (
        len(agents),
        sum(1 for a in agents if rosterable(a)),
        sum(1 for a in agents if a.role == Role.SUPPORT),
        sum(1 for a in agents if a.reserve_tier),
    )


def update_sizes(readme: Path, table: str) -> None:
    """Rewrite the block between the size markers; the prose around it is left alone."""
    text = readme.read_text(encoding="utf-8")
    if not SIZES.search(text):
        raise SystemExit(f"{readme} has no '<!-- sizes -->' ... '<!-- /sizes -->' block")
    readme.write_text(SIZES.sub(lambda m: m.group(1) + table + m.group(2), text), encoding="utf-8")


def main() -> int:
    instances = {name: build(name, shipped) for name, shipped in SHIPPED.items()}
    for name, instance in instances.items():
        update_sizes(HERE / name / "README.md", week_table(instance))
    update_sizes(HERE / "README.md", overview_table(instances))
    print(overview_table(instances), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
