"""Numba's disk cache, made to notice an edit anywhere in the kernel.

Numba judges a cached function fresh by its own source file alone, but the loop's cached
machine code (``loop.run_chunk``) holds the moves and roster operations of the kernel's other
files too: an edit to ``moves.py`` left the old moves running (seen this session: the cache
still loaded in 0.4 s after one). These locators stamp every kernel function with all of the
kernel's files, so any edit makes the whole loop compile again.
"""

from __future__ import annotations

from pathlib import Path

from numba.core import caching

KERNEL = Path(__file__).resolve().parent


def kernel_stamp() -> tuple[tuple[str, float, int], ...]:
    """Name, modification time and size of every kernel source file."""
    return tuple(
        (path.name, stat.st_mtime, stat.st_size)
        for path in sorted(KERNEL.glob("*.py"))
        for stat in [path.stat()]
    )


class _KernelStamp:
    """Only for the kernel's own functions; everything else keeps numba's locators."""

    @classmethod
    def from_function(cls, py_func, py_file):
        if Path(py_file).resolve().parent != KERNEL:
            return None
        return super().from_function(py_func, py_file)

    def get_source_stamp(self):
        return kernel_stamp()


class InTreeKernelLocator(_KernelStamp, caching.InTreeCacheLocator):
    """Beside the sources (``__pycache__``), numba's first choice."""


class UserWideKernelLocator(_KernelStamp, caching.UserWideCacheLocator):
    """The user's cache folder, when the sources' folder is not writable."""


def register() -> None:
    """Put the kernel's locators before numba's (before any kernel function is decorated:
    each picks its locator then)."""
    classes = caching.CacheImpl._locator_classes
    for locator in (UserWideKernelLocator, InTreeKernelLocator):
        if locator not in classes:
            classes.insert(0, locator)
