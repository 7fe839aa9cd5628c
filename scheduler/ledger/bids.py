"""Bids must be covered: an agent cannot bid more points for days off than they hold.

Checked against the balance on the horizon's first day (postings of earlier weeks), before
anything is posted, so a refused bid leaves the ledger untouched.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection

from scheduler.io.errors import InputError
from scheduler.ledger.queries import balances_in
from scheduler.models.instance import DayOffRequest, Instance


class BidError(InputError):
    """A bid above the agent's balance; names requests.csv, the row and the field ``points``."""


def check_bids(connection: Connection, instance: Instance, requests_file: Path | str) -> None:
    """Raise ``BidError`` at the first request whose bid takes its agent above their balance.

    Bids add up in file order: an agent holding 20 points may bid 12 and 8, not 12 and 9.
    """
    bids = [r for r in instance.requests if r.points > 0]
    if not bids:
        return
    start = instance.horizon.start
    held = balances_in(connection, {r.agent for r in bids}, before=start)
    running: dict[str, int] = {}
    for request in sorted(bids, key=_file_order):
        running[request.agent] = running.get(request.agent, 0) + request.points
        if running[request.agent] > held[request.agent]:
            raise BidError(
                requests_file,
                _message(request, running[request.agent], held[request.agent], start.isoformat()),
                row=request.row,
                field="points",
            )


def _file_order(request: DayOffRequest) -> tuple[int, int]:
    return (request.row if request.row is not None else 0, request.day)


def _message(request: DayOffRequest, total: int, held: int, start: str) -> str:
    earlier = total - request.points
    also = f" ({total} with the {earlier} bid on earlier rows)" if earlier else ""
    return (
        f"agent {request.agent} bids {request.points} points{also} but holds {held} on {start}; "
        "nothing was posted (lower the bid, or add points with 'scheduler points adjust')"
    )
