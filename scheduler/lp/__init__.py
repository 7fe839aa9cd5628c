"""Linear-programming plumbing shared by the optimisers (HiGHS through ``highspy``)."""

from scheduler.lp.highs import quiet_highs

__all__ = ["quiet_highs"]
