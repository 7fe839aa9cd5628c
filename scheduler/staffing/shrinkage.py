"""Shrinkage: the share of paid time an agent is not available to take calls.

Breaks, absence, training, meetings and coaching mean that to have N agents on the phones a
planner must roster more. The usual rostered staff factor is ``RSF = 1 / (1 − shrinkage)``;
some planners instead mark the net figure up by the shrinkage (``N × (1 + shrinkage)``), which
understates the need but matches their legacy sheets, so both are available by name.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike

from scheduler.staffing.arrays import flat_broadcast, unflatten
from scheduler.staffing.compare import ceil_count
from scheduler.staffing.validation import check_choice, check_range

ShrinkageMethod = Literal["divide", "markup"]
SHRINKAGE_METHODS: tuple[ShrinkageMethod, ...] = ("divide", "markup")


def check_shrinkage(shrinkage: ArrayLike) -> np.ndarray:
    """Shrinkage is a fraction in [0, 1): at 100 % nobody would ever be on the phones."""
    return check_range("shrinkage", shrinkage, low=0.0, high=1.0, high_open=True)


def rostered_staff_factor(shrinkage: ArrayLike) -> Any:
    """``RSF = 1 / (1 − shrinkage)``: rostered heads per agent needed on the phones."""
    s = check_shrinkage(shrinkage)
    shape, (s_flat,) = flat_broadcast(s)
    return unflatten(1.0 / (1.0 - s_flat), shape)


def apply_shrinkage(
    agents: ArrayLike, shrinkage: ArrayLike, method: ShrinkageMethod = "divide"
) -> Any:
    """Heads to roster for ``agents`` on the phones, rounded up to whole agents.

    ``"divide"``: ``ceil(agents / (1 − shrinkage))`` (the RSF); ``"markup"``:
    ``ceil(agents × (1 + shrinkage))``. Rounding ignores float noise, so 14 agents at 30 %
    shrinkage give 20, not 21.
    """
    n = check_range("agents", agents, low=0.0)
    s = check_shrinkage(shrinkage)
    check_choice("shrinkage_method", method, SHRINKAGE_METHODS)
    shape, (n_flat, s_flat) = flat_broadcast(n, s)
    gross = n_flat / (1.0 - s_flat) if method == "divide" else n_flat * (1.0 + s_flat)
    return unflatten(ceil_count(gross), shape)
