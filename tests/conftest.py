"""Session set-up shared by every test folder."""

from __future__ import annotations

from scheduler.optimise.kernel.warm import warm


def pytest_sessionstart(session) -> None:
    """Compile the search's compiled code once (moves, best responses, break passes, week
    DP), before any test plans: a time-limited plan would otherwise run the Python twins and
    start a compile in the background, beside the tests (about 40 s on a fresh machine; a
    fraction of a second from numba's cache)."""
    warm()
