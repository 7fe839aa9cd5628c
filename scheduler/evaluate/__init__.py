"""Roster evaluation: what service a roster is projected to give, interval by interval."""

from scheduler.evaluate.service import (
    INTERVAL_COLUMNS,
    KPI_COLUMNS,
    daily_kpis,
    projected_service,
)

__all__ = ["INTERVAL_COLUMNS", "KPI_COLUMNS", "daily_kpis", "projected_service"]
