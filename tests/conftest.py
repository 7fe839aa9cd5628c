"""Session set-up shared by every test folder."""

from __future__ import annotations

from scheduler.optimise.kernel.warm import warm


def pytest_sessionstart(session) -> None:
    """Compile the search's compiled moves once, before any test plans: a time-limited plan
    would otherwise run the Python moves and start a compile in the background, beside the
    tests (about 25 s on a fresh machine; a fraction of a second from numba's cache)."""
    warm()
