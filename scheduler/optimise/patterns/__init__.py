"""Column generation over agents' week patterns: a tighter bound and LP-guided rosters.

A *pattern* is one agent's whole horizon (which days, which shift, which queue). The master
LP (``master``) picks a convex combination of patterns per agent and covers demand with them,
breaks as counts per group of identical shifts; ``pricing`` finds each agent's best new
pattern for the master's duals by dynamic programming over days, exactly under the agent's
own rules; ``generation`` alternates the two and keeps a Lagrangian bound that is valid at
every iteration.
"""
