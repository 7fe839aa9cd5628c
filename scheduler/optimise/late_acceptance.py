"""Late-acceptance search over the named roster: the main improvement engine.

A descent stops at the first roster no single move improves; on contact-centre rosters that
is far from optimal, because contract minimums tie an agent's days together and most
improving changes need a neutral step first (swap two agents' shifts, then re-time one).
Late acceptance (Burke & Bykov 2017) accepts a move when the new cost is no worse than the
current one or than the cost ``history`` moves ago, so the search walks plateaus and climbs out
of shallow basins with a single parameter and no temperature to tune.

Every move is a short journal of ``place``/``unplace`` operations with their break offsets, so
a rejected move is undone exactly, and its cost delta is computed on the (day, queue) rows it
touches only. Moves keep every per-agent rule (the builder's eligibility test and the weekly
contract minimum, unless the instance makes it soft and it is priced instead), so every roster
the search visits is feasible.

Where the builder prices only coverage and requests, ``run`` hands the same moves to their
compiled twins (``kernel``: about 600,000 moves a second on the demo against 9,500 here);
the Python moves below remain the reference and the path for fairness, soft rules, weekly
rest and re-plans.
"""

from __future__ import annotations

import itertools
import multiprocessing
import random
import time
from collections.abc import Callable

import numpy as np

from scheduler.optimise.kernel import arrays as kernel_arrays
from scheduler.optimise.kernel import compiled as kernel_compiled
from scheduler.optimise.kernel import loop as kernel_loop
from scheduler.optimise.kernel import rebalance as kernel_rebalance
from scheduler.optimise.roster_state import AgentState, RosterBuilder

# A new shift is drawn from the best TOP options by the prefix-sum estimate. Measured with
# equal move budgets (3 x 15k moves on the demo, 3 x 20k on gen-200): TOP 1 10,530 / 20,386,
# 2 11,025 / 20,521, 3 11,760 / 20,851, 5 12,120 / 21,511; the random agent-day is diversity
# enough.
TOP = 1


