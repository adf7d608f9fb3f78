"""The greedy baseline: best pairs first over every allowed pair, as a person would hand out."""

from __future__ import annotations

import heapq
import math

import numpy as np

from bina.matching.solver_graph import Pool, best_first
from bina.matching.solver_instance import Instance, IntArray


class _Lists:
    """Each household's allowed pairs, best first, known out to a radius that grows on demand.

    Pairs beyond the radius are worth at most ``safe``, so entries above it come first in the
    full list too; only when the next entry is not above it does the radius grow."""

    def __init__(self, inst: Instance, pool: Pool) -> None:
        self.inst, self.pool = inst, pool
        order = best_first(pool.h, pool.m, pool.value)
        self.sm, self.sv = pool.m[order], pool.value[order]
        self.start = np.searchsorted(pool.h[order], np.arange(inst.n + 1))
        self.radius = pool.radius.copy()
        self.safe = np.where(
            pool.complete,
            -math.inf,
            inst.bound_units(np.arange(inst.n, dtype=np.int64), pool.radius),
        )
        self.wide: dict[int, tuple[IntArray, IntArray]] = {}

    def get(self, i: int) -> tuple[IntArray, IntArray, float]:
        got = self.wide.get(i)
        if got is None:
            a, b = int(self.start[i]), int(self.start[i + 1])
            got = (self.sm[a:b], self.sv[a:b])
        return got[0], got[1], float(self.safe[i])

    def widen(self, i: int) -> None:
        inst = self.inst
        # doubling keeps each widening small; the last one reaches max distance
        r = min(inst.max_d, max(2.0 * float(self.radius[i]), 0.5))
        hh = np.array([i], dtype=np.int64)
        _h, m = self.pool.ball(hh, np.array([r]))
        if inst.h_current[i] >= 0:
            m = np.union1d(m, inst.h_current[i : i + 1])
        value, _d, _c, _p, allowed = inst.core(np.full(len(m), i, dtype=np.int64), m)
        m, value = m[allowed], value[allowed]
        order = np.lexsort((m, -value))
        self.wide[i] = (m[order], value[order])
        self.radius[i] = r
        self.safe[i] = (
            -math.inf if r >= inst.max_d else float(inst.bound_units(hh, self.radius[hh])[0])
        )


def greedy(inst: Instance, pool: Pool) -> int:
    """Total value of best-pairs-first (ties: household, then mentor, in input order)."""
    lists = _Lists(inst, pool)
    rem = inst.caps.copy()
    ptr = np.zeros(inst.n, dtype=np.int64)
    heap: list[tuple[int, int, int]] = []

    def push_next(i: int) -> None:
        while True:
            ms, vs, safe = lists.get(i)
            free = np.flatnonzero(rem[ms[ptr[i] :]] > 0)
            p = int(ptr[i] + free[0]) if len(free) else len(ms)
            ptr[i] = p
            if p < len(ms) and vs[p] > safe:
                heapq.heappush(heap, (-int(vs[p]), i, int(ms[p])))
                return
            if safe == -math.inf:
                return
            # the list is rebuilt wider; entries skipped so far had full mentors, who stay full
            lists.widen(i)
            ptr[i] = 0

    for i in range(inst.n):
        push_next(i)
    total = 0
    while heap:
        negv, i, j = heapq.heappop(heap)
        if rem[j] > 0:
            rem[j] -= 1
            total -= negv
        else:
            push_next(i)
    return total
