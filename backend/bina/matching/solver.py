"""Exact, certified assignment of mentors to households (pure: plain data in, dataclasses out).

Model. Every allowed pair (household i, mentor j) has a score, the weighted sum of four parts in
[0, 1]: competence fit, proximity, agency spread and continuity. The solver maximises the total
score of the chosen pairs subject to: each household has at most one mentor, each mentor at most
``capacity`` households, and the hard constraints (distance, same kecamatan when asked, mentor
available with room). A household MAY stay unmatched: that contributes 0. Internally a pair is
worth ``round(score * SCALE) + 1`` integer units; the ``+ 1`` is a match bonus of one millionth so
that every allowed pair is strictly better than leaving the household alone and, among equal
totals, more households are matched. This is a maximum-weight (not maximum-cardinality)
b-matching: a household stays unmatched only when every mentor it could have is better used
elsewhere (reason ``all_candidates_taken``).

Method. (1) A KD-tree on the unit sphere (chord distance is monotone in great-circle distance)
gives every household a pool: all mentors closer than the distance of its ``pool_points``-th
nearest mentor location (home or work). (2) The candidate graph is the best ``k_household`` pool
pairs of each household plus the best ``k_mentor`` of each mentor plus every continuing pair.
(3) It is solved exactly with SciPy's sparse LAPJV (mentor copies for capacity, one zero-profit
dummy per household for "unmatched"). (4) Dual prices ``u`` (households) and ``v`` (mentors) come
from longest paths on the residual graph (vectorised, queue-based Bellman-Ford). (5) EVERY allowed
pair is checked for positive reduced profit ``value - u_i - v_j``: pairs in the pool explicitly,
pairs outside a household's pool radius by an upper bound on their value (competence, agency and
the match bonus at their best, proximity at that radius) — where the bound does not rule them out
the household's pool is widened by a ball query. Violators (the most violated few per household)
join the graph and it is solved again. When none remain, ``u, v`` are dual feasible for the whole
problem and the dual objective equals the primal one: the matching is optimal over all pairs.
"""

from __future__ import annotations

import heapq
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.sparse.csgraph import min_weight_full_bipartite_matching
from scipy.spatial import cKDTree

from bina.reference.taxonomy import TAXONOMY

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

EARTH_RADIUS_KM = 6371.0088
SCALE = 1_000_000
CODES: tuple[str, ...] = tuple(TAXONOMY)
MAX_LEVEL = 3
_CHUNK = 1 << 20
_BLOCK = 96


# ---------------------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Household:
    id: str
    lat: float
    lon: float
    kecamatan: str
    needs: frozenset[str] = frozenset()
    current_mentor: str | None = None


@dataclass(frozen=True)
class Mentor:
    id: str
    home_lat: float
    home_lon: float
    kecamatan: str
    agency: str
    competencies: Mapping[str, int] = field(default_factory=dict)
    capacity: int = 1
    available: bool = True
    work_lat: float | None = None
    work_lon: float | None = None


@dataclass(frozen=True)
class Weights:
    competence: float = 0.5
    proximity: float = 0.3
    agency: float = 0.1
    continuity: float = 0.1


@dataclass(frozen=True)
class Constraints:
    max_distance_km: float = 10.0
    same_kecamatan: bool = False


@dataclass(frozen=True)
class Tuning:
    """Knobs that change speed, never the answer."""

    pool_points: int = 192
    k_household: int = 8
    k_mentor: int = 8
    add_per_household: int = 4
    max_rounds: int = 50


# --------------------------------------------------------------------------------------- outputs


class UnmatchedReason(StrEnum):
    NONE_IN_KECAMATAN = "no_available_mentor_in_kecamatan"
    NO_MENTOR_WITHIN_DISTANCE = "no_available_mentor_within_max_distance"
    ALL_CANDIDATES_TAKEN = "all_candidates_taken"


