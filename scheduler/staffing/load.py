"""Offered load: the traffic an interval brings, in Erlangs (agent-seconds per second)."""

from __future__ import annotations

from typing import Any

from numpy.typing import ArrayLike

from scheduler.staffing.arrays import flat_broadcast, unflatten
from scheduler.staffing.validation import check_range


def offered_load(calls: ArrayLike, aht_s: ArrayLike, interval_s: ArrayLike) -> Any:
    """``A = calls × AHT / interval``: how many agents would be busy on average.

    Every queueing model here is a function of this load (plus AHT to turn it into times), so
    the raw forecast is validated once, here, with errors that name the forecast's fields.
    """
    c = check_range("calls", calls, low=0.0)
    aht = check_range("aht_s", aht_s, low=0.0, low_open=True)
    interval = check_range("interval_s", interval_s, low=0.0, low_open=True)
    shape, (c_f, aht_f, interval_f) = flat_broadcast(c, aht, interval)
    return unflatten(c_f * aht_f / interval_f, shape)
