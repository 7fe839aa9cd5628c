"""What every benchmark table records (date, machine, versions, command), and how a script
replaces its own section of ``benchmarks/README.md`` without touching the others' sections."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import subprocess
from pathlib import Path

import ortools

from scheduler.io.atomic import write_text_atomic

README = Path(__file__).resolve().parent / "README.md"


def cpu_model() -> str:
    """``lscpu``'s model name, else /proc/cpuinfo's, else the platform's processor string."""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                return line.split(":", 1)[1].strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def provenance(command: str, extra: str = "") -> str:
    """One header line: date, machine, core count, Python and OR-Tools versions, command."""
    return (
        f"Run on {dt.date.today()} | {platform.machine()} {cpu_model()}, {os.cpu_count()} cores"
        f" | Python {platform.python_version()} | OR-Tools {ortools.__version__}"
        f"{' | ' + extra if extra else ''}\n\nCommand: `{command}`"
    )


def update_readme(key: str, body: str, readme: Path = README) -> None:
    """Put ``body`` between ``<!-- key:start -->`` and ``<!-- key:end -->``, appending the
    markers at the end on the first run; the rest of the file is kept byte for byte."""
    start, end = f"<!-- {key}:start -->", f"<!-- {key}:end -->"
    block = f"{start}\n{body.rstrip()}\n{end}"
    text = readme.read_text(encoding="utf-8") if readme.exists() else ""
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    write_text_atomic(readme, text)
