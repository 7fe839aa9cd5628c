"""Run every benchmark: ``python -m benchmarks`` (full) or ``python -m benchmarks --quick``.

Each benchmark prints its own table; the figures recorded in ``benchmarks/README.md`` come
from these runs.
"""

from __future__ import annotations

import sys

from benchmarks import forecast, roster, staffing


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    quick = "--quick" in args
    status = 0
    print("\n## staffing\n", flush=True)
    status |= staffing.main()
    print("\n## forecast\n", flush=True)
    status |= forecast.main([])
    print("\n## roster\n", flush=True)
    status |= roster.main(["--quick"] if quick else [])
    return status


if __name__ == "__main__":
    sys.exit(main())
