"""Each staff member's work/off pattern as a finite automaton over the days.

The labels are ``works[d]`` (1 = a shift, 0 = off). A state remembers the current run (shifts
or days off, its length capped where the rules stop caring, and whether it started on day 0
and so is exempt from the minimum) and, when ``with_weekends``, the weekday, the weekends
already worked and whether this weekend is counted. A word is accepted exactly when the
maximum and minimum runs of shifts, the minimum run of days off and (optionally) the
maximum weekends hold, under the same reading of the horizon ends as ``score``.

Why an automaton: CP-SAT expands it into a layered flow of state literals, whose LP is the
convex hull of one staff member's patterns (a network flow). With window and pattern
constraints instead, the LP bound of Instance4 stayed near 1,580 after 30 s (optimum 1,716);
with the automaton it is proven in ~11 s, and with weekends inside it Instance5 is proven in
~25 s instead of ending at 1,070 / 1,149.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.shiftcover.model import Staff

Run = tuple[str, int, bool]  # ("W" or "O", length, exempt: began on day 0)
State = tuple  # (run,) or (run, weekday, weekends used, this weekend counted)


@dataclass(frozen=True)
class PatternAutomaton:
    start: int
    finals: tuple[int, ...]
    transitions: tuple[tuple[int, int, int], ...]  # (from, label, to)
    states: int

    def accepts(self, word: list[int] | tuple[int, ...]) -> bool:
        """Run the automaton on ``word`` (used by tests; CP-SAT has its own expansion)."""
        table = {(a, label): b for a, label, b in self.transitions}
        state = self.start
        for label in word:
            if (state, label) not in table:
                return False
            state = table[state, label]
        return state in self.finals


def _next_run(staff: Staff, run: Run | None, works: int) -> Run | None:
    """The run after reading one more day, or None when a rule forbids it."""
    low, high = staff.min_consecutive_shifts, staff.max_consecutive_shifts
    rest = staff.min_consecutive_days_off
    if run is None:  # day 0: the run may have begun before the horizon, so it is exempt
        return ("W", 1, low > 1) if works else ("O", 1, rest > 1)
    kind, length, exempt = run
    if kind == "W":
        if works:
            return ("W", length + 1, exempt and length + 1 < low) if length < high else None
        return ("O", 1, False) if length >= low or exempt else None
    if not works:
        capped = min(length + 1, rest)  # past the minimum, longer rests are all alike
        return ("O", capped, exempt and capped < rest)
    return ("W", 1, False) if length >= rest or exempt else None


def _next_weekend(
    staff: Staff, weekday: int, used: int, counted: bool, works: int
) -> tuple[int, int, bool] | None:
    if works and weekday >= 5 and not counted:
        used, counted = used + 1, True
        if used > staff.max_weekends:
            return None
    weekday = (weekday + 1) % 7
    return weekday, used, counted and weekday != 0


def build_automaton(staff: Staff, with_weekends: bool) -> PatternAutomaton:
    """Breadth-first over reachable states; every state but the start is final (a run may be
    cut by the horizon's end at any length)."""
    start: State = (None, 0, 0, False) if with_weekends else (None,)
    index: dict[State, int] = {start: 0}
    transitions: list[tuple[int, int, int]] = []
    todo = [start]
    while todo:
        state = todo.pop()
        for works in (0, 1):
            run = _next_run(staff, state[0], works)
            if run is None:
                continue
            target: State = (run,)
            if with_weekends:
                weekend = _next_weekend(staff, state[1], state[2], state[3], works)
                if weekend is None:
                    continue
                target = (run, *weekend)
            if target not in index:
                index[target] = len(index)
                todo.append(target)
            transitions.append((index[state], works, index[target]))
    finals = tuple(i for s, i in index.items() if s is not start)
    return PatternAutomaton(0, finals, tuple(transitions), len(index))
