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

Incremental re-matching is the same call on less: pass only the households to (re)match, and
each mentor with the capacity left after the pairs that stay (``agency_load`` counts them).

Method. (1) A KD-tree on the unit sphere (chord distance is monotone in great-circle distance)
gives every household a pool: all mentors closer than the distance of its ``pool_points``-th
nearest mentor location (home or work). (2) Greedy (best pairs first over every allowed pair) is
the baseline the run reports, and its pairs warm-start the solve: the candidate graph is the
best ``k_household`` pool pairs of each household plus the best ``k_mentor`` of each mentor plus
every continuing pair plus the greedy answer. Without it, crowded areas whose households must
reach far mentors get poor first prices (demo city: 17.6M violated pairs after round 1, 0.9M
with it). (3) The graph is solved exactly as a min-cost flow (OR-Tools). (4) Dual prices ``u``
(households) and ``v`` (mentors) come from longest paths on the residual graph (vectorised,
queue-based Bellman-Ford). (5) Pairs with positive reduced profit ``value - u_i - v_j`` are
looked for: in round 1, and whenever the known pairs show none, over EVERY allowed pair (a full
scan): the pool's pairs explicitly; beyond a household's pool radius a pair is worth at most its
competence and agency (exact per need set) less the mentor's price plus proximity at the pool
radius, so per need set only a prefix of the mentors sorted by that bound can gain, and of those
only the ones a chord-distance bound does not rule out are scored exactly. Other rounds check
only the known pairs (the pool and whatever a full scan found near tight), which is cheap.
(6) If any pair gains, the graph drops arcs far from tight (``prune_units``; matched arcs stay),
takes the best violators of each household and near-tight pairs (``add_per_household``,
``near_units``) and is solved again. When a full scan finds no pair that gains, ``u, v`` are
dual feasible for the whole problem and the dual objective equals the primal one: the matching
is optimal over all pairs. ``violations_per_round`` counts what each round's check found; the
last entry is always a full scan.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence

import numpy as np

from bina.matching.solver_graph import Pool, assign, duals, isin_sorted, top_k
from bina.matching.solver_greedy import greedy
from bina.matching.solver_instance import (
    CODES,
    SCALE,
    Instance,
    IntArray,
    dense_values,
)
from bina.matching.solver_scan import Known, merge, outside_pool
from bina.matching.solver_types import (
    Certificate,
    Constraints,
    Household,
    Mentor,
    Pair,
    Result,
    ScoreParts,
    Tuning,
    Unmatched,
    UnmatchedReason,
    Weights,
)

__all__ = [
    "SCALE",
    "Certificate",
    "Constraints",
    "Household",
    "Instance",
    "Mentor",
    "Pair",
    "Result",
    "ScoreParts",
    "Tuning",
    "Unmatched",
    "UnmatchedReason",
    "Weights",
    "dense_values",
    "solve",
]


