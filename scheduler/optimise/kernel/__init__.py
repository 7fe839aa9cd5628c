"""Late acceptance compiled with numba: the roster as arrays (``arrays``), its edits and rules
(``roster_ops``), the moves with their undo journal (``moves``) and the loop (``loop``)."""

from scheduler.optimise.kernel.cache_stamp import register

register()  # before any kernel module is imported: its functions pick their cache then
