"""Pairs with positive reduced profit under dual prices: the pool explicitly, the rest bounded."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bina.matching.solver_graph import Pool, isin_sorted
from bina.matching.solver_instance import EARTH_RADIUS_KM, SCALE, IntArray

# Rounding slack in value units: the match bonus (+1) plus rint (+0.5) plus float noise.
_SLACK = 2.0
_SLICE = 1 << 15
# A metre: the distance bound's allowance for rounding in the scored distance (well below it).
_METRE = 1e-3


@dataclass(frozen=True)
class Found:
    """Pairs whose reduced profit ``value - u_i - v_j`` is above ``-near``, and how many
    pairs were checked to find them."""

    h: IntArray
    m: IntArray
    reduced: IntArray
    checked: int


class Known:
    """Pairs whose value is known (the pool, then every pair a full scan found): between full
    scans the rounds check only these, which is cheap."""

    def __init__(self, h: IntArray, m: IntArray, value: IntArray, width: int) -> None:
        self.width = width
        self.key = np.zeros(0, dtype=np.int64)
        self.value = np.zeros(0, dtype=np.int64)
        self.add(h, m, value)

    def add(self, h: IntArray, m: IntArray, value: IntArray) -> None:
        new = h * self.width + m
        fresh = ~isin_sorted(new, self.key)
        new, value = new[fresh], value[fresh]
        order = np.argsort(new, kind="stable")
        new, value = new[order], value[order]
        first = np.r_[True, new[1:] != new[:-1]] if len(new) else np.zeros(0, dtype=bool)
        # two sorted runs: the stable sort merges them in linear time
        key = np.concatenate([self.key, new[first]])
        order = np.argsort(key, kind="stable")
        self.key = key[order]
        self.value = np.concatenate([self.value, value[first]])[order]
        self.h, self.m = self.key // self.width, self.key % self.width

    def near(self, u: IntArray, v: IntArray, near: int) -> Found:
        red = self.value - u[self.h] - v[self.m]
        hit = red > -near
        return Found(self.h[hit], self.m[hit], red[hit], len(self.key))


def in_pool(pool: Pool, u: IntArray, v: IntArray, near: int) -> Found:
    """Among the pool's pairs (every pair within each household's pool radius)."""
    red = pool.value - u[pool.h] - v[pool.m]
    hit = red > -near
    return Found(pool.h[hit], pool.m[hit], red[hit], len(pool.h))


def outside_pool(pool: Pool, u: IntArray, v: IntArray, near: int) -> Found:
    """Among the allowed pairs outside the pool: every one is accounted for.

    Outside its pool radius r_i, a pair of household i with mentor j is not continuing (those
    are all in the pool) and is worth at most ``part_j`` = competence + agency (exact for i's
    need set) less v_j, plus proximity at r_i. So, per need set, mentors sorted by ``part``:
    only a prefix of that list can reach ``u_i - near``. On that prefix, proximity must make
    up the rest: ``d_ij < max_d * (1 - (u_i - near - part_j) / w_p)``, which is checked on the
    squared chord (never longer than the arc) to the mentor's nearer place; the few pairs left
    are scored exactly."""
    inst = pool.inst
    w = inst.weights
    wp = SCALE * w.proximity
    prox_at_pool = wp * np.clip(1.0 - pool.radius / inst.max_d, 0.0, 1.0)
    alpha = (u - near).astype(np.float64) - _SLACK
    open_ = np.flatnonzero(~pool.complete)
    e = np.zeros(0, dtype=np.int64)
    if len(open_) == 0:
        return Found(e, e, e, 0)
    key = inst.h_group[open_] * inst.n_sets + inst.h_set[open_]
    order = np.argsort(key, kind="stable")
    open_, key = open_[order], key[order]
    bounds = np.flatnonzero(np.r_[True, key[1:] != key[:-1], True])
    by_group = {g: np.flatnonzero(inst.m_group == g) for g in np.unique(inst.h_group).tolist()}
    agency = SCALE * w.agency * inst.m_agency - v
    home, near_place = inst.m_home, np.where(inst.has_work[:, None], inst.m_work, inst.m_home)
    limit = (inst.max_d + _METRE) / EARTH_RADIUS_KM
    out_h: list[IntArray] = [e]
    out_m: list[IntArray] = [e]
    checked = 0
    for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        hs = open_[a:b]
        i0 = int(hs[0])
        ms = by_group[int(inst.h_group[i0])]
        part = inst.set_levels[inst.h_set[i0], ms] * (SCALE * w.competence / inst.h_denom[i0])
        part = part + agency[ms]
        reach = alpha[hs] - prox_at_pool[hs]
        cand = np.flatnonzero(part > reach.min())
        if len(cand) == 0:
            continue
        # any order among equal parts finds the same pairs (the cut is by value)
        cand = cand[np.argsort(-part[cand])]
        count = np.searchsorted(-part[cand], -reach, side="left")
        busy = count > 0
        hs, count = hs[busy], count[busy]
        if len(hs) == 0:
            continue
        checked += int(count.sum())
        by_count = np.argsort(-count, kind="stable")
        hs, count = hs[by_count], count[by_count]
        top = int(count[0])
        mc, pc = ms[cand[:top]], part[cand[:top]]
        # the chord each pair needs (as a fraction of the earth's radius): ra (household's side)
        # + rb (mentor's side). With no weight on proximity a pair that can gain has
        # part_j > alpha_i + 0.5 (alpha holds the rounding slack): any allowed distance then.
        scale = inst.max_d / wp / EARTH_RADIUS_KM if wp > 0 else 2.0 * limit
        ra = (limit if wp > 0 else 0.0) - alpha[hs] * scale
        rb = pc * scale
        mh, mw = home[mc].T.copy(), near_place[mc].T.copy()
        hx = inst.h_xyz[hs].T.copy()
        for s0, s1 in _blocks(count):
            width = int(count[s0])
            hb = hx[:, s0:s1, None]
            # the squared chord is 2 - 2 h.m: a pair passes when h.m > 1 - rho^2 / 2
            need = ra[s0:s1, None] + rb[None, :width]
            np.clip(need, 0.0, limit, out=need)
            need *= need
            need *= -0.5
            need += 1.0
            dot = hb[0] * mh[0, :width]
            tmp = hb[1] * mh[1, :width]
            dot += tmp
            np.multiply(hb[2], mh[2, :width], out=tmp)
            dot += tmp
            dotw = hb[0] * mw[0, :width]
            np.multiply(hb[1], mw[1, :width], out=tmp)
            dotw += tmp
            np.multiply(hb[2], mw[2, :width], out=tmp)
            dotw += tmp
            np.maximum(dot, dotw, out=dot)
            r, c = np.nonzero(dot > need)
            out_h.append(hs[s0 + r])
            out_m.append(mc[c])
    h, m = np.concatenate(out_h), np.concatenate(out_m)
    sc = inst.score(h, m)
    red = sc.value - u[h] - v[m]
    hit = sc.allowed & (red > -near)
    return Found(h[hit], m[hit], red[hit], checked)


def _blocks(count: IntArray) -> list[tuple[int, int]]:
    """Runs of households (sorted by count, descending) checked as one dense block against
    the first count[start] mentors: at most about _SLICE cells, at most twice the pairs."""
    out = []
    s0, n = 0, len(count)
    while s0 < n:
        width = int(count[s0])
        s1 = s0 + 1
        rows = max(1, _SLICE // max(width, 1))
        while s1 < n and s1 - s0 < rows and 2 * int(count[s1]) >= width:
            s1 += 1
        out.append((s0, s1))
        s0 = s1
    return out


def merge(a: Found, b: Found, width: int) -> Found:
    """Both sets of pairs, each pair once (ordered by household, then mentor)."""
    key = np.concatenate([a.h, b.h]) * width + np.concatenate([a.m, b.m])
    red = np.concatenate([a.reduced, b.reduced])
    order = np.argsort(key, kind="stable")
    key, red = key[order], red[order]
    keep = np.ones(len(key), dtype=bool)
    keep[1:] = key[1:] != key[:-1]
    key = key[keep]
    return Found(key // width, key % width, red[keep], a.checked + b.checked)