@dataclass(frozen=True)
class ScoreParts:
    """Each part in [0, 1], before weighting."""

    competence: float
    proximity: float
    agency: float
    continuity: float


@dataclass(frozen=True)
class Pair:
    household_id: str
    mentor_id: str
    score: float
    parts: ScoreParts
    distance_km: float
    needs_covered: tuple[str, ...]


@dataclass(frozen=True)
class Unmatched:
    household_id: str
    reason: UnmatchedReason


@dataclass(frozen=True)
class Certificate:
    holds: bool
    rounds: int
    violations_per_round: tuple[int, ...]
    candidate_pairs: int
    pairs_checked_explicitly: int
    primal_units: int
    dual_units: int


@dataclass(frozen=True)
class Result:
    pairs: tuple[Pair, ...]
    unmatched: tuple[Unmatched, ...]
    objective: float
    objective_units: int
    greedy_objective: float
    greedy_objective_units: int
    solve_seconds: float
    certificate: Certificate
    timings: Mapping[str, float]


# ------------------------------------------------------------------------------------- geometry


def _xyz(lat: FloatArray, lon: FloatArray) -> FloatArray:
    la, lo = np.radians(lat), np.radians(lon)
    return np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], axis=1)


def _chord(km: float | FloatArray) -> FloatArray:
    return np.asarray(
        2.0 * np.sin(np.minimum(np.asarray(km, dtype=np.float64), 2e4) / (2.0 * EARTH_RADIUS_KM))
    )


def _km(chord: FloatArray) -> FloatArray:
    return np.asarray(2.0 * EARTH_RADIUS_KM * np.arcsin(np.clip(chord / 2.0, 0.0, 1.0)))


# ------------------------------------------------------------------------------------- instance


@dataclass
class _Scored:
    value: IntArray
    distance: FloatArray
    competence: FloatArray
    proximity: FloatArray
    allowed: BoolArray


