"""What a person reads about a roster: an Excel workbook for planners, iCalendar files for
agents, and the self-contained ``report.html`` (coverage, Gantt, KPIs, requests, overtime,
points)."""

from scheduler.report.excel import build_workbook, write_roster_xlsx
from scheduler.report.html import REPORT_NAME, build_report, write_report, write_run_report
from scheduler.report.ical import agent_calendar, write_agent_calendars

__all__ = [
    "REPORT_NAME",
    "agent_calendar",
    "build_report",
    "build_workbook",
    "write_agent_calendars",
    "write_report",
    "write_roster_xlsx",
    "write_run_report",
]
