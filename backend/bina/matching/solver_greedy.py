"""The greedy baseline: best pairs first over every allowed pair, as a person would hand out."""

from __future__ import annotations

import numpy as np

from bina.matching.solver_graph import Pool, best_first
from bina.matching.solver_instance import Instance, IntArray
from bina.matching.solver_scan import in_pool, merge, outside_pool

# A "price" no pair can pay: shuts out a matched household or a full mentor in the scans.
_SHUT = 1 << 40
# Pool pairs above each band's floor: small bands generate few pairs for households that an
# earlier band has matched meanwhile (measured: 20k beat 50k and 200k at Palembang scale).
_BAND = 20_000


def greedy(inst: Instance, pool: Pool) -> tuple[int, IntArray]:
    """Total value of best-pairs-first (ties: household, then mentor, in input order), and
    each household's mentor in it (-1: none).

    In bands of value, highest first: every allowed pair worth more than the band's floor
    between a household still free and a mentor with room (found by the certificate's scans,
    with the floor as every household's price), taken in greedy order. A pair above an earlier
    band's floor whose two sides are both still free would have been taken then, so each band
    holds exactly the pairs the full greedy order reaches next."""
    free = np.ones(inst.n, dtype=bool)
    rem = inst.caps.copy()
    width = max(inst.m, 1)
    total = 0
    mate = [-1] * inst.n
    floor = _SHUT
    while floor > 0 and free.any() and (rem > 0).any():
        live = free[pool.h] & (rem[pool.m] > 0) & (pool.value < floor)
        values = pool.value[live]
        if len(values) > _BAND:
            floor = int(np.partition(values, len(values) - _BAND)[len(values) - _BAND])
        else:
            floor = 0
        u = np.where(free, floor, _SHUT).astype(np.int64)
        v = np.where(rem > 0, 0, _SHUT).astype(np.int64)
        band = merge(in_pool(pool, u, v, 0), outside_pool(pool, u, v, 0), width)
        value = band.reduced + u[band.h]
        order = best_first(np.zeros(len(value), dtype=np.int64), band.h * width + band.m, value)
        free_l, rem_l = free.tolist(), rem.tolist()
        # sequential by nature; plain lists are several times faster than numpy scalars here
        for i, j, val in zip(
            band.h[order].tolist(), band.m[order].tolist(), value[order].tolist(), strict=True
        ):
            if free_l[i] and rem_l[j] > 0:
                free_l[i] = False
                rem_l[j] -= 1
                mate[i] = j
                total += val
        free = np.array(free_l, dtype=bool).reshape(inst.n)
        rem = np.array(rem_l, dtype=np.int64).reshape(inst.m)
    return total, np.array(mate, dtype=np.int64).reshape(inst.n)
