"""Staffing engine: from a forecast (calls and AHT per interval and queue) to agents to roster.

Queueing models, each exact and vectorised over intervals and queues with numpy:

* Erlang B (:mod:`.erlang_b`) — lost calls, for trunk and line sizing;
* Erlang C (:mod:`.erlang_c`) — callers wait forever: the classic calculator figures;
* Erlang A (:mod:`.erlang_a`) — callers abandon after an exponential patience, with both
  service-level definitions in use ("virtual" after Koole, "offered" after pyworkforce).

Minimum-agent searches for combined targets (:mod:`.requirements`), shrinkage
(:mod:`.shrinkage`) and the whole-forecast table (:mod:`.table`) build on them. Times are in
seconds, loads in Erlangs, service levels and caps are fractions in [0, 1]. Bad input raises
:class:`StaffingInputError` naming the field.
"""

from scheduler.staffing.erlang_a import (
    ErlangAMetrics,
    erlang_a_abandonment,
    erlang_a_metrics,
    erlang_a_service_level,
)
from scheduler.staffing.erlang_b import erlang_b, erlang_b_lines, erlang_b_max_load
from scheduler.staffing.erlang_c import (
    ErlangCMetrics,
    erlang_c,
    erlang_c_max_load,
    erlang_c_metrics,
)
from scheduler.staffing.errors import StaffingInputError
from scheduler.staffing.load import offered_load
from scheduler.staffing.requirements import erlang_a_agents, erlang_c_agents
from scheduler.staffing.shrinkage import apply_shrinkage, rostered_staff_factor
from scheduler.staffing.table import requirements_table
from scheduler.staffing.targets import QueueTarget

__all__ = [
    "ErlangAMetrics",
    "ErlangCMetrics",
    "QueueTarget",
    "StaffingInputError",
    "apply_shrinkage",
    "erlang_a_abandonment",
    "erlang_a_agents",
    "erlang_a_metrics",
    "erlang_a_service_level",
    "erlang_b",
    "erlang_b_lines",
    "erlang_b_max_load",
    "erlang_c",
    "erlang_c_agents",
    "erlang_c_max_load",
    "erlang_c_metrics",
    "offered_load",
    "requirements_table",
    "rostered_staff_factor",
]