class LateAcceptance:
    def __init__(
        self, builder: RosterBuilder, seed: int, history: int = 50, compiled: bool = True
    ) -> None:
        self.b = builder
        # The compiled moves (``kernel``) where the builder's rules and prices allow them.
        self.compiled = compiled and kernel_arrays.supported(builder)
        self._problem: kernel_arrays.Problem | None = None
        self.runs = {"compiled": 0, "python": 0}
        self.rng = random.Random(seed)
        self.history = history
        self.request_cost = builder.request_cost
        self.states = list(builder.states.values())
        self.skill_rows = {
            s.agent.id: [builder.queues.index(q) for q in s.agent.queues] for s in self.states
        }
        self.by_queue: dict[int, list[AgentState]] = {}
        for s in self.states:
            for k in self.skill_rows[s.agent.id]:
                self.by_queue.setdefault(k, []).append(s)
        self.journal: list[tuple] = []
        self.use_moves(
            (
                (self.retime, 40),
                (self.move_day, 20),
                (self.swap, 15),
                (self.add, 8),
                (self.drop, 8),
                (self.shorten, 10),
                (self.move_break, 15),
                (self.hand_over, 10),
                (self.trade_days, 10),
            )
        )

    def use_moves(self, moves: tuple[tuple[Callable[[], float | None], int], ...]) -> None:
        """The moves drawn from, with their relative weights."""
        self.moves = moves
        self.cumulative_weights = list(itertools.accumulate(w for _, w in moves))

    # -- cost ------------------------------------------------------------------------------

    def row_cost(self, day: int, k: int) -> float:
        return self.b.row_cost(day, k)

    def total(self) -> float:
        horizon = self.b.instance.horizon
        rows = sum(
            self.row_cost(d, k) for d in range(horizon.days) for k in range(len(self.b.queues))
        )
        requests = sum(
            self.request_cost.get((s.agent.id, d), 0) for s in self.states for d in s.shifts
        )
        changes = sum(self.b.change_cost(aid, day) for aid, day in self.b.published)
        soft = sum(self.b.soft_cost(s) for s in self.states)
        return rows + requests + self.b.fairness_cost() + changes + soft

    def local_cost(self, rows: set[tuple[int, int]], touched: list[tuple[str, int]]) -> float:
        """Cost of the rows and agent-days a move touches (call before and after the move):
        coverage, fairness, requests worked, soft contract minimums and, in a re-plan,
        changes to the published roster."""
        cost = sum(self.row_cost(d, k) for d, k in rows) + self.b.fairness_cost()
        for aid, day in touched:
            if day in self.b.states[aid].shifts:
                cost += self.request_cost.get((aid, day), 0)
            cost += self.b.change_cost(aid, day)
        for aid in {aid for aid, _ in touched}:
            cost += self.b.soft_cost(self.b.states[aid])
        return cost

    # -- search ----------------------------------------------------------------------------

    def run(
        self,
        deadline: float,
        report: Callable[[float], None] | None = None,
        max_moves: int | None = None,
        interrupt: Callable[[], bool] | None = None,
    ) -> float:
        """Search until ``deadline`` (monotonic), after ``max_moves`` moves (the same seed and
        budget then give the same roster on any machine) or once ``interrupt`` says so
        (asked every 1,024 moves); the builder is left holding the best roster seen. Returns
        its cost."""
        if self.compiled:
            cost = self._run_compiled(deadline, report, max_moves, interrupt)
            if cost is not None:
                self.runs["compiled"] += 1
                return cost
        self.runs["python"] += 1
        current = best = self.total()
        saved = self.b.save()
        fitness = [current] * self.history
        iteration = 0
        best_dirty = False
        while True:
            iteration += 1
            if iteration % 128 == 0 and time.monotonic() >= deadline:
                break
            if interrupt is not None and iteration % 1024 == 0 and interrupt():
                break
            if max_moves is not None and iteration > max_moves:
                break
            move = self.rng.choices(self.moves, cum_weights=self.cumulative_weights)[0][0]
            self.journal = []
            delta = move()
            if delta is None:
                continue
            candidate = current + delta
            slot = iteration % self.history
            if candidate <= current or candidate <= fitness[slot]:
                if candidate > current and best_dirty:
                    saved, best_dirty = self._save_before(), False
                current = candidate
            else:
                self._undo()
            fitness[slot] = current
            if current < best - 1e-6:
                best, best_dirty = current, True
                if report is not None and iteration % 256 == 0:
                    report(best)
        if best_dirty and current <= best + 1e-6:
            return self.total()
        self.b.restore(saved)
        return self.total()

    def _run_compiled(
        self,
        deadline: float,
        report: Callable[[float], None] | None,
        max_moves: int | None,
        interrupt: Callable[[], bool] | None,
    ) -> float | None:
        """The same search with the compiled moves; None (nothing run) when the roster cannot
        be packed, or when the compiled loop is not in numba's cache yet and there is no move
        budget to wait for it: then it is compiled in the background (``kernel.compiled``).
        The cost is the builder's own total, since the terms the kernel leaves out are
        constant for the rosters it may visit (``kernel.arrays.supported``)."""
        seed = self.rng.getrandbits(31)
        cost = kernel_loop.run(
            self.b, self.problem(), seed, self.history, deadline, report, max_moves, interrupt
        )
        if cost is None:
            if multiprocessing.parent_process() is None:  # not from the bound's process
                kernel_compiled.warm_in_background()
            return None
        return self.total()

    def rebalance_breaks(self, passes: int) -> None:
        """The builder's ``rebalance_breaks``, compiled where the moves are and numba's cache
        has it (the same passes; ``kernel.rebalance``)."""
        if not (
            self.compiled and kernel_rebalance.rebalance_breaks(self.b, self.problem(), passes)
        ):
            self.b.rebalance_breaks(passes)

    def problem(self) -> kernel_arrays.Problem:
        """The builder's problem packed for the compiled code (once per search: its prices
        and rules do not change while it runs)."""
        if self._problem is None:
            self._problem = kernel_arrays.pack_problem(self.b, self._kernel_weights())
        return self._problem

    def reprice(self) -> None:
        """Take the builder's current shortfall prices into the packed problem (the rest of
        it does not change: ``oscillation`` only re-prices)."""
        if self._problem is not None:
            prices = np.stack([self.b.under_plus_over, self.b.under_price])
            self._problem = self._problem._replace(
                prices=np.ascontiguousarray(prices, dtype=np.float64)
            )

    def _kernel_weights(self) -> list[int]:
        """The moves' weights in the kernel's order (0 for a move not drawn from)."""
        weights = {move.__name__: w for move, w in self.moves}
        order = (
            "retime",
            "move_day",
            "swap",
            "add",
            "drop",
            "shorten",
            "move_break",
            "hand_over",
            "trade_days",
        )
        return [weights.get(name, 0) for name in order]

    def _save_before(self) -> tuple:
        """Snapshot of the best roster, taken lazily just before the search leaves it: the
        accepted worse move is undone for the copy and redone after."""
        journal = self.journal
        self._undo()
        saved = self.b.save()
        self._redo(journal)
        return saved

    # -- journal ---------------------------------------------------------------------------

    def _place(self, state: AgentState, day: int, k: int, o: int) -> None:
        offsets = self.b.place(state, day, k, o)
        self.journal.append(("place", state, day, k, o, offsets))

    def _unplace(self, state: AgentState, day: int) -> None:
        q, o = state.shifts[day]
        offsets = self.b.unplace(state, day)
        self.journal.append(("unplace", state, day, self.b.queues.index(q), o, offsets))

    def _undo(self) -> None:
        for kind, state, day, k, o, offsets in reversed(self.journal):
            if kind == "place":
                self.b.unplace(state, day, offsets)
            elif kind == "unplace":
                self.b.place(state, day, k, o, offsets)
            else:  # a break unit moved from offsets[0] to offsets[1]
                self._shift_unit(day, k, o, state, offsets[1], offsets[0])
        self.journal = []

    def _redo(self, journal: list[tuple]) -> None:
        for kind, state, day, k, o, offsets in journal:
            if kind == "place":
                self.b.place(state, day, k, o, offsets)
            elif kind == "unplace":
                self.b.unplace(state, day, offsets)
            else:
                self._shift_unit(day, k, o, state, offsets[0], offsets[1])
        self.journal = journal

    # -- choosing shifts -------------------------------------------------------------------

    def _pick(
        self,
        state: AgentState,
        day: int,
        exclude: tuple[str, int] | None,
        min_paid: int,
        shorter_than: int | None = None,
    ) -> tuple[int, int] | None:
        """One of the best few (queue row, option) pairs the agent may work on ``day``.

        The per-agent rules are checked for all options at once (day count, run length, weekly
        maximum, rest to both neighbours), which makes this the cheap part of a move."""
        b = self.b
        if day in state.shifts or (state.agent.id, day) in b.frozen or not b.day_open(state, day):
            return None
        allowed = self._allowed(state, day, min_paid)
        if shorter_than is not None:
            allowed &= b.paid < shorter_than
        picks: list[tuple[float, int, int]] = []
        for k in self.skill_rows[state.agent.id]:
            gains = np.where(allowed, b.option_gains(day, k), -np.inf)
            if exclude is not None and b.queues[k] == exclude[0]:
                gains[exclude[1]] = -np.inf
            top = np.argpartition(-gains, min(TOP, gains.size - 1))[:TOP]
            picks += [(float(gains[o]), k, int(o)) for o in top if gains[o] > -np.inf]
        if not picks:
            return None
        picks.sort(reverse=True)
        _, k, o = self.rng.choice(picks[:TOP])
        return k, o

    def _place_best(
        self,
        state: AgentState,
        day: int,
        exclude: tuple[str, int] | None,
        min_paid: int,
        shorter_than: int | None = None,
    ) -> bool:
        """The agent's best option on ``day`` (``_pick``) placed; when there is none, the
        move so far undone. Whether it placed one."""
        choice = self._pick(state, day, exclude, min_paid, shorter_than)
        if choice is None:
            self._undo()
            return False
        self._place(state, day, *choice)
        return True

    def _allowed(self, state: AgentState, day: int, min_paid: int) -> np.ndarray:
        b = self.b
        week = day // 7
        room = b.weekly_cap(state.agent, week) - state.paid[week]
        mask = b.domain_mask(state.agent, day) & (b.paid <= room) & (b.paid >= min_paid)
        earliest, latest = b.rest_window(state, day)
        mask &= (b.start_minutes >= earliest) & (b.end_minutes <= latest)
        if b.instance.rules.min_weekly_rest_minutes:
            for o in np.flatnonzero(mask):
                option = b.catalogue.options[o]
                mask[o] = b.weekly_rest_ok(state, day, option.start, option.end)
        return mask

    def _min_paid(self, state: AgentState, day: int) -> int:
        """Paid minutes a shift on ``day`` must bring to keep the week's contract minimum."""
        week = day // 7
        return self.b.weekly_min(state.agent, week) - state.paid[week]

    def _colleague(self, queue: str) -> AgentState:
        """A random agent who serves ``queue``."""
        return self.rng.choice(self.by_queue[self.b.queues.index(queue)])

    def _free_day(self, state: AgentState, day: int) -> int | None:
        """A random day of ``day``'s week the agent has off and could work, or None."""
        week = self.b.instance.horizon.week_days(day // 7)
        free = [d for d in week if d not in state.shifts and self.b.domain(state.agent, d)]
        return self.rng.choice(free) if free else None

    def _rows(self, state: AgentState, days: tuple[int, ...]) -> set[tuple[int, int]]:
        return {(d, k) for d in days for k in self.skill_rows[state.agent.id]}

    # -- moves: each returns the cost delta, or None when it changed nothing -----------------

    def _worked_day(self) -> tuple[AgentState, int] | None:
        """A random agent's random worked day that no rule froze, or None."""
        state = self.rng.choice(self.states)
        if not state.shifts:
            return None
        day = self.rng.choice(list(state.shifts))
        if (state.agent.id, day) in self.b.frozen:
            return None
        return state, day

    def retime(self) -> float | None:
        picked = self._worked_day()
        if picked is None:
            return None
        state, day = picked
        rows = self._rows(state, (day,))
        touched = [(state.agent.id, day)]
        before = self.local_cost(rows, touched)
        original = state.shifts[day]
        self._unplace(state, day)
        if not self._place_best(state, day, original, self._min_paid(state, day)):
            return None
        return self.local_cost(rows, touched) - before

    def move_day(self) -> float | None:
        picked = self._worked_day()
        if picked is None:
            return None
        state, day = picked
        target = self._free_day(state, day)
        if target is None:
            return None
        aid = state.agent.id
        rows = self._rows(state, (day, target))
        touched = [(aid, day), (aid, target)]
        before = self.local_cost(rows, touched)
        self._unplace(state, day)
        if not self._place_best(state, target, None, self._min_paid(state, target)):
            return None
        return self.local_cost(rows, touched) - before

    def add(self) -> float | None:
        state = self.rng.choice(self.states)
        free = [d for d in range(self.b.instance.horizon.days) if d not in state.shifts]
        if not free:
            return None
        day = self.rng.choice(free)
        rows = self._rows(state, (day,))
        touched = [(state.agent.id, day)]
        before = self.local_cost(rows, touched)
        choice = self._pick(state, day, None, 0)
        if choice is None:
            return None
        self._place(state, day, *choice)
        return self.local_cost(rows, touched) - before

    def drop(self) -> float | None:
        picked = self._worked_day()
        if picked is None:
            return None
        state, day = picked
        paid = self.b.catalogue.options[state.shifts[day][1]].paid
        if self._min_paid(state, day) + paid > 0:
            return None
        rows = self._rows(state, (day,))
        touched = [(state.agent.id, day)]
        before = self.local_cost(rows, touched)
        self._unplace(state, day)
        return self.local_cost(rows, touched) - before

    def shorten(self) -> float | None:
        """Give an agent above the contract minimum a shorter shift (or a day off): paid time
        beyond the minimum is where a roster's over-coverage comes from."""
        picked = self._worked_day()
        if picked is None:
            return None
        state, day = picked
        q, o = state.shifts[day]
        paid = self.b.catalogue.options[o].paid
        slack = -self._min_paid(state, day)
        aid = state.agent.id
        if slack <= 0:
            return None
        rows = self._rows(state, (day,))
        touched = [(aid, day)]
        before = self.local_cost(rows, touched)
        self._unplace(state, day)
        shorter = slack < paid or self.rng.random() < 0.5  # else the day off
        if shorter and not self._place_best(state, day, (q, o), paid - slack, paid):
            return None
        return self.local_cost(rows, touched) - before

    def swap(self) -> float | None:
        """Two agents working the same day exchange their shifts (queues permitting)."""
        picked = self._worked_day()
        if picked is None:
            return None
        first, day = picked
        q1, o1 = first.shifts[day]
        k1 = self.b.queues.index(q1)
        second = self._colleague(q1)
        if second is first or day not in second.shifts:
            return None
        q2, o2 = second.shifts[day]
        if o1 == o2 and q1 == q2:
            return None
        k2 = self.b.queues.index(q2)
        if q2 not in first.agent.queues:
            return None
        touched = [(first.agent.id, day), (second.agent.id, day)]
        if touched[1] in self.b.frozen:
            return None
        rows = self._rows(first, (day,)) | self._rows(second, (day,))
        before = self.local_cost(rows, touched)
        self._unplace(first, day)
        self._unplace(second, day)
        ok = (
            self.b.eligible(first, day, q2, o2)
            and self.b.eligible(second, day, q1, o1)
            and self._min_paid(first, day) <= self.b.catalogue.options[o2].paid
            and self._min_paid(second, day) <= self.b.catalogue.options[o1].paid
        )
        if not ok:
            self._undo()
            return None
        self._place(first, day, k2, o2)
        self._place(second, day, k1, o1)
        return self.local_cost(rows, touched) - before

    def hand_over(self) -> float | None:
        """An agent gives up a shift (or takes a shorter one, or another time when the
        contract needs the hours) and a colleague of the same queue working that day moves to
        the best time left: dropping an extra shift often needs someone else moved into its
        gap in the same step, which two single moves only reach through an uphill one."""
        picked = self._worked_day()
        if picked is None:
            return None
        first, day = picked
        q1, o1 = first.shifts[day]
        second = self._colleague(q1)
        touched = [(first.agent.id, day), (second.agent.id, day)]
        if second is first or day not in second.shifts or touched[1] in self.b.frozen:
            return None
        paid = self.b.catalogue.options[o1].paid
        rows = self._rows(first, (day,)) | self._rows(second, (day,))
        before = self.local_cost(rows, touched)
        self._unplace(first, day)
        need = self._min_paid(first, day)
        if need > 0:
            shorter = paid if need < paid else None
            if not self._place_best(first, day, (q1, o1), need, shorter_than=shorter):
                return None
        self._unplace(second, day)
        if not self._place_best(second, day, None, self._min_paid(second, day)):
            return None
        return self.local_cost(rows, touched) - before

    def trade_days(self) -> float | None:
        """Two agents of a queue trade days: one moves a shift from ``day`` to ``other`` and
        a colleague who works ``other`` but not ``day`` moves the other way, each to their
        best option, so days off change while both days stay covered."""
        picked = self._worked_day()
        if picked is None:
            return None
        first, day = picked
        other = self._free_day(first, day)
        if other is None:
            return None
        q1, _ = first.shifts[day]
        second = self._colleague(q1)
        if second is first or other not in second.shifts or day in second.shifts:
            return None
        if (second.agent.id, other) in self.b.frozen:
            return None
        rows = self._rows(first, (day, other)) | self._rows(second, (day, other))
        touched = [(a.agent.id, d) for a in (first, second) for d in (day, other)]
        before = self.local_cost(rows, touched)
        self._unplace(first, day)
        self._unplace(second, other)
        for state, target in ((first, other), (second, day)):
            if not self._place_best(state, target, None, self._min_paid(state, target)):
                return None
        return self.local_cost(rows, touched) - before

    def move_break(self) -> float | None:
        """Move one break of a group of identical shifts to another allowed offset."""
        picked = self._worked_day()
        if picked is None:
            return None
        state, day = picked
        q, o = state.shifts[day]
        option = self.b.catalogue.options[o]
        layout = self.b.layouts[option.length]
        if not layout.slots:
            return None
        slot = self.rng.choice(layout.slots)
        counts = self.b.breaks[(day, q, o)][slot.index]
        used = [p for p, n in counts.items() if n > 0]
        if not used or len(slot.offsets) < 2:
            return None
        source = self.rng.choice(used)
        target = self.rng.choice(slot.offsets)
        if target == source:
            return None
        k = self.b.queues.index(q)
        rows = {(day, k)}
        before = self.local_cost(rows, [])
        self._shift_unit(day, k, o, slot, source, target)
        if not self.b.breaks_assignable(day, q, o):
            self._shift_unit(day, k, o, slot, target, source)
            return None
        self.journal.append(("break", slot, day, k, o, (source, target)))
        return self.local_cost(rows, []) - before

    def _shift_unit(self, day: int, k: int, o: int, slot, source: int, target: int) -> None:
        self.b.move_break_unit(day, self.b.queues[k], o, slot, source, target)
