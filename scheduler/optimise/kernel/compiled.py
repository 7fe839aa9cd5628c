"""Whether the compiled loop is ready in this process, and compiling it once per machine.

Numba compiles the loop in about 25 s (2-core machine) and keeps the machine code in its disk
cache, from which a later process loads it in a fraction of a second. A plan must not spend
its time limit compiling, so a time-limited search uses the loop only once it can be loaded
(``ready``), and ``warm_in_background`` compiles it in a separate process the first time; the
Python moves run meanwhile. A search under a move budget compiles in the foreground instead
(``loop.run``), since its roster must not depend on timing.
"""

from __future__ import annotations

import subprocess
import sys

from numba import typeof

_warming: subprocess.Popen | None = None


def ready(calls: tuple[tuple[object, tuple], ...]) -> bool:
    """True once each (compiled function, example arguments) of ``calls`` is in this process
    for those argument types, loaded from the disk cache if it is there (never compiled
    here)."""
    for dispatcher, args in calls:
        signature = tuple(typeof(a) for a in args)
        if signature in dispatcher.overloads:
            continue
        if _warming is not None and _warming.poll() is None:
            return False  # a cache being written is not read
        try:
            cached = dispatcher._cache.load_overload(signature, dispatcher.targetctx)
        except (AttributeError, OSError, EOFError):  # numba's cache API is not public
            return False
        if cached is None:
            return False
        dispatcher.compile(signature)  # from the cache: a fraction of a second
    return True


def warm_in_background() -> bool:
    """Start compiling the loop in another process unless one was started already; True if
    this call started it."""
    global _warming
    if _warming is not None:
        return False
    _warming = subprocess.Popen(
        [sys.executable, "-m", "scheduler.optimise.kernel.warm"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return True
