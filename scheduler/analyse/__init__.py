"""After-surge analysis: what actually happened against the forecast and the roster.

``actuals`` reads the interval volumes (and optional per-call records) a manager exports from
the ACD; ``analysis`` sets them beside the forecast, the roster and the queue targets, finds
the intervals that missed, names the causes and counts the agents each would have needed.
"""

from scheduler.analyse.actuals import ACTUALS_COLUMNS, Actuals, read_actuals
from scheduler.analyse.analysis import ANALYSIS_COLUMNS, CauseThresholds, analyse

__all__ = [
    "ACTUALS_COLUMNS",
    "ANALYSIS_COLUMNS",
    "Actuals",
    "CauseThresholds",
    "analyse",
    "read_actuals",
]