class Instance:
    """Households and the eligible mentors (available, capacity > 0) as arrays."""

    def __init__(
        self,
        households: Sequence[Household],
        mentors: Sequence[Mentor],
        weights: Weights,
        constraints: Constraints,
        agency_load: Mapping[str, int] | None = None,
    ) -> None:
        for w in (weights.competence, weights.proximity, weights.agency, weights.continuity):
            if not (w >= 0 and math.isfinite(w)):
                raise ValueError("weights must be finite and non-negative")
        if not constraints.max_distance_km > 0:
            raise ValueError("max_distance_km must be positive")
        if len({h.id for h in households}) != len(households):
            raise ValueError("duplicate household id")
        if len({m.id for m in mentors}) != len(mentors):
            raise ValueError("duplicate mentor id")
        self.households = tuple(households)
        self.weights = weights
        self.constraints = constraints
        self.max_d = float(constraints.max_distance_km)
        eligible = [m for m in mentors if m.available and m.capacity > 0]
        self.mentors = tuple(eligible)
        self.all_mentor_kecamatan = {m.kecamatan for m in eligible}
        n, mm = len(self.households), len(self.mentors)
        self.n, self.m = n, mm
        code_index = {c: k for k, c in enumerate(CODES)}

        self.h_xyz = _xyz(
            np.array([h.lat for h in households], dtype=np.float64).reshape(n),
            np.array([h.lon for h in households], dtype=np.float64).reshape(n),
        ).reshape(n, 3)
        self.m_home = _xyz(
            np.array([m.home_lat for m in eligible], dtype=np.float64).reshape(mm),
            np.array([m.home_lon for m in eligible], dtype=np.float64).reshape(mm),
        ).reshape(mm, 3)
        wl = np.array(
            [np.nan if m.work_lat is None or m.work_lon is None else m.work_lat for m in eligible],
            dtype=np.float64,
        ).reshape(mm)
        wo = np.array(
            [np.nan if m.work_lat is None or m.work_lon is None else m.work_lon for m in eligible],
            dtype=np.float64,
        ).reshape(mm)
        self.has_work = ~np.isnan(wl)
        self.m_work = _xyz(wl, wo).reshape(mm, 3)

        need = np.zeros((n, len(CODES)), dtype=np.float64)
        for i, h in enumerate(households):
            for c in h.needs:
                if c not in code_index:
                    raise ValueError(f"unknown need {c!r}")
                need[i, code_index[c]] = 1.0
        nneeds = need.sum(axis=1)
        self.h_need = need
        # competence = sum of levels over the household's needs / (3 * number of needs)
        self.h_denom = np.where(nneeds > 0, nneeds * MAX_LEVEL, 1.0)
        level = np.zeros((mm, len(CODES)), dtype=np.float64)
        for j, mt in enumerate(eligible):
            for c, lv in mt.competencies.items():
                if c not in code_index:
                    raise ValueError(f"unknown competency {c!r}")
                if not 0 <= lv <= MAX_LEVEL:
                    raise ValueError("competency level must be 0..3")
                level[j, code_index[c]] = float(lv)
        self.m_level = level

        # agency spread: 1 - (households the agency already holds) / (its fair share), in [0, 1]
        load = dict(agency_load or {})
        cap_by_agency: dict[str, int] = {}
        for mt in eligible:
            cap_by_agency[mt.agency] = cap_by_agency.get(mt.agency, 0) + mt.capacity
        total_cap = sum(cap_by_agency.values())
        total_hh = n + sum(load.values())
        part: dict[str, float] = {}
        for a, cap in cap_by_agency.items():
            fair = total_hh * cap / total_cap if total_cap else 0.0
            part[a] = 1.0 if fair <= 0 else min(1.0, max(0.0, 1.0 - load.get(a, 0) / fair))
        self.m_agency = np.array([part[mt.agency] for mt in eligible], dtype=np.float64).reshape(mm)
        self.caps = np.array([mt.capacity for mt in eligible], dtype=np.int64).reshape(mm)

        mentor_index = {mt.id: j for j, mt in enumerate(eligible)}
        self.h_current = np.array(
            [mentor_index.get(h.current_mentor or "", -1) for h in households], dtype=np.int64
        ).reshape(n)

        if constraints.same_kecamatan:
            keys = sorted({h.kecamatan for h in households} | {m.kecamatan for m in eligible})
            gi = {k: g for g, k in enumerate(keys)}
            self.h_group = np.array([gi[h.kecamatan] for h in households], dtype=np.int64)
            self.m_group = np.array([gi[m.kecamatan] for m in eligible], dtype=np.int64)
        else:
            self.h_group = np.zeros(n, dtype=np.int64)
            self.m_group = np.zeros(mm, dtype=np.int64)
        self.h_group = self.h_group.reshape(n)
        self.m_group = self.m_group.reshape(mm)

        # best competence any eligible mentor could give each household (for the scan's bound)
        comp_max = np.zeros(n, dtype=np.float64)
        if mm:
            uniq, inv = np.unique(need, axis=0, return_inverse=True)
            wset = uniq / np.where(uniq.sum(1) > 0, uniq.sum(1) * MAX_LEVEL, 1.0)[:, None]
            best = np.zeros(len(uniq), dtype=np.float64)
            for s in range(0, mm, 4096):
                best = np.maximum(best, (wset @ level[s : s + 4096].T).max(axis=1))
            comp_max = best[inv.reshape(-1)]
        # need sets: level sums of every mentor for each distinct set (exact small integers)
        sets, set_inv = np.unique(need, axis=0, return_inverse=True)
        self.h_set = set_inv.reshape(n).astype(np.int64)
        self.set_levels = sets @ level.T if mm else np.zeros((len(sets), 0))
        a_max = float(self.m_agency.max()) if mm else 0.0
        self.rest_max = weights.competence * comp_max + weights.agency * a_max

    # ------------------------------------------------------------------------------ scoring

    def _core(
        self, hh: IntArray, mm: IntArray
    ) -> tuple[IntArray, FloatArray, FloatArray, FloatArray, BoolArray]:
        """Value, distance, competence, proximity, allowed; hh and mm broadcast together.

        Written elementwise in a fixed order so a pair gets bit-identical numbers whether it is
        scored in a list or in a dense block."""
        w = self.weights
        hx = self.h_xyz
        dot = hx[hh, 0] * self.m_home[mm, 0] + hx[hh, 1] * self.m_home[mm, 1]
        dot = dot + hx[hh, 2] * self.m_home[mm, 2]
        d = _km(np.sqrt(np.maximum(2.0 - 2.0 * dot, 0.0)))
        dotw = hx[hh, 0] * self.m_work[mm, 0] + hx[hh, 1] * self.m_work[mm, 1]
        dotw = dotw + hx[hh, 2] * self.m_work[mm, 2]
        dw = _km(np.sqrt(np.maximum(2.0 - 2.0 * dotw, 0.0)))
        d = np.where(self.has_work[mm], np.fmin(d, dw), d)
        levels = np.zeros(np.broadcast_shapes(np.shape(hh), np.shape(mm)), dtype=np.float64)
        for c in range(len(CODES)):
            levels = levels + self.h_need[hh, c] * self.m_level[mm, c]
        comp = levels / self.h_denom[hh]
        prox = np.clip(1.0 - d / self.max_d, 0.0, 1.0)
        cont = (self.h_current[hh] == mm).astype(np.float64)
        total = w.competence * comp + w.proximity * prox
        total = total + w.agency * self.m_agency[mm] + w.continuity * cont
        value = np.rint(total * SCALE).astype(np.int64) + 1
        allowed = (d <= self.max_d) & (self.h_group[hh] == self.m_group[mm])
        return value, d, comp, prox, allowed

    def score(self, h: IntArray, m: IntArray) -> _Scored:
        """Value (integer units) and parts for pairs; ``allowed`` marks the hard constraints."""
        parts = [self._core(h[s : s + _CHUNK], m[s : s + _CHUNK]) for s in range(0, len(h), _CHUNK)]
        if not parts:
            e = np.zeros(0)
            return _Scored(e.astype(np.int64), e, e, e, e.astype(bool))
        return _Scored(*(np.concatenate([p[k] for p in parts]) for k in range(5)))

    def bound_units(self, h: IntArray, d: FloatArray) -> FloatArray:
        """Upper bound on the value of any NON-continuing pair of household h at distance >= d."""
        prox = np.clip(1.0 - d / self.max_d, 0.0, 1.0)
        return np.asarray((self.rest_max[h] + self.weights.proximity * prox) * SCALE + 2.0)


