"""The bound's child process: its last report reaches the parent even when the reports are
large (each carrying every agent's week), so a bound found at the end is not lost."""

from __future__ import annotations

import multiprocessing

from scheduler.optimise.bound import BoundJob


def _reporter(out, reports: int, size: int) -> None:
    """Reports as a child does: rising bounds, each with a large payload."""
    for bound in range(1, reports + 1):
        out.put((float(bound), {"lp_weeks": "x" * size}))


def test_the_last_of_many_large_reports_is_read() -> None:
    """50 reports of 200 kB fill the pipe many times over: the child can only exit once the
    parent has read them, so the parent must read while it waits for the child."""
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    job = BoundJob.__new__(BoundJob)
    job._result = (None, {})
    job._queue = context.Queue()
    job._process = context.Process(target=_reporter, args=(job._queue, 50, 200_000), daemon=True)
    job._process.start()
    bound, stats = job.wait(30.0)
    assert bound == 50.0
    assert len(stats["lp_weeks"]) == 200_000
