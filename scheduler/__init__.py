"""Contact-centre workforce scheduler.

The package is layered: ``models`` (typed problem data) <- ``io`` (files) <- ``staffing`` /
``forecast`` / ``optimise`` / ``check`` <- ``commands`` / ``cli``. Lower layers never import
higher ones.
"""

__version__ = "0.1.0"
