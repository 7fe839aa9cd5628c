"""``scheduler points`` round trip through ``scheduler.cli.main`` on a copy of the demo."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scheduler.cli import main

DEMO = Path(__file__).resolve().parents[2] / "instances" / "demo"


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder, ignore=shutil.ignore_patterns("*.db"))
    return folder


def test_adjust_then_balance_and_history(demo: Path, capsys) -> None:
    base = ["--instance", str(demo)]
    assert (
        main(
            [
                "points",
                "adjust",
                "--agent",
                "A0001",
                "--points",
                "12",
                "--reason",
                "opening balance",
                "--date",
                "2026-11-23",
                "--by",
                "lead",
                *base,
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "points",
                "adjust",
                "--agent",
                "A0001",
                "--points",
                "-2",
                "--reason",
                "typo",
                "--date",
                "2026-11-23",
                "--by",
                "lead",
                *base,
            ]
        )
        == 0
    )
    assert "balance 10" in capsys.readouterr().out
    assert (demo / "scheduler.db").exists()  # the default ledger sits next to the instance
    assert main(["points", "balance", "--agent", "A0001", *base]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "no published version" in out[0]
    assert out[2].split() == ["A0001", "10", "0", "0", "0", "0"]
    assert main(["points", "history", "--agent", "A0001", *base]) == 0
    out = capsys.readouterr().out
    assert "2 postings of A0001, balance 10" in out and "typo" in out


def test_a_db_url_alone_needs_no_instance(tmp_path: Path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'other.db'}"
    assert (
        main(
            [
                "points",
                "adjust",
                "--db",
                url,
                "--agent",
                "X9",
                "--points",
                "4",
                "--reason",
                "moved from another site",
                "--date",
                "2026-11-23",
            ]
        )
        == 0
    )
    assert main(["points", "balance", "--db", url]) == 0
    assert capsys.readouterr().out.splitlines()[-1].split() == ["X9", "4"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--agent", "NOBODY", "--points", "3", "--reason", "x"], "unknown agent 'NOBODY'"),
        (["--agent", "A0001", "--points", "3", "--reason", " "], "needs a reason"),
    ],
)
def test_bad_adjustments_exit_2_and_post_nothing(demo: Path, capsys, extra, message) -> None:
    assert main(["points", "adjust", "--instance", str(demo), *extra]) == 2
    assert message in capsys.readouterr().err
    assert main(["points", "history", "--agent", "A0001", "--instance", str(demo)]) == 0
    assert "0 postings of A0001" in capsys.readouterr().out


def test_a_bad_database_url_is_exit_2(demo: Path, capsys) -> None:
    assert main(["points", "balance", "--db", "nosuchdb://x", "--instance", str(demo)]) == 2
    assert "not a usable database URL" in capsys.readouterr().err
    missing = demo / "no-such-folder" / "x.db"
    assert main(["points", "balance", "--db", f"sqlite:///{missing}"]) == 2
    assert "does not exist" in capsys.readouterr().err
