"""One replication: callers meet the roster's agents, call by call.

An event loop over a heap, written out here rather than on simpy or ciw: those would give the
clock and little else, since the part that matters (agents who log on and off per the roster,
serve several queues with the rostered one first, and callers who hang up) is routing code
either way, and ciw's nodes cannot share agents with different skill sets. Sampling is done in
advance with numpy (:mod:`.arrivals`), so the loop only moves callers and agents.

Rules of the floor:

* a caller goes to an idle agent who serves the queue, preferring agents rostered on it, then
  the one idle longest; otherwise they wait first come first served in their queue;
* an agent who becomes free takes the longest-waiting caller of their first queue with
  someone waiting (rostered queue, then their other skills with :attr:`Routing.SKILLS`);
* a caller hangs up once their patience runs out (found lazily when an agent looks at them);
* at a break or the end of a shift the agent finishes the call in hand, then logs off.
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from dataclasses import dataclass

import numpy as np

from scheduler.simulate.arrivals import CallStream
from scheduler.simulate.phone_time import PhoneSpan

_CALL_END, _LOG_OFF, _LOG_ON = 0, 1, 2


@dataclass(frozen=True)
class CallOutcomes:
    """Per caller (``CallStream`` order): when answered (NaN: never), and the queue the
    answering agent was rostered on (-1: nobody answered), which shows calls taken by agents
    lent from another queue."""

    answered_s: np.ndarray
    server_queue: np.ndarray


class _Floor:
    """Agents and queues during one replication."""

    def __init__(self, agents: int, queues: int, calls: CallStream) -> None:
        self.calls = calls
        self.arrival = calls.arrival_s.tolist()
        self.give_up = (calls.arrival_s + calls.patience_s).tolist()
        self.handle = calls.handle_s.tolist()
        self.answered = [math.nan] * len(calls)
        self.server_queue = [-1] * len(calls)
        self.on_duty = [False] * agents
        self.busy = [False] * agents
        self.order: list[tuple[int, ...]] = [()] * agents
        self.epoch = [0] * agents
        self.idle: list[list[tuple[int, float, int, int]]] = [[] for _ in range(queues)]
        self.waiting: list[deque[int]] = [deque() for _ in range(queues)]
        self.events: list[tuple[float, int, int, int]] = []
        self.sequence = 0

    def push(self, time: float, kind: int, agent: int) -> None:
        self.sequence += 1
        heapq.heappush(self.events, (time, kind, self.sequence, agent))

    def answer(self, call: int, agent: int, now: float) -> None:
        self.busy[agent] = True
        self.epoch[agent] += 1  # its idle entries are stale now
        self.answered[call] = now
        self.server_queue[call] = self.order[agent][0]
        self.push(now + self.handle[call], _CALL_END, agent)

    def arrive(self, call: int, now: float, queue: int) -> None:
        agent = self._idle_agent(queue)
        if agent is None:
            self.waiting[queue].append(call)
        else:
            self.answer(call, agent, now)

    def _idle_agent(self, queue: int) -> int | None:
        heap = self.idle[queue]
        while heap:
            _, _, agent, epoch = heapq.heappop(heap)
            if self.on_duty[agent] and not self.busy[agent] and epoch == self.epoch[agent]:
                return agent
        return None

    def free(self, agent: int, now: float) -> None:
        """An agent on duty with nothing in hand: take the next caller, or wait idle."""
        for queue in self.order[agent]:
            line = self.waiting[queue]
            while line:
                call = line.popleft()
                if self.give_up[call] > now:
                    self.answer(call, agent, now)
                    return
        self.epoch[agent] += 1
        for rank, queue in enumerate(self.order[agent]):
            heapq.heappush(self.idle[queue], (rank, now, agent, self.epoch[agent]))

    def handle_event(self, kind: int, agent: int, now: float, span: PhoneSpan | None) -> None:
        if kind == _CALL_END:
            self.busy[agent] = False
            if self.on_duty[agent]:
                self.free(agent, now)
        elif kind == _LOG_OFF:
            self.on_duty[agent] = False
            self.epoch[agent] += 1
        else:
            assert span is not None
            self.on_duty[agent] = True
            self.order[agent] = span.queues
            if not self.busy[agent]:
                self.free(agent, now)


def run_replication(
    spans: list[PhoneSpan], calls: CallStream, agents: int, queues: int
) -> CallOutcomes:
    """Simulate one replication of the horizon; callers still waiting at the end never got an
    answer."""
    floor = _Floor(agents, queues, calls)
    for n, span in enumerate(spans):
        floor.push(span.start_s, _LOG_ON, n)
        floor.push(span.end_s, _LOG_OFF, span.agent)
    queue_of = calls.queue.tolist()
    events = floor.events
    for call, now in enumerate(floor.arrival):
        while events and events[0][0] <= now:
            _drain_one(floor, spans)
        floor.arrive(call, now, queue_of[call])
    while events:
        _drain_one(floor, spans)
    return CallOutcomes(np.asarray(floor.answered), np.asarray(floor.server_queue))


def _drain_one(floor: _Floor, spans: list[PhoneSpan]) -> None:
    """Handle the earliest event; a log-on event carries its span's index, not an agent."""
    time, kind, _, who = heapq.heappop(floor.events)
    if kind == _LOG_ON:
        span = spans[who]
        floor.handle_event(kind, span.agent, time, span)
    else:
        floor.handle_event(kind, who, time, None)
