"""Input checks shared by every staffing function.

The formulas are only defined on part of their domain (an AHT of 0 divides by zero, a negative
call volume has no meaning). Checking once at the public entry points keeps the numerical code
free of guards, and turns bad input into a :class:`StaffingInputError` that names the field
instead of a silent NaN several layers down.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from scheduler.staffing.errors import StaffingInputError

FloatArray = NDArray[np.float64]


def _as_float_array(field: str, value: ArrayLike) -> FloatArray:
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise StaffingInputError(field, f"must be a number (got {value!r})") from error
    if np.isnan(array).any():
        raise StaffingInputError(field, "must be a number (got NaN)")
    return array


def _first_bad(array: FloatArray, bad: NDArray[np.bool_]) -> str:
    """Describe the first offending value, so a long forecast error still says what was wrong."""
    flat_index = int(np.flatnonzero(bad.ravel())[0])
    value = float(array.ravel()[flat_index])
    where = f" at position {flat_index}" if array.size > 1 else ""
    return f"(got {value:g}{where})"


def check_range(
    field: str,
    value: ArrayLike,
    *,
    low: float = -np.inf,
    high: float = np.inf,
    low_open: bool = False,
    high_open: bool = False,
    finite: bool = True,
) -> FloatArray:
    """Return ``value`` as a float array, or raise if any element falls outside the interval.

    ``low_open``/``high_open`` exclude the bound itself (e.g. AHT must be > 0, not >= 0).
    """
    array = _as_float_array(field, value)
    if finite and not np.isfinite(array).all():
        raise StaffingInputError(field, f"must be finite {_first_bad(array, ~np.isfinite(array))}")
    too_low = array <= low if low_open else array < low
    too_high = array >= high if high_open else array > high
    bad = too_low | too_high
    if bad.any():
        rule = _describe_range(low, high, low_open, high_open)
        raise StaffingInputError(field, f"must be {rule} {_first_bad(array, bad)}")
    return array


def _describe_range(low: float, high: float, low_open: bool, high_open: bool) -> str:
    """``> 0``, ``>= 0`` or ``in [0, 1)``: the allowed values, as a planner would write them."""
    if np.isinf(high):
        return f"{'>' if low_open else '>='} {low:g}"
    if np.isinf(low):
        return f"{'<' if high_open else '<='} {high:g}"
    return f"in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"


def check_count(field: str, value: ArrayLike) -> FloatArray:
    """A head count (agents, lines): a whole number >= 0, returned as float for the formulas."""
    array = check_range(field, value, low=0.0)
    bad = array != np.floor(array)
    if bad.any():
        raise StaffingInputError(field, f"must be a whole number {_first_bad(array, bad)}")
    return array


def check_fraction(field: str, value: ArrayLike, *, zero_ok: bool, one_ok: bool) -> FloatArray:
    """A probability-like target: inside [0, 1], with either end excluded when unreachable."""
    return check_range(field, value, low=0.0, high=1.0, low_open=not zero_ok, high_open=not one_ok)


def check_choice(field: str, value: str, choices: tuple[str, ...]) -> str:
    """A string option that must be one of ``choices``."""
    if value not in choices:
        raise StaffingInputError(field, f"must be one of {', '.join(choices)} (got {value!r})")
    return value
