"""The candidate graph: a nearby pool of pairs, its exact min-cost-flow solution, dual prices."""

from __future__ import annotations

import numpy as np
from ortools.graph.python import min_cost_flow
from scipy.spatial import cKDTree

from bina.matching.solver_instance import BoolArray, Instance, IntArray, chord, km


def unique_pairs(h: IntArray, m: IntArray, width: int) -> tuple[IntArray, IntArray]:
    """Distinct (h, m) pairs ordered by h then m (sort-based: numpy's hashed unique is slower)."""
    key = np.sort(h * width + m)
    keep = np.ones(len(key), dtype=bool)
    keep[1:] = key[1:] != key[:-1]
    key = key[keep]
    return key // width, key % width


def isin_sorted(a: IntArray, sorted_b: IntArray) -> BoolArray:
    """np.isin for a sorted b (numpy's hashed isin is many times slower at these sizes)."""
    if len(sorted_b) == 0:
        return np.zeros(len(a), dtype=bool)
    idx = np.minimum(np.searchsorted(sorted_b, a), len(sorted_b) - 1)
    return np.asarray(sorted_b[idx] == a)


class Pool:
    """For each household every allowed pair closer than ``radius[i]`` (all if ``complete[i]``),
    plus each household's continuing pair."""

    def __init__(self, inst: Instance, points: int) -> None:
        self.inst = inst
        n = inst.n
        self.radius = np.zeros(n, dtype=np.float64)
        self.complete = np.zeros(n, dtype=bool)
        hs: list[IntArray] = []
        ms: list[IntArray] = []
        # slightly above max distance: the exact test is the pair's own score
        limit = float(chord(inst.max_d)) * (1 + 1e-9) + 1e-12
        for g in np.unique(inst.h_group).tolist():
            hidx = np.flatnonzero(inst.h_group == g)
            midx = np.flatnonzero(inst.m_group == g)
            if len(midx) == 0:
                self.complete[hidx] = True
                continue
            wk = midx[inst.has_work[midx]]
            pts = np.concatenate([inst.m_home[midx], inst.m_work[wk]])
            owner = np.concatenate([midx, wk]).astype(np.int64)
            tree = cKDTree(pts)
            k = min(points, len(pts))
            dd, ii = tree.query(inst.h_xyz[hidx], k=k, distance_upper_bound=limit, workers=-1)
            dd = np.asarray(dd).reshape(len(hidx), k)
            ii = np.asarray(ii).reshape(len(hidx), k)
            valid = ii < len(pts)
            self.complete[hidx] = valid.sum(axis=1) < k
            self.radius[hidx] = np.where(self.complete[hidx], inst.max_d, km(dd[:, -1]))
            hs.append(np.repeat(hidx, valid.sum(axis=1)).astype(np.int64))
            ms.append(owner[ii[valid]])
        self.radius[self.complete] = inst.max_d
        cur = np.flatnonzero(inst.h_current >= 0)
        hs.append(cur.astype(np.int64))
        ms.append(inst.h_current[cur])
        h, m = unique_pairs(np.concatenate(hs), np.concatenate(ms), max(inst.m, 1))
        sc = inst.score(h, m)
        self.h, self.m, self.value = h[sc.allowed], m[sc.allowed], sc.value[sc.allowed]


def best_first(major: IntArray, minor: IntArray, value: IntArray) -> IntArray:
    """Order by major, then value descending, then minor ((major, minor) pairs are distinct)."""
    if len(major) == 0:
        return np.zeros(0, dtype=np.int64)
    vmin, vmax = int(value.min()), int(value.max())
    span, width = vmax - vmin + 1, int(minor.max()) + 1
    if (int(major.max()) + 1) * span * width < 2**62:
        # one distinct integer key: no stable sort needed, several times faster than lexsort
        return np.argsort((major * span + (vmax - value)) * width + minor)
    return np.lexsort((minor, -value, major))


