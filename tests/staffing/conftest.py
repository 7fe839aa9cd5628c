"""Shared fixtures for the staffing tests: where the published reference tables live."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

# The reference tables are kept outside the repository, beside it: <repo>/../shared/reference.
REFERENCE_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "reference"


def _read_reference(name: str) -> list[dict[str, str]]:
    """Rows of one reference CSV, or skip the test when the shared folder is not there."""
    path = REFERENCE_DIR / name
    if not path.is_file():
        pytest.skip(f"reference table {path} not available")
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def reference() -> Callable[[str], list[dict[str, str]]]:
    """``reference("erlang_c.csv")`` gives that table's rows (the test skips if it is absent)."""
    return _read_reference
