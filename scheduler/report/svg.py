"""Matplotlib figures as inline SVG text, so ``report.html`` opens offline in any browser.

Figures are built on :class:`matplotlib.figure.Figure` directly, never through pyplot: no
global figure state, no GUI backend, safe in a server or a test run. A fixed hash salt and no
date in the metadata make the same roster give the same bytes.
"""

from __future__ import annotations

import io

import matplotlib
from matplotlib.figure import Figure

matplotlib.use("Agg")  # no display needed, whatever the environment says

_NO_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
_RC = {"svg.hashsalt": "scheduler-report", "svg.fonttype": "none", "font.size": 9}


def new_figure(width_in: float, height_in: float) -> Figure:
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(width_in, height_in))
    # Fixed margins, not constrained layout: measuring every label costs ~0.4 s a chart.
    figure.subplots_adjust(left=0.06, right=0.99, top=0.86, bottom=0.2)
    return figure


def figure_svg(figure: Figure) -> str:
    """The figure as an ``<svg>`` element (no XML prolog), ready to sit inside HTML."""
    buffer = io.StringIO()
    with matplotlib.rc_context(_RC):
        figure.savefig(buffer, format="svg", metadata=_NO_METADATA)
    text = buffer.getvalue()
    return text[text.index("<svg") :]
