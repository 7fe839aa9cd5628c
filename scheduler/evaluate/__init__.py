"""Roster evaluation: what service a roster is projected to give, interval by interval."""

from scheduler.evaluate.breaks import break_agents
from scheduler.evaluate.service import (
    INTERVAL_COLUMNS,
    KPI_COLUMNS,
    OVERSTAFFED_IDLE,
    daily_kpis,
    projected_service,
)

__all__ = [
    "INTERVAL_COLUMNS",
    "KPI_COLUMNS",
    "OVERSTAFFED_IDLE",
    "break_agents",
    "daily_kpis",
    "projected_service",
]
