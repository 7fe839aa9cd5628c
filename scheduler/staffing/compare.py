"""How a computed metric is judged against a planner's target.

Inputs such as ``calls × AHT / interval`` pick up rounding noise of about 1e-16, and a value that
sits exactly on a target (70 % occupancy with 7 Erlangs on 10 agents, 14 agents ÷ (1 − 30 %) =
20 positions) must not cost an extra agent because of it. A target met to within 1e-9 therefore
counts as met; no real forecast is that close to a boundary for any other reason.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

TOLERANCE = 1e-9


def at_least(value: NDArray[np.float64], target: NDArray[np.float64]) -> NDArray[np.bool_]:
    """``value >= target`` up to rounding noise."""
    return value >= target - TOLERANCE * np.maximum(1.0, np.abs(target))


def at_most(value: NDArray[np.float64], limit: NDArray[np.float64]) -> NDArray[np.bool_]:
    """``value <= limit`` up to rounding noise (an infinite limit is always met)."""
    return value <= limit + TOLERANCE * np.maximum(1.0, np.abs(limit))


def ceil_count(value: NDArray[np.float64]) -> NDArray[np.int64]:
    """Round a head count up, ignoring noise so that 20.000000000000004 stays 20."""
    return np.ceil(value - TOLERANCE).astype(np.int64)
