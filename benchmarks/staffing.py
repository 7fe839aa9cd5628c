"""Staffing engine benchmark: speed on a week of a 50-queue centre, exactness at 5,000 agents,
and a side-by-side comparison with pyworkforce (PyPI) on the same inputs.

Run with ``python -m benchmarks.staffing``. pyworkforce is optional (``pip install
pyworkforce``); without it the comparison columns say so.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal, getcontext
from typing import Any

import numpy as np
import pandas as pd
import scipy

from scheduler.staffing import (
    QueueTarget,
    erlang_a_agents,
    erlang_c_agents,
    erlang_c_metrics,
    offered_load,
    requirements_table,
)

INTERVAL_S = 900.0  # 15-minute intervals
DAYS, QUEUES = 7, 50
BUDGET_MS = 50.0
SERVICE_TARGETS = [(0.8, 20.0), (0.9, 15.0), (0.8, 30.0), (0.7, 60.0)]
BIG_CALLS, BIG_AHT = 15_000.0, 300.0  # 5,000 Erlangs in one interval


def machine() -> str:
    """uname -m, the CPU model and core count, as recorded with every figure."""
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as handle:
            models = [line.split(":", 1)[1].strip() for line in handle if "model name" in line]
        cpu = models[0] if models else cpu
    except OSError:
        pass
    return f"{platform.machine()}, {cpu}, {os.cpu_count()} cores"


def pyworkforce_version() -> str | None:
    try:
        import pyworkforce
    except ImportError:
        return None
    return str(pyworkforce.__version__)


def synthetic_week(seed: int = 7) -> tuple[pd.DataFrame, dict[str, QueueTarget]]:
    """A week of 15-minute intervals for 50 queues, open 24/7 with two daily peaks; queue sizes
    spread from a few calls an hour to ~1,500 calls per interval."""
    rng = np.random.default_rng(seed)
    hours = np.arange(96) / 4.0
    profile = np.exp(-((hours - 10.5) ** 2) / 4.0) + 0.8 * np.exp(-((hours - 14.5) ** 2) / 5.0)
    profile = profile + 0.02  # open around the clock, with a quiet night
    profile /= profile.sum()
    weekday = np.array([1.15, 1.05, 1.0, 1.0, 0.95, 0.7, 0.55])
    daily = rng.lognormal(np.log(4000.0), 1.1, QUEUES).clip(20.0, 60_000.0)
    aht = rng.uniform(150.0, 600.0, QUEUES)
    frames = []
    for q in range(QUEUES):
        mean = np.outer(weekday, profile).ravel() * daily[q]
        calls = rng.gamma(50.0, mean / 50.0, mean.size)  # forecast noise
        frames.append(
            pd.DataFrame(
                {
                    "date": np.repeat(pd.date_range("2024-03-04", periods=DAYS).date, 96),
                    "start": np.tile([f"{int(h):02d}:{int(60 * (h % 1)):02d}" for h in hours], 7),
                    "queue": f"q{q:02d}",
                    "calls": calls.round(1),
                    "aht": (aht[q] * rng.normal(1.0, 0.05, mean.size)).round(1),
                }
            )
        )
    targets = {}
    for q in range(QUEUES):
        sl, t = SERVICE_TARGETS[q % len(SERVICE_TARGETS)]
        targets[f"q{q:02d}"] = QueueTarget(
            target_sl=sl,
            target_time_s=t,
            max_occupancy=0.9 if q % 3 == 0 else 1.0,
            patience_s=120.0 if q % 5 == 0 else None,
            shrinkage=0.3,
        )
    return pd.concat(frames, ignore_index=True), targets


def best_ms(fn: Callable[[], Any], repeat: int = 15) -> tuple[float, Any]:
    """Median wall time in ms over ``repeat`` runs after a warm-up, and the result."""
    result = fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(1e3 * (time.perf_counter() - start))
    return statistics.median(times), result


def sl_inputs(week: pd.DataFrame, targets: dict[str, QueueTarget]) -> dict[str, np.ndarray]:
    """The week as flat arrays: load, AHT and each row's service-level target."""
    sl = week["queue"].map(lambda q: targets[q].target_sl).to_numpy()
    t = week["queue"].map(lambda q: targets[q].target_time_s).to_numpy()
    aht = week["aht"].to_numpy()
    load = offered_load(week["calls"].to_numpy(), aht, INTERVAL_S)
    return {"load": load, "aht": aht, "sl": sl, "t": t, "calls": week["calls"].to_numpy()}


