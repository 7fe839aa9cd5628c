"""The restricted master LP: each agent one week pattern (a convex combination in the LP).

Rows: one per class of alike agents (its patterns' weights sum to the class's size: agents
alike in everything pricing reads are interchangeable, so pooling them changes no LP value);
one per (day, queue, slot) that some
shift or subscription can reach (on the phone + under - over = required); one per break of
every group of identical shifts (the group's break placements = the patterns working it).
Breaks keep their windows but not their order (a relaxation, as in the aggregate model);
subscriptions are pooled extra agents per slot, capped by the offers, as in the aggregate
model. Every roster is a 0/1 point of this LP with no higher cost than the validator gives
it, so the LP over *all* patterns bounds every roster from below; ``generation`` adds the
patterns that matter and bounds the rest with reduced costs.

HiGHS (``highspy``) keeps its basis when columns are added, so each round re-solves from the
last optimum; GLOP through ``pywraplp`` started over every time (0.01 s growing to 1.7 s a
solve over 32 rounds on the demo). A row per class instead of per agent: the demo's 60
agents are 13 classes; a pattern is one column for its class, not one per member (which
made the LP degenerate over interchangeable columns).
"""

from __future__ import annotations

from collections import defaultdict

import highspy
import numpy as np
from scipy import sparse

from scheduler.lp import quiet_highs
from scheduler.optimise.break_layout import break_layout
from scheduler.optimise.patterns.pricing import Pattern
from scheduler.optimise.roster_state import RosterBuilder

GroupKey = tuple[int, int, int]  # (day, queue index, option id)
INF = highspy.kHighsInf


class _Columns:
    """Columns gathered before one ``addCols`` call (HiGHS's compressed column format)."""

    def __init__(self) -> None:
        self.costs: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.starts: list[int] = []
        self.rows: list[int] = []
        self.values: list[float] = []

    def add(self, cost: float, upper: float, entries: list[tuple[int, float]]) -> None:
        self.costs.append(cost)
        self.lower.append(0.0)
        self.upper.append(upper)
        self.starts.append(len(self.rows))
        for row, value in entries:
            self.rows.append(row)
            self.values.append(value)

    def matrix(self, rows: int) -> sparse.csc_matrix:
        starts = np.array(self.starts + [len(self.rows)], dtype=np.int64)
        shape = (rows, len(self.costs))
        return sparse.csc_matrix((np.array(self.values), np.array(self.rows), starts), shape)

    def flush(self, lp: highspy.Highs) -> None:
        if not self.costs:
            return
        lp.addCols(
            len(self.costs),
            np.array(self.costs),
            np.array(self.lower),
            np.array(self.upper),
            len(self.rows),
            np.array(self.starts, dtype=np.int32),
            np.array(self.rows, dtype=np.int32),
            np.array(self.values),
        )
        self.__init__()


