"""Atomic file writes: a reader never sees half a roster, and a failed run leaves no file.

Every file the scheduler writes (rosters, summaries, forecasts, requirements, workbooks) goes
through ``save_atomic``: a temp file beside the target, fsynced, then renamed over it.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

_UMASK = os.umask(0)
os.umask(_UMASK)  # os has no getter: read once at import


def save_atomic(path: Path | str, save: Callable[[Path], None]) -> None:
    """Let ``save(temp_path)`` write a temp file beside ``path``, then rename it over ``path``.

    Takes a path rather than a handle so libraries that open files themselves (openpyxl)
    can write through it too.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o666 & ~_UMASK
        os.chmod(tmp, mode)  # mkstemp makes 0600: others could not read the result
        save(tmp)
        with tmp.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: Path | str, write: Callable[[IO[str]], None]) -> None:
    """Write UTF-8 text through ``write(handle)`` atomically."""

    def save(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="") as handle:
            write(handle)

    save_atomic(path, save)


def write_text_atomic(path: Path | str, text: str) -> None:
    write_atomic(path, lambda handle: handle.write(text))
