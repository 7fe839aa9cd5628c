"""Coverage chart: agents required vs on the phones per interval, gaps shaded.

Closed hours are left out of the axis (a week of 24-hour days would be mostly empty night), and
day boundaries are drawn, so a planner reads the week as a strip of opening days. Shortfall is
shaded red, surplus blue, both against the requirement line.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scheduler.check.costs import coverage
from scheduler.models.clock import format_hhmm
from scheduler.models.instance import Instance
from scheduler.models.roster import Roster
from scheduler.report.svg import figure_svg, new_figure

UNDER_COLOUR, OVER_COLOUR = "#d62728", "#1f77b4"


@dataclass(frozen=True)
class QueueCoverage:
    """One queue's required and scheduled agents per interval of the horizon (day-major)."""

    queue: str
    required: np.ndarray
    scheduled: np.ndarray


def coverage_series(instance: Instance, roster: Roster) -> list[QueueCoverage]:
    """Per queue, from the validator's own coverage count (agent-minutes per time step)."""
    horizon = instance.horizon
    cover = coverage(instance, roster)
    n = horizon.days * horizon.intervals_per_day
    queues = len(instance.queue_ids)
    minutes = horizon.interval_minutes
    staffed = cover.staffed.reshape(queues, n, -1).sum(axis=2) / minutes
    required = cover.required.reshape(queues, n, -1).sum(axis=2) / minutes
    return [
        QueueCoverage(q, required[row], staffed[row]) for row, q in enumerate(instance.queue_ids)
    ]


def coverage_svg(instance: Instance, series: QueueCoverage) -> str:
    """One queue's week as an SVG chart."""
    keep = np.flatnonzero((series.required > 0) | (series.scheduled > 0))
    figure = new_figure(11.0, 2.6)
    ax = figure.add_subplot()
    if keep.size == 0:
        ax.text(0.5, 0.5, "no demand and no staff", ha="center", va="center")
        ax.set_axis_off()
        return figure_svg(figure)
    x = np.arange(keep.size + 1)
    required = np.append(series.required[keep], series.required[keep][-1])
    scheduled = np.append(series.scheduled[keep], series.scheduled[keep][-1])
    ax.fill_between(
        x,
        required,
        scheduled,
        where=scheduled < required,
        step="post",
        color=UNDER_COLOUR,
        alpha=0.45,
        linewidth=0,
        label="under",
    )
    ax.fill_between(
        x,
        required,
        scheduled,
        where=scheduled > required,
        step="post",
        color=OVER_COLOUR,
        alpha=0.3,
        linewidth=0,
        label="over",
    )
    ax.step(x, required, where="post", color="black", linewidth=1.0, label="required")
    ax.step(x, scheduled, where="post", color="#2ca02c", linewidth=1.0, label="on the phones")
    _day_axis(ax, instance, keep)
    ax.set_ylabel("agents")
    ax.set_xlim(0, keep.size)
    ax.set_ylim(bottom=0)
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=4, fontsize=8, frameon=False)
    ax.set_title(f"Coverage: {series.queue}", loc="left", fontsize=10)
    return figure_svg(figure)


def _day_axis(ax, instance: Instance, keep: np.ndarray) -> None:
    """Day boundaries as lines, each day labelled with its date and opening interval."""
    per_day = instance.horizon.intervals_per_day
    day = keep // per_day
    starts = np.flatnonzero(np.diff(np.append(-1, day)))
    ticks, labels = [], []
    for n, first in enumerate(starts):
        last = starts[n + 1] if n + 1 < starts.size else keep.size
        if first:
            ax.axvline(first, color="grey", linewidth=0.6)
        date = instance.horizon.date_of(int(day[first]))
        opening = format_hhmm(int(keep[first] % per_day) * instance.horizon.interval_minutes)
        ticks.append((first + last) / 2)
        labels.append(f"{date:%a %d %b}\nfrom {opening}")
    ax.set_xticks(ticks, labels, fontsize=8)
