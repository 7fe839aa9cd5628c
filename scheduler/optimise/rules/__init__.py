"""One module per rule family. Each ``build(ctx)`` adds its variables, constraints and terms.

Group modules (breaks, coverage) read ``ctx.group_size`` and serve both the aggregate and the
per-agent model; agent modules read ``ctx.choices`` and serve the per-agent model only.
"""
