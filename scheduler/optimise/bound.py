"""The lower bound: the aggregate relaxation's LP optimum, computed beside the search.

The search is single-threaded Python and the LP is GLOP's, so on a two-core machine the bound
runs in a child process with the whole time limit instead of taking its share from the search
(at 1,000 agents the LP needs 10-30 s: inside a 30 % share of 60 s it often did not finish,
and the summary had no bound at all). With one worker it runs first, in its share, as before.
"""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from scheduler.models.instance import Instance
from scheduler.optimise.aggregate import agent_classes, build_aggregate
from scheduler.optimise.mip import solve_linear
from scheduler.optimise.options import OptionCatalogue

BoundResult = tuple[float | None, dict[str, Any]]


def aggregate_bound(instance: Instance, agent_ids: list[str], seconds: float) -> BoundResult:
    """The best aggregate LP bound within ``seconds``: breaks pooled per slot first on large
    instances (fast), then per offset (tighter) with the time left; both are relaxations, so
    the larger optimum is valid. None when no LP reached optimality."""
    deadline = time.monotonic() + seconds
    catalogue = OptionCatalogue(instance)
    wanted = set(agent_ids)
    agents = [a for a in instance.agents if a.id in wanted]
    classes = agent_classes(instance, catalogue, agents)
    stats: dict[str, Any] = {"classes": len(classes)}
    first = build_aggregate(instance, catalogue, classes)
    bounds = []
    for pooled in [first.pooled] + ([False] if first.pooled else []):
        left = deadline - time.monotonic()
        if left < 0.5:
            break
        model = first if pooled == first.pooled else None
        model = model or build_aggregate(instance, catalogue, classes, pooled_breaks=False)
        relaxation = solve_linear(model.ctx.model, left, relax=True, backend="GLOP")
        stats[f"bound_{'pooled' if pooled else 'offsets'}"] = relaxation.status
        if relaxation.status == "optimal":
            bounds.append(relaxation.bound)
    return (max(bounds) if bounds else None), stats


class BoundJob:
    """The bound, either computed now or running in a child process."""

    def __init__(
        self, instance: Instance, agent_ids: list[str], seconds: float, background: bool
    ) -> None:
        self._result: BoundResult | None = None
        self._future: Future | None = None
        self._pool: ProcessPoolExecutor | None = None
        if background:
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            context = multiprocessing.get_context(method)
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
            self._future = self._pool.submit(aggregate_bound, instance, agent_ids, seconds)
        else:
            self._result = aggregate_bound(instance, agent_ids, seconds)

    def known(self) -> float | None:
        """The bound if it is already known, without waiting."""
        if self._result is None and self._future is not None and self._future.done():
            self._collect(0.0)
        return self._result[0] if self._result else None

    def wait(self, seconds: float) -> BoundResult:
        """The bound and its stats, waiting at most ``seconds`` (None if not done by then)."""
        if self._result is None and self._future is not None:
            self._collect(seconds)
        return self._result or (None, {"bound": "not finished"})

    def _collect(self, seconds: float) -> None:
        assert self._future is not None and self._pool is not None
        try:
            self._result = self._future.result(timeout=max(0.0, seconds))
        except TimeoutError:
            return
        except Exception as exc:  # the roster stands without its bound; say why
            self._result = (None, {"bound": f"failed: {exc!r}"})
        self._pool.shutdown(wait=False)
