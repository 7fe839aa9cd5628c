"""Column indices of the packed problem arrays (``arrays.Problem``), shared by the packing and
the compiled code. The problem is packed into few arrays on purpose: every compiled function
receives them all, and each array in a signature costs compile time (a chain of 30 functions:
13.6 s with 44 arrays, 4.3 s with 6)."""

# Problem.option [O, 6]
START_STEP, END_STEP, START, END, PAID, LAYOUT = range(6)
# Problem.layout [L, 2]: breaks a shift of the layout has, minimum gap between them
SLOTS, GAP = range(2)
# Problem.slot [L, S, 2]: offsets a break may take, its minutes
N_OFFSETS, MINUTES = range(2)
# Problem.agent_day [A, D, 3] (floats): any option that day (1/0), frozen (1/0), request price
OPEN, FROZEN, REQUEST = range(3)
# Problem.agent_week [A, W, 3]: paid-minute cap and minimum, most days
CAP, MINIMUM, MAX_DAYS = range(3)
# Problem.agent [A, 2 + K]: the prior shift's end, days worked in a row before the horizon,
# then the queue rows the agent serves (-1 after the last)
PRIOR_END, PRIOR_RUN, SKILLS = range(3)
# Problem.prices [2, D, K, T]
UNDER_PLUS_OVER, UNDER = range(2)

NO_PRIOR = -(10**9)  # PRIOR_END when there was no shift before the horizon
