"""One module per rule family of the benchmark; each ``build(ctx)`` adds its constraints and
objective terms. ``scheduler.shiftcover.score`` has the matching checker for each."""
