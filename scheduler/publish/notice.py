"""The price of changing a published shift at short notice (fair-workweek "predictability pay").

A pure function so the re-planner can put the same price in its objective that publishing
reports: nothing inside the notice horizon is free, and every hour of notice missing costs
``weight`` more. Whole numbers, so CP-SAT objectives stay exact.
"""

from __future__ import annotations

import math

NOTICE_HOURS = 168.0  # 7 days, as fair-workweek ordinances require


def late_change_price(
    notice_hours: float, horizon_hours: float = NOTICE_HOURS, weight: int = 1
) -> int:
    """``weight`` per started hour of notice short of ``horizon_hours``; 0 outside the horizon.

    A change already under way or in the past (notice <= 0) costs the full horizon. The price
    never falls as notice shrinks.
    """
    if horizon_hours <= 0:
        raise ValueError("the notice horizon must be positive")
    if weight < 0:
        raise ValueError("the late-change weight cannot be negative")
    if notice_hours >= horizon_hours:
        return 0
    missing = horizon_hours - max(0.0, notice_hours)
    return weight * math.ceil(missing - 1e-9)