def top_k(major: IntArray, minor: IntArray, value: IntArray, k: int) -> BoolArray:
    """Mask of the k best (value desc, minor asc) entries per ``major``."""
    order = best_first(major, minor, value)
    sm = major[order]
    first = np.r_[True, sm[1:] != sm[:-1]] if len(sm) else np.zeros(0, dtype=bool)
    start = np.maximum.accumulate(np.where(first, np.arange(len(sm)), 0))
    mask = np.zeros(len(major), dtype=bool)
    mask[order[np.arange(len(sm)) - start < k]] = True
    return mask


def assign(n: int, caps: IntArray, gh: IntArray, gm: IntArray, gv: IntArray) -> IntArray:
    """Exact max-value b-matching on the candidate graph; mate[i] = mentor or -1.

    Min-cost flow (OR-Tools, cost scaling): one unit from each household either through a
    mentor (cost -value, the mentor's capacity on its arc to the sink) or straight to the sink
    (cost 0: unmatched). Arcs go in graph order, so the same graph gives the same answer."""
    m = len(caps)
    mate = np.full(n, -1, dtype=np.int64)
    if len(gh) == 0:
        return mate
    rows = np.unique(gh)
    ments = np.unique(gm)
    sink = n + m
    tails = np.concatenate([gh, n + ments, rows]).astype(np.int32)
    heads = np.concatenate([n + gm, np.full(len(ments), sink), np.full(len(rows), sink)]).astype(
        np.int32
    )
    capacity = np.concatenate([np.ones(len(gh)), caps[ments], np.ones(len(rows))]).astype(np.int64)
    cost = np.concatenate([-gv, np.zeros(len(ments) + len(rows), dtype=np.int64)])
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacity, cost)
    nodes = np.concatenate([rows, [sink]]).astype(np.int32)
    supply = np.concatenate([np.ones(len(rows), dtype=np.int64), [-len(rows)]]).astype(np.int64)
    flow.set_nodes_supplies(nodes, supply)
    status = flow.solve()
    if status != flow.OPTIMAL:  # pragma: no cover - values are bounded (MAX_WEIGHT_SUM)
        raise RuntimeError(f"min-cost flow failed: {status}")
    used = np.asarray(flow.flows(np.arange(len(gh), dtype=np.int32))) > 0
    mate[gh[used]] = gm[used]
    return mate


def duals(
    n: int, m: int, gh: IntArray, gm: IntArray, gv: IntArray, mate: IntArray, mval: IntArray
) -> tuple[IntArray, IntArray]:
    """Smallest mentor prices v >= 0 with u_i + v_j >= value on every graph arc, where
    u_i = value(i, mate i) - v(mate i) (0 if unmatched): longest paths, queue-based.

    OR-Tools keeps its potentials to itself, and these smallest prices are also the ones that
    leave the fewest pairs outside the graph looking profitable."""
    order = np.argsort(gh, kind="stable")
    sh, sm, sv = gh[order], gm[order], gv[order]
    indptr = np.searchsorted(sh, np.arange(n + 1))
    matched = np.flatnonzero(mate >= 0)
    by_mentor = matched[np.argsort(mate[matched], kind="stable")]
    mptr = np.searchsorted(mate[by_mentor], np.arange(m + 1))
    v = np.zeros(m, dtype=np.int64)
    u = np.where(mate >= 0, mval, 0).astype(np.int64)
    frontier = np.arange(n, dtype=np.int64)
    for _ in range(m + 2):
        lo, hi = indptr[frontier], indptr[frontier + 1]
        cnt = hi - lo
        tot = int(cnt.sum())
        if tot == 0:
            break
        idx = np.repeat(lo - np.cumsum(cnt) + cnt, cnt) + np.arange(tot)
        cand = sv[idx] - u[sh[idx]]
        newv = v.copy()
        np.maximum.at(newv, sm[idx], cand)
        changed = np.flatnonzero(newv > v)
        if len(changed) == 0:
            break
        v = newv
        lo2, hi2 = mptr[changed], mptr[changed + 1]
        c2 = hi2 - lo2
        t2 = int(c2.sum())
        frontier = by_mentor[np.repeat(lo2 - np.cumsum(c2) + c2, c2) + np.arange(t2)]
        u[frontier] = mval[frontier] - v[mate[frontier]]
    else:  # pragma: no cover - a positive cycle means the graph solution was not optimal
        raise RuntimeError("dual prices did not converge")
    return u, v
