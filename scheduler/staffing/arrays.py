"""Shape handling for the vectorised API.

Every public function accepts scalars or arrays (one value per interval and queue) for each
argument and broadcasts them with numpy's rules. Internally the work is done on flat 1-D arrays,
which keeps boolean-mask bookkeeping simple; the caller gets back the broadcast shape, or a plain
Python number when every argument was a scalar.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray


def flat_broadcast(*arrays: NDArray[Any]) -> tuple[tuple[int, ...], list[NDArray[Any]]]:
    """Broadcast the arrays together; return the common shape and flat float copies."""
    broadcast = np.broadcast_arrays(*arrays)
    shape = broadcast[0].shape if broadcast else ()
    return shape, [np.array(b, dtype=np.float64).ravel() for b in broadcast]


def unflatten(values: NDArray[Any], shape: tuple[int, ...]) -> Any:
    """Give ``values`` the caller's shape; a 0-d result becomes a Python int or float."""
    reshaped = values.reshape(shape)
    if reshaped.ndim == 0:
        return reshaped.item()
    return reshaped
