"""Pairs with positive reduced profit under dual prices: the pool explicitly, the rest bounded."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bina.matching.solver_graph import Pool
from bina.matching.solver_instance import EARTH_RADIUS_KM, SCALE, FloatArray, Instance, IntArray

# Rounding slack in value units: the match bonus (+1) plus rint (+0.5) plus float noise.
_SLACK = 2.0
_SLICE = 1 << 18


@dataclass(frozen=True)
class Found:
    """Pairs whose reduced profit ``value - u_i - v_j`` is above ``-near``, and how many
    pairs were checked to find them."""

    h: IntArray
    m: IntArray
    reduced: IntArray
    checked: int


def in_pool(pool: Pool, u: IntArray, v: IntArray, near: int) -> Found:
    """Among the pool's pairs (every pair within each household's pool radius)."""
    red = pool.value - u[pool.h] - v[pool.m]
    hit = red > -near
    return Found(pool.h[hit], pool.m[hit], red[hit], len(pool.h))


def outside_pool(pool: Pool, u: IntArray, v: IntArray, near: int) -> Found:
    """Among the allowed pairs outside the pool: every one is accounted for.

    Outside its pool radius r_i, a pair of household i with mentor j is not continuing (those
    are all in the pool) and is worth at most competence + agency (exact for i's need set) plus
    proximity at r_i. So, per need set, mentors sorted by competence + agency - v_j: only a
    prefix of that list can reach ``u_i - near``. Those pairs are bounded again with a cheap
    lower bound on their distance (the chord), and the few left are scored exactly."""
    inst = pool.inst
    w = inst.weights
    wp = SCALE * w.proximity
    prox_at_pool = wp * np.clip(1.0 - pool.radius / inst.max_d, 0.0, 1.0)
    need = u - near - _SLACK
    out_h: list[IntArray] = [np.zeros(0, dtype=np.int64)]
    out_m: list[IntArray] = [np.zeros(0, dtype=np.int64)]
    out_p: list[FloatArray] = [np.zeros(0)]
    open_ = np.flatnonzero(~pool.complete)
    if len(open_) == 0:
        e = np.zeros(0, dtype=np.int64)
        return Found(e, e, e, 0)
    key = inst.h_group[open_] * inst.n_sets + inst.h_set[open_]
    order = np.argsort(key, kind="stable")
    open_, key = open_[order], key[order]
    bounds = np.flatnonzero(np.r_[True, key[1:] != key[:-1], True])
    by_group = {g: np.flatnonzero(inst.m_group == g) for g in np.unique(inst.h_group).tolist()}
    agency = SCALE * w.agency * inst.m_agency - v
    for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        hs = open_[a:b]
        i0 = int(hs[0])
        ms = by_group[int(inst.h_group[i0])]
        part = inst.set_levels[inst.h_set[i0], ms] * (SCALE * w.competence / inst.h_denom[i0])
        part = part + agency[ms]
        reach = need[hs] - prox_at_pool[hs]
        cand = np.flatnonzero(part > reach.min())
        if len(cand) == 0:
            continue
        cand = cand[np.argsort(-part[cand], kind="stable")]
        count = np.searchsorted(-part[cand], -reach, side="left")
        tot = int(count.sum())
        if tot == 0:
            continue
        pick = cand[np.arange(tot) - np.repeat(np.cumsum(count) - count, count)]
        out_h.append(np.repeat(hs, count))
        out_m.append(ms[pick])
        out_p.append(part[pick])
    ph, pm, pp = np.concatenate(out_h), np.concatenate(out_m), np.concatenate(out_p)
    checked = len(ph)
    return _exact(inst, ph, pm, pp, u, v, near, checked)


def _exact(
    inst: Instance,
    ph: IntArray,
    pm: IntArray,
    part: FloatArray,
    u: IntArray,
    v: IntArray,
    near: int,
    checked: int,
) -> Found:
    """Pairs (ph, pm) with ``part`` = their value less proximity and v_j: bound proximity by
    the chord (never longer than the arc), then score the survivors exactly."""
    wp = SCALE * inst.weights.proximity
    # the chord is computed as in Instance.core and 2 asin(c / 2) >= c, so low <= the scored
    # distance up to rounding (below 1e-6 km): a margin of one metre
    margin = wp * 1e-3 / inst.max_d + _SLACK
    keep_h: list[IntArray] = [np.zeros(0, dtype=np.int64)]
    keep_m: list[IntArray] = [np.zeros(0, dtype=np.int64)]
    for s in range(0, len(ph), _SLICE):
        h, m, p = ph[s : s + _SLICE], pm[s : s + _SLICE], part[s : s + _SLICE]
        hx, mh, mw = inst.h_xyz[h], inst.m_home[m], inst.m_work[m]
        dot = hx[:, 0] * mh[:, 0] + hx[:, 1] * mh[:, 1] + hx[:, 2] * mh[:, 2]
        dotw = hx[:, 0] * mw[:, 0] + hx[:, 1] * mw[:, 1] + hx[:, 2] * mw[:, 2]
        dot = np.where(inst.has_work[m], np.fmax(dot, dotw), dot)
        low = EARTH_RADIUS_KM * np.sqrt(np.maximum(2.0 - 2.0 * dot, 0.0))
        bound = p + wp * np.clip(1.0 - low / inst.max_d, 0.0, 1.0) + margin
        hit = bound > u[h] - near
        keep_h.append(h[hit])
        keep_m.append(m[hit])
    h, m = np.concatenate(keep_h), np.concatenate(keep_m)
    sc = inst.score(h, m)
    red = sc.value - u[h] - v[m]
    hit = sc.allowed & (red > -near)
    return Found(h[hit], m[hit], red[hit], checked)


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
