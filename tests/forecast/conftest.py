"""Fixtures of the forecast tests: synthetic histories and the real data folder
(``../shared/data`` beside the repository), skipped when absent."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from forecast_synthetic import synthetic_frame

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


@pytest.fixture
def make_frame() -> Callable[..., pd.DataFrame]:
    """Factory of synthetic interval frames (see :func:`synthetic_frame`)."""
    return synthetic_frame


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write a frame (or raw text) to a CSV in ``tmp_path`` and return its path."""

    def write(content: pd.DataFrame | str, name: str = "history.csv") -> Path:
        path = tmp_path / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            content.to_csv(path, index=False)
        return path

    return write


@pytest.fixture
def shared_data() -> Path:
    """The real data folder, or skip."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data not found at {SHARED_DATA}")
    return SHARED_DATA
