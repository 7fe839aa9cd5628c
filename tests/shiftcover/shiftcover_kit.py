"""Tiny shift-cover problems and a brute-force optimum for the scorer and solver tests."""

from __future__ import annotations

import itertools
from pathlib import Path

from scheduler.shiftcover import (
    OFF,
    ShiftCoverProblem,
    ShiftCoverRoster,
    check,
    parse_problem,
    score,
)
from scheduler.shiftcover.score import STAFF_RULES

CURTOIS = Path(__file__).resolve().parents[2] / ".." / "shared" / "benchmarks" / "curtois"

TINY = """\
SECTION_HORIZON
7
SECTION_SHIFTS
E,480,
L,480,E
SECTION_STAFF
A,E=7|L=7,2400,960,3,2,2,1
B,E=7|L=0,2400,960,3,1,1,1
SECTION_DAYS_OFF
B,2
SECTION_SHIFT_ON_REQUESTS
A,0,L,3
SECTION_SHIFT_OFF_REQUESTS
B,4,E,2
SECTION_COVER
0,E,1,10,1
1,E,1,10,1
2,E,1,10,1
3,L,1,10,1
4,E,2,10,1
5,L,1,10,1
6,E,1,10,1
"""


def tiny() -> ShiftCoverProblem:
    return parse_problem(TINY, "tiny.txt")


def brute_force(problem: ShiftCoverProblem) -> tuple[int | None, ShiftCoverRoster | None]:
    """The lowest scorer objective over every roster the scorer's checker calls feasible.

    Each staff member's rows are filtered by the checker's per-staff rules first (the hard
    rules are all per staff), then every combination of feasible rows is scored.
    """
    choices = (OFF, *(s.id for s in problem.shift_types))
    rows = list(itertools.product(choices, repeat=problem.days))
    feasible = [
        [row for row in rows if not any(any(rule(problem, staff, row)) for rule in STAFF_RULES)]
        for staff in problem.staff
    ]
    best: tuple[int | None, ShiftCoverRoster | None] = (None, None)
    for combo in itertools.product(*feasible):
        roster = ShiftCoverRoster(
            shifts={s.id: row for s, row in zip(problem.staff, combo, strict=True)}
        )
        value = score(problem, roster).total
        if best[0] is None or value < best[0]:
            best = (value, roster)
    assert best[1] is None or check(problem, best[1]).feasible
    return best


def family_text(staff: int = 120, types: int = 18, days: int = 364, seed: int = 0) -> str:
    """A seeded member of the family's shape whose hard limits bind, like Instances 9-12.

    Shift types come in start-time groups (early, day, late, night); a later group cannot
    be followed by an earlier one the next day. Each staff member may work about half the
    types (nights capped at one a week), has the real instances' per-28-days minutes band
    (15.75-18 shifts), 5-6 shifts in a row at most, 2-3 days off in a row at least, half the
    weekends, a day off a fortnight and about one on- and one off-request a week. Cover is
    dealt so the minutes asked for are about all that staff may work, weekends
    lighter and nights (capped per staff member) thinner, so under-cover (weight 100) competes
    with the staff limits.
    """
    import random

    rng = random.Random(seed)
    groups = ("a", "d", "p", "n")
    ids = [f"{groups[i * len(groups) // types]}{i}" for i in range(types)]
    group_of = {s: groups.index(s[0]) for s in ids}
    minutes = {s: 600 if s[0] == "n" else 480 for s in ids}
    lines = ["SECTION_HORIZON", str(days), "SECTION_SHIFTS"]
    for s in ids:
        earlier = [t for t in ids if group_of[t] < group_of[s]]
        lines.append(f"{s},{minutes[s]},{'|'.join(earlier)}")
    scale = days / 28
    lines.append("SECTION_STAFF")
    capacity = 0
    for i in range(staff):
        allowed = set(rng.sample(ids, max(2, types // 2)))
        limits = "|".join(
            f"{s}={(days // 7 if s[0] == 'n' else days) if s in allowed else 0}" for s in ids
        )
        part = rng.random() < 0.15  # part-timers, as in the real instances
        high = round(scale * (5160 if part else 8640))
        low = high - round(scale * 1080)
        capacity += high
        lines.append(
            f"P{i},{limits},{high},{low},{rng.choice((5, 6))},{1 if part else 2},"
            f"{rng.choice((2, 2, 3))},{days // 14 + (1 if part else 0)}"
        )
    lines.append("SECTION_DAYS_OFF")
    for i in range(staff):
        off = sorted(rng.sample(range(days), days // 14))
        lines.append(",".join([f"P{i}", *map(str, off)]))
    for section, per_week in (("SECTION_SHIFT_ON_REQUESTS", 1), ("SECTION_SHIFT_OFF_REQUESTS", 1)):
        lines.append(section)
        for i in range(staff):
            for day in sorted(rng.sample(range(days), per_week * days // 7)):
                lines.append(f"P{i},{day},{rng.choice(ids)},{rng.randint(1, 3)}")
    lines.append("SECTION_COVER")
    per_day = 0.95 * capacity / days / 480
    for day in range(days):
        level = per_day * (0.7 if day % 7 >= 5 else 1.0 + 0.3 * 2 / 5)
        shares = [(rng.random() + 0.5) * (0.3 if s[0] == "n" else 1) for s in ids]
        for s, share in zip(ids, shares, strict=True):
            lines.append(f"{day},{s},{round(level * share / sum(shares))},100,1")
    return "\n".join(lines) + "\n"


def family_problem(staff: int, types: int, days: int, seed: int = 0) -> ShiftCoverProblem:
    return parse_problem(family_text(staff, types, days, seed), f"family-{staff}x{days}.txt")