# ---------------------------------------------------------------------------------------- pool


class _Pool:
    """For each household every allowed pair closer than ``radius[i]`` (all if ``complete[i]``)."""

    def __init__(self, inst: Instance, points: int) -> None:
        self.inst = inst
        n = inst.n
        self.radius = np.zeros(n, dtype=np.float64)
        self.complete = np.zeros(n, dtype=bool)
        self.trees: dict[int, tuple[cKDTree, IntArray]] = {}
        hs: list[IntArray] = []
        ms: list[IntArray] = []
        limit = float(_chord(inst.max_d)) * (1 + 1e-9) + 1e-12
        for g in np.unique(inst.h_group):
            hidx = np.flatnonzero(inst.h_group == g)
            midx = np.flatnonzero(inst.m_group == g)
            if len(midx) == 0:
                self.complete[hidx] = True
                continue
            wk = midx[inst.has_work[midx]]
            pts = np.concatenate([inst.m_home[midx], inst.m_work[wk]])
            owner = np.concatenate([midx, wk]).astype(np.int64)
            tree = cKDTree(pts)
            self.trees[int(g)] = (tree, owner)
            k = min(points, len(pts))
            dd, ii = tree.query(inst.h_xyz[hidx], k=k, distance_upper_bound=limit)
            dd = np.asarray(dd).reshape(len(hidx), k)
            ii = np.asarray(ii).reshape(len(hidx), k)
            valid = ii < len(pts)
            self.complete[hidx] = valid.sum(axis=1) < k
            self.radius[hidx] = np.where(self.complete[hidx], inst.max_d, _km(dd[:, -1]))
            hs.append(np.repeat(hidx, valid.sum(axis=1)).astype(np.int64))
            ms.append(owner[ii[valid]])
        self.radius[self.complete] = inst.max_d
        cur = np.flatnonzero(inst.h_current >= 0)
        hs.append(cur.astype(np.int64))
        ms.append(inst.h_current[cur])
        self.h = np.zeros(0, dtype=np.int64)
        self.m = np.zeros(0, dtype=np.int64)
        self.value = np.zeros(0, dtype=np.int64)
        self.add(np.concatenate(hs), np.concatenate(ms))

    def add(self, h: IntArray, m: IntArray) -> tuple[IntArray, IntArray, IntArray]:
        """Score new pairs, keep the allowed ones not yet in the pool; returns those."""
        inst = self.inst
        key = np.unique(h * max(inst.m, 1) + m)
        if len(self.h):
            key = key[~np.isin(key, self.h * max(inst.m, 1) + self.m, assume_unique=True)]
        nh, nm = key // max(inst.m, 1), key % max(inst.m, 1)
        sc = inst.score(nh, nm)
        nh, nm, nv = nh[sc.allowed], nm[sc.allowed], sc.value[sc.allowed]
        self.h = np.concatenate([self.h, nh])
        self.m = np.concatenate([self.m, nm])
        self.value = np.concatenate([self.value, nv])
        return nh, nm, nv


