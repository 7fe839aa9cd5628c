"""80 % prediction intervals for interval call counts.

Two sources of error are added: the daily-total error of the method (how far a whole day can
be off; measured by a recent backtest of that very method) and the interval-level noise around
the intraday profile (Poisson plus any extra dispersion found in the history). With ``F``
calls forecast, ``var = F + F^2 (sd_day^2 + sd_slot^2)``; the bounds use the normal quantile,
clipped at zero.
"""

from __future__ import annotations

import numpy as np

from scheduler.forecast.matrix import DayMatrix
from scheduler.forecast.profile import intraday_profile

Z_80 = 1.2815515655446004
DEFAULT_DAY_SD = 0.10
NOISE_WEEKS = 8


def prediction_bounds(
    calls: np.ndarray, day_sd: float, slot_sd: float
) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper 80 % bounds for forecast ``calls`` (any shape)."""
    sd = np.sqrt(calls + calls**2 * (day_sd**2 + slot_sd**2))
    return np.maximum(calls - Z_80 * sd, 0.0), calls + Z_80 * sd


def slot_noise(m: DayMatrix) -> float:
    """Relative SD of interval counts around day total x profile, beyond Poisson noise."""
    rows = np.arange(len(m.days))[-NOISE_WEEKS * 5 :]
    if len(rows) == 0:
        return 0.0
    expected = np.array([intraday_profile(m, m.weekdays[i]) * m.totals[i] for i in rows])
    excess = ((m.calls[rows] - expected) ** 2 - expected).sum()
    scale = (expected**2).sum()
    return float(np.sqrt(max(excess, 0.0) / scale)) if scale > 0 else 0.0
