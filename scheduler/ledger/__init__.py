"""The points ledger: points earned for unpopular work, spent on days off, adjusted by people.

``postings_for`` computes what a roster earns and spends from the roster alone; ``post_week``
writes a week's postings in one transaction (running a week again replaces them, never doubles
them); ``balance``/``history``/``adjust`` serve the ``scheduler points`` command.
"""

from scheduler.ledger.bids import BidError, check_bids
from scheduler.ledger.book import adjust, horizon_weeks, post_week, replace_week
from scheduler.ledger.earning import postings_for
from scheduler.ledger.fairness import FairnessRow, fairness_table
from scheduler.ledger.posting import LedgerEntry, Posting, PostingKind
from scheduler.ledger.queries import balance, balances, balances_in, history

__all__ = [
    "BidError",
    "FairnessRow",
    "LedgerEntry",
    "Posting",
    "PostingKind",
    "adjust",
    "balance",
    "balances",
    "balances_in",
    "check_bids",
    "fairness_table",
    "history",
    "horizon_weeks",
    "post_week",
    "postings_for",
    "replace_week",
]
