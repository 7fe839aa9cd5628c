"""Compile the loop, the week DP, the best-response sweep and the break re-placement into
numba's disk cache: ``python -m scheduler.optimise.kernel.warm``.

A tiny generated instance gives the loop arguments of the same types as any plan's (every
array's dtype and rank are fixed by ``arrays``), so the machine code cached here is what every
later plan loads."""

from __future__ import annotations

import os
import tempfile
import time

from scheduler.generate.synthetic import GeneratorSpec, generate, write_instance
from scheduler.io.instance_reader import load_instance
from scheduler.optimise.greedy import greedy_builder
from scheduler.optimise.kernel import week_dp
from scheduler.optimise.kernel.rebalance import rebalance_breaks
from scheduler.optimise.kernel.respond import compile_sweep
from scheduler.optimise.late_acceptance import LateAcceptance
from scheduler.optimise.options import OptionCatalogue, rosterable


def warm() -> float:
    """Compile (or load) the week DP, the loop (by running a few moves), the sweep and the
    break re-placement; the seconds it took."""
    started = time.monotonic()
    week_dp.compile_now()
    with tempfile.TemporaryDirectory() as folder:
        write_instance(folder, generate(GeneratorSpec(agents=4, days=7, seed=0)))
        instance = load_instance(folder)
    catalogue = OptionCatalogue(instance)
    builder = greedy_builder(catalogue, [a for a in instance.agents if rosterable(a)])
    search = LateAcceptance(builder, seed=0)
    search.run(time.monotonic() + 1.0, max_moves=10)
    compile_sweep(builder, search.problem())
    rebalance_breaks(builder, search.problem(), passes=1, wait=True)
    return time.monotonic() - started


if __name__ == "__main__":
    # Started beside a plan (``compiled.warm_in_background``): the plan's search and bound
    # come first.
    os.nice(10)
    print(f"search kernel ready in {warm():.1f} s")
