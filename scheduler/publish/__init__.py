"""Publishing rosters: numbered versions, change lists with notice, points posted with them.

``late_change_price`` (``notice.py``) is the one price of short notice, shared with re-planning;
``weekly_hours_history`` gives averaging rules the hours of earlier published weeks.
"""

from scheduler.publish.changes import Change, ChangeKind, change_list, describe
from scheduler.publish.hours import WeekHours, store_hours, weekly_hours_history
from scheduler.publish.notice import NOTICE_HOURS, late_change_price
from scheduler.publish.publishing import Publication, PublishError, publish
from scheduler.publish.versions import RosterVersion, latest_version, list_versions

__all__ = [
    "NOTICE_HOURS",
    "Change",
    "ChangeKind",
    "Publication",
    "PublishError",
    "RosterVersion",
    "WeekHours",
    "change_list",
    "describe",
    "late_change_price",
    "latest_version",
    "list_versions",
    "publish",
    "store_hours",
    "weekly_hours_history",
]