# ------------------------------------------------------------------------------- sparse solve


def _top_k(major: IntArray, minor: IntArray, value: IntArray, k: int) -> BoolArray:
    """Mask of the k best (value desc, minor asc) entries per ``major``."""
    order = np.lexsort((minor, -value, major))
    sm = major[order]
    start = np.searchsorted(sm, sm, side="left")
    rank = np.arange(len(sm)) - start
    mask = np.zeros(len(major), dtype=bool)
    mask[order[rank < k]] = True
    return mask


def _assign(n: int, caps: IntArray, gh: IntArray, gm: IntArray, gv: IntArray) -> IntArray:
    """Exact max-value b-matching on the candidate graph; mate[i] = mentor or -1."""
    mate = np.full(n, -1, dtype=np.int64)
    if len(gh) == 0:
        return mate
    rows, rinv = np.unique(gh, return_inverse=True)
    ments, minv = np.unique(gm, return_inverse=True)
    deg = np.bincount(minv, minlength=len(ments))
    copies = np.minimum(caps[ments], deg)
    base = np.concatenate([[0], np.cumsum(copies)[:-1]])
    ncopy = int(copies.sum())
    rep = copies[minv]
    arc_row = np.repeat(rinv, rep)
    first = np.repeat(base[minv], rep)
    offs = np.arange(len(arc_row)) - np.repeat(np.cumsum(rep) - rep, rep)
    arc_col = first + offs
    big = float(gv.max()) + 1.0
    cost = big - np.repeat(gv, rep).astype(np.float64)
    r = len(rows)
    data = np.concatenate([cost, np.full(r, big)])
    ri = np.concatenate([arc_row, np.arange(r)])
    ci = np.concatenate([arc_col, ncopy + np.arange(r)])
    mat = sparse.csr_array((data, (ri, ci)), shape=(r, ncopy + r))
    row_ind, col_ind = min_weight_full_bipartite_matching(mat)
    copy_mentor = np.repeat(ments, copies)
    real = col_ind < ncopy
    mate[rows[row_ind[real]]] = copy_mentor[col_ind[real]]
    return mate