def solve(
    households: Sequence[Household],
    mentors: Sequence[Mentor],
    weights: Weights | None = None,
    constraints: Constraints | None = None,
    agency_load: Mapping[str, int] | None = None,
    tuning: Tuning | None = None,
) -> Result:
    """Certified maximum-score assignment; see the module docstring."""
    t0 = time.perf_counter()
    tune = tuning or Tuning()
    inst = Instance(
        households, mentors, weights or Weights(), constraints or Constraints(), agency_load
    )
    timings: dict[str, float] = {}
    n, m = inst.n, inst.m
    width = max(m, 1)
    pool = Pool(inst, tune.pool_points)
    t1 = time.perf_counter()
    timings["pool"] = t1 - t0

    # Greedy first: its pairs reach the far mentors that crowded areas need, which makes the
    # first graph's prices good (demo city: 0.9M instead of 17.6M violated pairs after round 1)
    greedy_units, greedy_mate = greedy(inst, pool)
    t2 = time.perf_counter()
    timings["greedy"] = t2 - t1
    gh, gm, gv = _candidates(inst, pool, tune, greedy_mate if tune.warm_start else None)
    timings["candidates"] = time.perf_counter() - t2

    known = Known(pool.h, pool.m, pool.value, width)
    known.add(gh, gm, gv)
    violations: list[int] = []
    checked = rounds = full_scans = 0
    holds = False
    mate = np.full(n, -1, dtype=np.int64)
    u = np.zeros(n, dtype=np.int64)
    v = np.zeros(m, dtype=np.int64)
    mval = np.zeros(n, dtype=np.int64)
    t_solve = t_dual = t_scan = 0.0
    near = max(0, min(tune.near_units, tune.prune_units))
    while rounds < tune.max_rounds:
        rounds += 1
        ta = time.perf_counter()
        mate = assign(n, inst.caps, gh, gm, gv)
        tb = time.perf_counter()
        mval = np.zeros(n, dtype=np.int64)
        hm = np.flatnonzero(mate >= 0)
        mval[hm] = inst.score(hm, mate[hm]).value
        u, v = duals(n, m, gh, gm, gv, mate, mval)
        tc = time.perf_counter()
        # Between full scans only the known pairs are checked (cheap); the first round and
        # any round that finds (almost) nothing there check every allowed pair.
        found = known.near(u, v, near)
        profitable = int((found.reduced > 0).sum())
        if profitable < tune.full_scan_below or rounds == 1:
            full_scans += 1
            found = merge(found, outside_pool(pool, u, v, near), width)
            known.add(found.h, found.m, found.reduced + u[found.h] + v[found.m])
            profitable = int((found.reduced > 0).sum())
        td = time.perf_counter()
        t_solve, t_dual, t_scan = t_solve + tb - ta, t_dual + tc - tb, t_scan + td - tc
        checked += found.checked
        violations.append(profitable)
        if profitable == 0:
            holds = True
            break
        keep = (gv - u[gh] - v[gm] >= -tune.prune_units) | (mate[gh] == gm)
        gh, gm, gv = gh[keep], gm[keep], gv[keep]
        fresh = ~isin_sorted(found.h * width + found.m, np.sort(gh * width + gm))
        fh, fm, fr = found.h[fresh], found.m[fresh], found.reduced[fresh]
        pick = top_k(fh, fm, fr, tune.add_per_household)
        ah, am = fh[pick], fm[pick]
        gh, gm = np.concatenate([gh, ah]), np.concatenate([gm, am])
        gv = np.concatenate([gv, fr[pick] + u[ah] + v[am]])
    timings["assign"], timings["duals"], timings["scan"] = t_solve, t_dual, t_scan

    primal = int(mval.sum())
    dual = int(u.sum() + (inst.caps * v).sum())
    spare = np.bincount(mate[mate >= 0], minlength=m) < inst.caps if m else np.zeros(0, bool)
    holds = holds and primal == dual and bool((u >= 0).all() and (v >= 0).all())
    holds = holds and not bool((v[spare] > 0).any())
    solve_seconds = time.perf_counter() - t0

    cert = Certificate(
        holds=holds,
        rounds=rounds,
        violations_per_round=tuple(violations),
        candidate_pairs=len(gh),
        full_scans=full_scans,
        pairs_checked_explicitly=checked,
        primal_units=primal,
        dual_units=dual,
    )
    return Result(
        pairs=_pairs(inst, mate),
        unmatched=_unmatched(inst, pool, mate),
        objective=primal / SCALE,
        objective_units=primal,
        greedy_objective=greedy_units / SCALE,
        greedy_objective_units=greedy_units,
        solve_seconds=solve_seconds,
        certificate=cert,
        timings=timings,
    )


def _candidates(
    inst: Instance, pool: Pool, tune: Tuning, greedy_mate: IntArray | None
) -> tuple[IntArray, IntArray, IntArray]:
    """The first graph: each household's and each mentor's best pairs, continuing pairs and
    the greedy answer's pairs."""
    h, m, value = pool.h, pool.m, pool.value
    keep = top_k(h, m, value, tune.k_household) | top_k(m, h, value, tune.k_mentor)
    keep |= inst.h_current[h] == m
    h, m, value = h[keep], m[keep], value[keep]
    if greedy_mate is None:
        return h, m, value
    width = max(inst.m, 1)
    gi = np.flatnonzero(greedy_mate >= 0)
    gi = gi[~isin_sorted(gi * width + greedy_mate[gi], np.sort(h * width + m))]
    gj = greedy_mate[gi]
    return (
        np.concatenate([h, gi]),
        np.concatenate([m, gj]),
        np.concatenate([value, inst.score(gi, gj).value]),
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


def _unmatched(inst: Instance, pool: Pool, mate: IntArray) -> tuple[Unmatched, ...]:
    has_pair = np.zeros(inst.n, dtype=bool)
    has_pair[pool.h] = True
    out: list[Unmatched] = []
    for i in np.flatnonzero(mate < 0).tolist():
        hh = inst.households[i]
        if has_pair[i]:
            reason = UnmatchedReason.ALL_CANDIDATES_TAKEN
        elif inst.constraints.same_kecamatan and hh.kecamatan not in inst.all_mentor_kecamatan:
            reason = UnmatchedReason.NONE_IN_KECAMATAN
        else:
            reason = UnmatchedReason.NO_MENTOR_WITHIN_DISTANCE
        out.append(Unmatched(hh.id, reason))
    return tuple(out)