def offer_counts(builder: RosterBuilder, agent_ids: list[str]) -> np.ndarray:
    """Per (day, queue, slot): how many of these agents' overtime offers reach it on a queue
    the agent serves (an offer counts on each of its agent's queues)."""
    horizon, step = builder.instance.horizon, builder.step
    counts = np.zeros((horizon.days, len(builder.queues), horizon.steps_per_day))
    queues = {q: k for k, q in enumerate(builder.queues)}
    wanted = set(agent_ids)
    for offer in builder.instance.overtime_offers:
        if offer.agent in wanted:
            agent = builder.states[offer.agent].agent
            span = slice(offer.start_minute // step, offer.end_minute // step)
            for q in agent.queues:
                counts[offer.day, queues[q], span] += 1
    return counts


class Master:
    """The LP, built once; patterns are added as columns and the LP re-solved warm."""

    def __init__(self, builder: RosterBuilder, classes: list[list[str]]) -> None:
        self.builder = builder
        self.instance = builder.instance
        self.step = builder.step
        self.classes = classes
        self.agent_ids = [aid for members in classes for aid in members]
        self.options = builder.catalogue.options
        self.lp = quiet_highs()
        self.lp.setOptionValue("threads", 1)
        # Added columns keep the last basis primal feasible: primal simplex goes on from it,
        # which presolve would throw away.
        self.lp.setOptionValue("presolve", "off")
        self.lp.setOptionValue("simplex_strategy", 4)
        self.lower: list[float] = []
        self.upper: list[float] = []
        need, under_price = builder.initial_demand()
        self.shape = need.shape  # (days, queues, slots)
        self.groups = self._groups()
        self.static = _Columns()
        self._coverage_rows(need, under_price)
        self._break_rows()
        self._overtime()
        self.convexity = [self._row(len(c), len(c)) for c in classes]
        self.lp.addRows(
            len(self.lower), np.array(self.lower), np.array(self.upper), 0,
            np.zeros(len(self.lower), dtype=np.int32), np.array([], dtype=np.int32),
            np.array([]),
        )  # fmt: skip
        # The fixed columns' data, for the Lagrangian bound at any multipliers.
        self.static_matrix = self.static.matrix(len(self.lower))
        self.static_cost = np.array(self.static.costs)
        self.static_upper = np.array(self.static.upper)
        self.row_lower, self.row_upper = np.array(self.lower), np.array(self.upper)
        self.static.flush(self.lp)
        self.lp.changeObjectiveOffset(self.constant)
        self.columns: list[list[tuple[int, Pattern, float]]] = [[] for _ in classes]
        self._seen: list[set[tuple]] = [set() for _ in classes]
        self._pending = _Columns()
        self._pending_owner: list[tuple[int, Pattern, float]] = []

    def _row(self, lower: float, upper: float) -> int:
        self.lower.append(lower)
        self.upper.append(upper)
        return len(self.lower) - 1

    # -- rows ----------------------------------------------------------------------------------

    def _groups(self) -> set[GroupKey]:
        queues = {q: k for k, q in enumerate(self.builder.queues)}
        groups = set()
        for aid in self.agent_ids:
            agent = self.builder.states[aid].agent
            for day in range(self.shape[0]):
                for o in self.builder.domain(agent, day):
                    groups.update((day, queues[q], o) for q in agent.queues)
        return groups

    def _coverage_rows(self, need: np.ndarray, under_price: np.ndarray) -> None:
        reach = np.zeros(self.shape, dtype=bool)
        for day, k, o in self.groups:
            option = self.options[o]
            reach[day, k, option.start // self.step : option.end // self.step] = True
        for cell in self._offer_slots():
            reach[cell] = True
        over_price = float(self.instance.costs.over_per_minute * self.step)
        self.rows: dict[tuple[int, int, int], int] = {}
        for cell in zip(*np.nonzero(reach), strict=True):
            cell = tuple(int(i) for i in cell)
            required = float(need[cell])
            row = self._row(required, required)
            self.static.add(float(under_price[cell]), max(0.0, required), [(row, 1.0)])
            self.static.add(over_price, INF, [(row, -1.0)])
            self.rows[cell] = row
        unreachable = ~reach
        self.constant = float((np.maximum(need, 0) * under_price)[unreachable].sum())
        self.constant += float((np.maximum(-need, 0) * over_price)[unreachable].sum())

    def _break_rows(self) -> None:
        """Per group and break: placements (one column per offset) = patterns working it."""
        self.links: dict[GroupKey, list[int]] = {}
        layouts = {}
        for key in sorted(self.groups):
            day, k, o = key
            option = self.options[o]
            layout = layouts.get(option.length) or layouts.setdefault(
                option.length, break_layout(self.instance, option.length)
            )
            rows = []
            for slot in layout.slots:
                row = self._row(0.0, 0.0)
                for offset in slot.offsets:
                    first = (option.start + offset) // self.step
                    cover = range(first, first + slot.spec.minutes // self.step)
                    entries = [(row, 1.0)] + [(self.rows[(day, k, s)], -1.0) for s in cover]
                    self.static.add(0.0, INF, entries)
                rows.append(row)
            self.links[key] = rows

    def _offer_slots(self) -> dict[tuple[int, int, int], int]:
        """Per (day, queue, slot): how many offers from agents serving the queue reach it."""
        counts = offer_counts(self.builder, self.agent_ids)
        return {
            tuple(int(i) for i in cell): int(counts[tuple(cell)])
            for cell in np.argwhere(counts > 0)
        }

    def _overtime(self) -> None:
        """Subscriptions as extra agents per slot (see the module): capped per slot by the
        offers reaching it, per (day, slot) over all queues, per day by the offers' minutes."""
        wanted = set(self.agent_ids)
        offers = [o for o in self.instance.overtime_offers if o.agent in wanted]
        if not offers:
            return
        any_queue: dict[tuple[int, int], int] = defaultdict(int)
        budget: dict[int, int] = defaultdict(int)
        for offer in offers:
            span = min(offer.max_minutes, offer.end_minute - offer.start_minute)
            budget[offer.day] += span // self.step
            for s in range(offer.start_minute // self.step, offer.end_minute // self.step):
                any_queue[(offer.day, s)] += 1
        price = float(self.instance.costs.overtime_per_minute * self.step)
        per_slot = {key: self._row(0.0, float(n)) for key, n in any_queue.items()}
        per_day = {day: self._row(0.0, float(n)) for day, n in budget.items()}
        for (day, k, s), count in sorted(self._offer_slots().items()):
            entries = [(self.rows[(day, k, s)], 1.0), (per_slot[(day, s)], 1.0)]
            self.static.add(price, float(count), entries + [(per_day[day], 1.0)])

    # -- columns -------------------------------------------------------------------------------

    def add(self, index: int, pattern: Pattern, cost: float) -> bool:
        """Queue a pattern of class ``index`` as a column; False when the class has it."""
        key = tuple(sorted(pattern.items()))
        if key in self._seen[index]:
            return False
        self._seen[index].add(key)
        entries = [(self.convexity[index], 1.0)]
        for day, (k, o) in pattern.items():
            option = self.options[o]
            span = range(option.start // self.step, option.end // self.step)
            entries += [(self.rows[(day, k, s)], 1.0) for s in span]
            entries += [(row, -1.0) for row in self.links[(day, k, o)]]
        self._pending.add(float(cost), INF, entries)
        self._pending_owner.append((index, pattern, float(cost)))
        return True

    def solve(self) -> float | None:
        """The LP optimum over the patterns added so far, or None when HiGHS did not reach it."""
        first = self.lp.getNumCol()
        self._pending.flush(self.lp)
        for offset, (index, pattern, cost) in enumerate(self._pending_owner):
            self.columns[index].append((first + offset, pattern, cost))
        self._pending_owner = []
        self.lp.run()
        if self.lp.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        solution = self.lp.getSolution()
        self._row_duals = np.asarray(solution.row_dual)
        return float(self.lp.getInfo().objective_function_value)

    def row_duals(self) -> np.ndarray:
        return self._row_duals.copy()

    def shift_values(self, multipliers: np.ndarray) -> np.ndarray:
        """What working (day, queue, option) earns under row ``multipliers``: its slots'
        coverage multipliers less its breaks' link multipliers."""
        days, queues, slots = self.shape
        price = np.zeros((days, queues, slots + 1))
        for (day, k, s), row in self.rows.items():
            price[day, k, s + 1] = multipliers[row]
        cumulative = np.cumsum(price, axis=2)
        starts = np.array([o.start // self.step for o in self.options])
        ends = np.array([o.end // self.step for o in self.options])
        value = cumulative[:, :, ends] - cumulative[:, :, starts]
        for (day, k, o), rows in self.links.items():
            value[day, k, o] -= sum(multipliers[row] for row in rows)
        return value

    def lagrangian(self, multipliers: np.ndarray, agent_minimums: float) -> float:
        """The Lagrangian bound with every row but the agents' relaxed at ``multipliers``:
        a lower bound on every roster's cost for *any* multipliers (signs kept feasible),
        given each agent's least pattern cost less value (``agent_minimums``, summed)."""
        pi = multipliers.copy()
        pi[self.convexity] = 0.0
        ranged = self.row_lower != self.row_upper
        pi[ranged] = np.minimum(pi[ranged], 0.0)  # "at most" rows of a minimisation
        rows = np.where(pi >= 0, pi * self.row_lower, pi * self.row_upper)
        reduced = self.static_cost - self.static_matrix.T @ pi
        negative = reduced < -1e-9
        if np.any(negative & ~np.isfinite(self.static_upper)):
            return -np.inf
        columns = float((reduced[negative] * self.static_upper[negative]).sum())
        return float(rows[pi != 0].sum()) + columns + agent_minimums + self.constant