def _duals(
    n: int, m: int, gh: IntArray, gm: IntArray, gv: IntArray, mate: IntArray, mval: IntArray
) -> tuple[IntArray, IntArray]:
    """Smallest mentor prices v >= 0 with u_i + v_j >= value on every graph arc, where
    u_i = value(i, mate i) - v(mate i) (0 if unmatched): longest paths, queue-based."""
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


def _scan_far(
    inst: Instance, hh: IntArray, u: IntArray, v: IntArray
) -> tuple[IntArray, IntArray, IntArray, int]:
    """Pairs with positive reduced profit among every allowed pair of households ``hh``.

    Households are taken in blocks sharing a need set (and kecamatan group when that is a
    constraint). For a block, a mentor can only be a violator if its best possible value for
    that need set — competence and agency as they are, proximity at its best, plus rounding
    slack — minus its price exceeds the smallest household price in the block; every other
    mentor is skipped by that bound, the rest are scored exactly in one dense block."""
    out_h: list[IntArray] = []
    out_m: list[IntArray] = []
    out_r: list[IntArray] = []
    checked = 0
    w = inst.weights
    key = inst.h_set[hh] * (int(inst.h_group.max(initial=0)) + 1) + inst.h_group[hh]
    order = np.lexsort((hh, key))
    hh, key = hh[order], key[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    ends = np.r_[starts[1:], len(hh)]
    base = SCALE * (w.agency * inst.m_agency + w.proximity) + 2.0 - v
    for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
        for s in range(a, b, _BLOCK):
            bh = hh[s : min(s + _BLOCK, b)]
            i0 = int(bh[0])
            comp = inst.set_levels[inst.h_set[i0]] / inst.h_denom[i0]
            best = base + SCALE * w.competence * comp
            keep = best > float(u[bh].min())
            if inst.constraints.same_kecamatan:
                keep &= inst.m_group == inst.h_group[i0]
            ms = np.flatnonzero(keep)
            if len(ms) == 0:
                continue
            value, _d, _c, _p, allowed = inst._core(bh[:, None], ms[None, :])
            red = value - u[bh][:, None] - v[ms][None, :]
            checked += int(allowed.sum())
            ii, jj = np.nonzero(allowed & (red > 0))
            out_h.append(bh[ii])
            out_m.append(ms[jj])
            out_r.append(red[ii, jj])
    if not out_h:
        e = np.zeros(0, dtype=np.int64)
        return e, e, e, checked
    return np.concatenate(out_h), np.concatenate(out_m), np.concatenate(out_r), checked


# ------------------------------------------------------------------------------------ greedy


def _greedy(inst: Instance, pool: _Pool) -> int:
    """Best pairs first over ALL allowed pairs (ties: household, then mentor, in input order)."""
    n = inst.n
    order = np.lexsort((pool.m, -pool.value, pool.h))
    sh, sm, sv = pool.h[order], pool.m[order], pool.value[order]
    start = np.searchsorted(sh, np.arange(n + 1))
    safe_above = np.where(
        pool.complete, -np.inf, inst.bound_units(np.arange(n, dtype=np.int64), pool.radius)
    )
    lists: dict[int, tuple[list[int], list[int], float]] = {}

    def entries(i: int) -> tuple[list[int], list[int], float]:
        got = lists.get(i)
        if got is None:
            a, b = int(start[i]), int(start[i + 1])
            got = (sm[a:b].tolist(), sv[a:b].tolist(), float(safe_above[i]))
            lists[i] = got
        return got

    def widen(i: int) -> tuple[list[int], list[int], float]:
        mm = np.flatnonzero(inst.m_group == inst.h_group[i]).astype(np.int64)
        value, _d, _c, _p, allowed = inst._core(np.full(len(mm), i, dtype=np.int64), mm)
        mm, vv = mm[allowed], value[allowed]
        o = np.lexsort((mm, -vv))
        got = (mm[o].tolist(), vv[o].tolist(), -math.inf)
        lists[i] = got
        return got

    rem = inst.caps.tolist()
    ptr = [0] * n
    heap: list[tuple[int, int, int]] = []

    def push_next(i: int) -> None:
        ms, vs, safe = entries(i)
        p = ptr[i]
        while True:
            while p < len(ms) and rem[ms[p]] <= 0:
                p += 1
            if p < len(ms) and vs[p] > safe:
                ptr[i] = p
                heapq.heappush(heap, (-vs[p], i, ms[p]))
                return
            if safe == -math.inf:
                ptr[i] = p
                return
            ms, vs, safe = widen(i)
            p = 0

    for i in range(n):
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


# ------------------------------------------------------------------------------------- solve


def solve(
    households: Sequence[Household],
    mentors: Sequence[Mentor],
    weights: Weights | None = None,
    constraints: Constraints | None = None,
    agency_load: Mapping[str, int] | None = None,
    tuning: Tuning | None = None,
    with_greedy: bool = True,
) -> Result:
    """Certified maximum-score assignment; see the module docstring."""
    t0 = time.perf_counter()
    tune = tuning or Tuning()
    inst = Instance(
        households, mentors, weights or Weights(), constraints or Constraints(), agency_load
    )
    timings: dict[str, float] = {}
    n, m = inst.n, inst.m
    pool = _Pool(inst, tune.pool_points)
    t1 = time.perf_counter()
    timings["pool"] = t1 - t0

    in_graph = _top_k(pool.h, pool.m, pool.value, tune.k_household) | _top_k(
        pool.m, pool.h, pool.value, tune.k_mentor
    )
    in_graph |= inst.h_current[pool.h] == pool.m
    gh, gm, gv = pool.h[in_graph], pool.m[in_graph], pool.value[in_graph]
    timings["candidates"] = time.perf_counter() - t1

    violations: list[int] = []
    checked = 0
    rounds = 0
    holds = False
    mate = np.full(n, -1, dtype=np.int64)
    u = np.zeros(n, dtype=np.int64)
    v = np.zeros(m, dtype=np.int64)
    mval = np.zeros(n, dtype=np.int64)
    t_solve = t_dual = t_scan = 0.0
    while rounds < tune.max_rounds:
        rounds += 1
        ta = time.perf_counter()
        mate = _assign(n, inst.caps, gh, gm, gv)
        tb = time.perf_counter()
        mval = np.zeros(n, dtype=np.int64)
        hm = np.flatnonzero(mate >= 0)
        mval[hm] = inst.score(hm, mate[hm]).value
        u, v = _duals(n, m, gh, gm, gv, mate, mval)
        tc = time.perf_counter()
        # scan every allowed pair: the pool explicitly, beyond it by the bound
        red = pool.value - u[pool.h] - v[pool.m]
        vh, vm, vr = pool.h[red > 0], pool.m[red > 0], red[red > 0]
        checked += len(pool.h)
        allh = np.arange(n, dtype=np.int64)
        open_ = ~pool.complete & (inst.bound_units(allh, pool.radius) >= u + 1)
        wide = np.flatnonzero(open_)
        if len(wide):
            nh, nm, nr, nchecked = _scan_far(inst, wide, u, v)
            checked += nchecked
            key = np.concatenate([vh * max(m, 1) + vm, nh * max(m, 1) + nm])
            key, first = np.unique(key, return_index=True)
            vr = np.concatenate([vr, nr])[first]
            vh, vm = key // max(m, 1), key % max(m, 1)
        td = time.perf_counter()
        t_solve, t_dual, t_scan = t_solve + tb - ta, t_dual + tc - tb, t_scan + td - tc
        violations.append(len(vh))
        if len(vh) == 0:
            holds = True
            break
        pick = _top_k(vh, vm, vr, tune.add_per_household)
        ah, am = vh[pick], vm[pick]
        sc = inst.score(ah, am)
        gh, gm = np.concatenate([gh, ah]), np.concatenate([gm, am])
        gv = np.concatenate([gv, sc.value])
    timings["assign"], timings["duals"], timings["scan"] = t_solve, t_dual, t_scan

    primal = int(mval.sum())
    dual = int(u.sum() + (inst.caps * v).sum())
    spare = np.bincount(mate[mate >= 0], minlength=m) < inst.caps if m else np.zeros(0, bool)
    holds = holds and primal == dual and bool((u >= 0).all() and (v >= 0).all())
    holds = holds and not bool((v[spare] > 0).any())
    solve_seconds = time.perf_counter() - t0

    tg = time.perf_counter()
    greedy_units = _greedy(inst, pool) if with_greedy else 0
    timings["greedy"] = time.perf_counter() - tg

    result_pairs = _pairs(inst, mate)
    has_pair = np.zeros(n, dtype=bool)
    has_pair[pool.h] = True
    unmatched: list[Unmatched] = []
    for i in np.flatnonzero(mate < 0).tolist():
        hh = inst.households[i]
        if has_pair[i]:
            reason = UnmatchedReason.ALL_CANDIDATES_TAKEN
        elif inst.constraints.same_kecamatan and hh.kecamatan not in inst.all_mentor_kecamatan:
            reason = UnmatchedReason.NONE_IN_KECAMATAN
        else:
            reason = UnmatchedReason.NO_MENTOR_WITHIN_DISTANCE
        unmatched.append(Unmatched(hh.id, reason))
    cert = Certificate(
        holds=holds,
        rounds=rounds,
        violations_per_round=tuple(violations),
        candidate_pairs=len(gh),
        pairs_checked_explicitly=checked,
        primal_units=primal,
        dual_units=dual,
    )
    return Result(
        pairs=result_pairs,
        unmatched=tuple(unmatched),
        objective=primal / SCALE,
        objective_units=primal,
        greedy_objective=greedy_units / SCALE,
        greedy_objective_units=greedy_units,
        solve_seconds=solve_seconds,
        certificate=cert,
        timings=timings,
    )


def _pairs(inst: Instance, mate: IntArray) -> tuple[Pair, ...]:
    hm = np.flatnonzero(mate >= 0)
    mm = mate[hm]
    sc = inst.score(hm, mm)
    w = inst.weights
    out: list[Pair] = []
    for k, (i, j) in enumerate(zip(hm.tolist(), mm.tolist(), strict=True)):
        hh, mt = inst.households[i], inst.mentors[j]
        parts = ScoreParts(
            competence=float(sc.competence[k]),
            proximity=float(sc.proximity[k]),
            agency=float(inst.m_agency[j]),
            continuity=1.0 if inst.h_current[i] == j else 0.0,
        )
        score = (
            w.competence * parts.competence
            + w.proximity * parts.proximity
            + w.agency * parts.agency
            + w.continuity * parts.continuity
        )
        covered = tuple(c for c in CODES if c in hh.needs and mt.competencies.get(c, 0) > 0)
        out.append(Pair(hh.id, mt.id, score, parts, float(sc.distance[k]), covered))
    return tuple(out)


def dense_values(inst: Instance, rows: slice | None = None) -> IntArray:
    """Value units of every (household, eligible mentor) pair, 0 where not allowed (reference)."""
    hs = np.arange(inst.n, dtype=np.int64)[rows if rows is not None else slice(None)]
    out = np.zeros((len(hs), inst.m), dtype=np.int64)
    mm = np.arange(inst.m, dtype=np.int64)
    for r, i in enumerate(hs.tolist()):
        sc = inst.score(np.full(inst.m, i, dtype=np.int64), mm)
        out[r] = np.where(sc.allowed, sc.value, 0)
    return out
