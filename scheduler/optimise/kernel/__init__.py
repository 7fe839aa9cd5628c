"""Late acceptance compiled with numba: the roster as arrays (``arrays``), its edits and rules
(``roster_ops``), the moves with their undo journal (``moves``) and the loop (``loop``)."""
