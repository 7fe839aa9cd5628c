"""Planner and agent workflows on a finished roster: time-off allotments and shift trades.

Every change is applied to a copy, checked by the independent validator and accepted only when
it adds no violation, so a rejected request or trade changes nothing.
"""