def pyworkforce_agents(x: dict[str, np.ndarray]) -> tuple[float, np.ndarray]:
    """pyworkforce's ErlangC on every interval with calls (it refuses zero): time and answers."""
    from pyworkforce.queuing import ErlangC

    answers = np.zeros(x["load"].size, dtype=np.int64)
    start = time.perf_counter()
    for i in np.flatnonzero(x["calls"] > 0):
        model = ErlangC(
            transactions=x["calls"][i], aht=x["aht"][i], asa=x["t"][i], interval=INTERVAL_S
        )
        answers[i] = model.required_positions(service_level=x["sl"][i])["raw_positions"]
    return 1e3 * (time.perf_counter() - start), answers


def pyworkforce_sl_gap(x: dict[str, np.ndarray], agents: np.ndarray, sample: int = 2000) -> float:
    """Largest |SL difference| between pyworkforce and us at the same agent count."""
    from pyworkforce.queuing import ErlangC

    rows = np.flatnonzero(x["calls"] > 0)[:: max(1, (x["calls"] > 0).sum() // sample)]
    ours = erlang_c_metrics(agents[rows], x["load"][rows], x["aht"][rows], x["t"][rows])
    theirs = [
        ErlangC(
            transactions=x["calls"][i], aht=x["aht"][i], asa=x["t"][i], interval=INTERVAL_S
        ).service_level(int(agents[i]))
        for i in rows
    ]
    return float(np.max(np.abs(np.asarray(theirs) - ours.service_level)))


def decimal_service_level(agents: int, load: float, aht: float, t: float) -> Decimal:
    """Erlang C service level in 60-digit decimals (Erlang B recursion): the exact reference."""
    getcontext().prec = 60
    a, b = Decimal(load), Decimal(1)
    for n in range(1, agents + 1):
        b = a * b / (n + a * b)
    n = Decimal(agents)
    p_wait = n * b / (n - a * (1 - b))
    return 1 - p_wait * (-(n - a) * Decimal(t) / Decimal(aht)).exp()


def big_case() -> dict[str, Any]:
    """5,000 Erlangs at 80/20: our answer, its exactness, and pyworkforce's answer."""
    load = offered_load(BIG_CALLS, BIG_AHT, INTERVAL_S)
    ms, n = best_ms(lambda: erlang_c_agents(load, BIG_AHT, target_sl=0.8, target_time_s=20.0))
    below, at = (decimal_service_level(k, load, BIG_AHT, 20.0) for k in (n - 1, n))
    row = {"agents": n, "ms": ms, "exact": below < Decimal("0.8") <= at, "sl": (below, at)}
    if pyworkforce_version():
        from pyworkforce.queuing import ErlangC

        model = ErlangC(transactions=BIG_CALLS, aht=BIG_AHT, asa=20.0, interval=INTERVAL_S)
        start = time.perf_counter()
        row["pwf_agents"] = model.required_positions(service_level=0.8)["raw_positions"]
        row["pwf_ms"] = 1e3 * (time.perf_counter() - start)
    return row


def fmt_int(n: float) -> str:
    return f"{int(n):,}"


def report() -> list[str]:
    week, targets = synthetic_week()
    x = sl_inputs(week, targets)
    size = x["load"].size

    def ours() -> np.ndarray:
        return erlang_c_agents(x["load"], x["aht"], target_sl=x["sl"], target_time_s=x["t"])

    c_ms, agents = best_ms(ours)
    a_ms = {
        d: best_ms(
            lambda d=d: erlang_a_agents(
                x["load"], x["aht"], 120.0, target_sl=x["sl"], target_time_s=x["t"], definition=d
            ),
            repeat=3,
        )[0]
        for d in ("virtual", "offered")
    }
    table_ms, _ = best_ms(lambda: requirements_table(week, targets, INTERVAL_S), repeat=3)
    big = big_case()
    version = pyworkforce_version()
    lines = [
        f"Staffing benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"machine: {machine()}",
        f"Python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__},"
        f" pandas {pd.__version__}, pyworkforce {version or 'not installed'}",
        "",
        f"Week: {DAYS * 96} intervals x {QUEUES} queues = {size:,} rows "
        f"({int((x['calls'] > 0).sum()):,} with calls), load up to {x['load'].max():,.0f} Erlangs,"
        f" up to {int(agents.max()):,} agents",
        "",
        "| case | rows | ours (ms) | pyworkforce (ms) | speed ratio | answers |",
        "|---|---:|---:|---:|---:|---|",
    ]
    verdict = "within" if c_ms <= BUDGET_MS else "OVER"
    c_row = (
        f"| Erlang C min agents, SL target ({verdict} {BUDGET_MS:g} ms) | {size:,} | {c_ms:.1f} |"
    )
    if version:
        pwf_ms, pwf = pyworkforce_agents(x)
        busy = x["calls"] > 0
        same = int((pwf == agents)[busy].sum())
        c_row += f" {pwf_ms:,.0f} | {pwf_ms / c_ms:,.0f}x | {same:,} / {busy.sum():,} identical |"
    else:
        c_row += " n/a | n/a | pyworkforce not installed |"
    lines.append(c_row)
    erlangs = BIG_CALLS * BIG_AHT / INTERVAL_S
    big_row = f"| Erlang C, {erlangs:,.0f} Erlangs, 80/20 | 1 | {big['ms']:.2f} |"
    if "pwf_agents" in big:
        ratio = big["pwf_ms"] / big["ms"]
        big_row += f" {big['pwf_ms']:.2f} | {ratio:,.0f}x | ours {fmt_int(big['agents'])},"
        big_row += f" pyworkforce {fmt_int(big['pwf_agents'])} |"
    else:
        big_row += f" n/a | n/a | ours {fmt_int(big['agents'])} |"
    lines.append(big_row)
    for d, ms in a_ms.items():
        lines.append(
            f"| Erlang A min agents ({d}), patience 120 s | {size:,} | {ms:.0f} | n/a | n/a"
            " | not in pyworkforce 0.5.1 |"
        )
    lines.append(
        f"| requirements_table (pandas, C + A, all targets, shrinkage) | {size:,} |"
        f" {table_ms:.0f} | n/a | n/a | |"
    )
    lines += ["", _exactness_line(big)]
    if version:
        lines += _disagreements(x, agents, pwf)
        lines.append(
            f"Largest |SL(pyworkforce) - SL(ours)| at the same agent count (2,000 rows): "
            f"{pyworkforce_sl_gap(x, agents):.1e}"
        )
    return lines


def _exactness_line(big: dict[str, Any]) -> str:
    below, at = big["sl"]
    n = big["agents"]
    mark = "exact" if big["exact"] else "NOT EXACT"
    return (
        f"5,000-Erlang case {mark}: 60-digit SL({n - 1:,}) = {float(below):.10f} < 0.8 <= "
        f"SL({n:,}) = {float(at):.10f}"
    )


def _disagreements(x: dict[str, np.ndarray], ours: np.ndarray, pwf: np.ndarray) -> list[str]:
    """Explain every interval where pyworkforce's answer differs from ours."""
    rows = np.flatnonzero((pwf != ours) & (x["calls"] > 0))
    if rows.size == 0:
        return ["pyworkforce agrees on every interval with calls."]
    out = [
        f"pyworkforce differs on {rows.size} interval(s) with calls; ours is the smallest count "
        "meeting the target (SL at ours, and at ours - 1):"
    ]
    for i in rows[:5]:
        sl = erlang_c_metrics(
            np.array([ours[i] - 1, ours[i]]), x["load"][i], x["aht"][i], x["t"][i]
        ).service_level
        out.append(
            f"  load {x['load'][i]:.3f} E, target {x['sl'][i]:g} in {x['t'][i]:g} s: ours "
            f"{ours[i]} (SL {sl[1]:.4f}; {ours[i] - 1} give {sl[0]:.4f}), pyworkforce {pwf[i]}"
        )
    return out


def main() -> int:
    print("\n".join(report()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
