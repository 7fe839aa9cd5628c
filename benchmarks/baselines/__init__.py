"""Peer baselines the benchmarks compare the scheduler with (not part of the scheduler)."""
