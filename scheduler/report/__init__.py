"""Exports of a roster for people: an Excel workbook for planners, iCalendar files for agents."""

from scheduler.report.excel import build_workbook, write_roster_xlsx
from scheduler.report.ical import agent_calendar, write_agent_calendars

__all__ = ["agent_calendar", "build_workbook", "write_agent_calendars", "write_roster_xlsx"]
