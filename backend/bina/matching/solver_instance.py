"""The matching problem as arrays: eligible mentors, geometry, and the exact score of any pair."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bina.matching.solver_types import Constraints, Household, Mentor, Weights
from bina.reference.taxonomy import TAXONOMY

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

EARTH_RADIUS_KM = 6371.0088
SCALE = 1_000_000
CODES: tuple[str, ...] = tuple(TAXONOMY)
MAX_LEVEL = 3
# Integer values must stay far below 2**63 / (nodes + 1): the min-cost flow scales costs by that.
MAX_WEIGHT_SUM = 1e6
_CHUNK = 1 << 20


def xyz(lat: FloatArray, lon: FloatArray) -> FloatArray:
    """Points on the unit sphere: chord distance there is monotone in great-circle distance."""
    la, lo = np.radians(lat), np.radians(lon)
    return np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], axis=1)


def chord(km: float | FloatArray) -> FloatArray:
    return np.asarray(
        2.0 * np.sin(np.minimum(np.asarray(km, dtype=np.float64), 2e4) / (2.0 * EARTH_RADIUS_KM))
    )


def km(chord_: FloatArray) -> FloatArray:
    return np.asarray(2.0 * EARTH_RADIUS_KM * np.arcsin(np.clip(chord_ / 2.0, 0.0, 1.0)))


@dataclass
class Scored:
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
        ws = (weights.competence, weights.proximity, weights.agency, weights.continuity)
        for w in ws:
            if not (w >= 0 and math.isfinite(w)):
                raise ValueError("weights must be finite and non-negative")
        if sum(ws) > MAX_WEIGHT_SUM:
            raise ValueError(f"weights must add up to at most {MAX_WEIGHT_SUM:g}")
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

        def points(lat: list[float], lon: list[float], size: int) -> FloatArray:
            la = np.array(lat, dtype=np.float64).reshape(size)
            return xyz(la, np.array(lon, dtype=np.float64).reshape(size)).reshape(size, 3)

        self.h_xyz = points([h.lat for h in households], [h.lon for h in households], n)
        self.m_home = points([m.home_lat for m in eligible], [m.home_lon for m in eligible], mm)
        work = [(m.work_lat, m.work_lon) for m in eligible]
        no_work = [la is None or lo is None for la, lo in work]
        self.has_work = ~np.array(no_work, dtype=bool).reshape(mm)
        self.m_work = points(
            [math.nan if la is None or lo is None else la for la, lo in work],
            [math.nan if la is None or lo is None else lo for la, lo in work],
            mm,
        )

        need = np.zeros((n, len(CODES)), dtype=np.float64)
        for i, h in enumerate(households):
            for c in h.needs:
                if c not in code_index:
                    raise ValueError(f"unknown need {c!r}")
                need[i, code_index[c]] = 1.0
        nneeds = need.sum(axis=1)
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
        # Households share few need sets (<= 4 of 12 needs: < 800), so a mentor's level sum is
        # stored once per set: small exact integers, the same whichever way they are added.
        sets, set_inv = np.unique(need, axis=0, return_inverse=True)
        self.h_set = set_inv.reshape(n).astype(np.int64)
        self.n_sets = len(sets)
        self.set_denom = np.maximum(sets.sum(axis=1) * MAX_LEVEL, 1.0)
        self.set_levels = (sets @ level.T).astype(np.uint8).reshape(len(sets), mm)

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

        # the best competence any eligible mentor could give each household (for bounds)
        set_best = self.set_levels.max(axis=1) if mm else np.zeros(len(sets), dtype=np.uint8)
        comp_max = set_best[self.h_set] / self.h_denom
        a_max = float(self.m_agency.max()) if mm else 0.0
        self.rest_max = weights.competence * comp_max + weights.agency * a_max

    # ------------------------------------------------------------------------------ scoring

    def core(
        self, hh: IntArray, mm: IntArray
    ) -> tuple[IntArray, FloatArray, FloatArray, FloatArray, BoolArray]:
        """Value, distance, competence, proximity, allowed; hh and mm broadcast together.

        Written elementwise in a fixed order so a pair gets bit-identical numbers whether it is
        scored in a list or in a dense block."""
        w = self.weights
        hx = self.h_xyz
        dot = hx[hh, 0] * self.m_home[mm, 0] + hx[hh, 1] * self.m_home[mm, 1]
        dot = dot + hx[hh, 2] * self.m_home[mm, 2]
        d = km(np.sqrt(np.maximum(2.0 - 2.0 * dot, 0.0)))
        dotw = hx[hh, 0] * self.m_work[mm, 0] + hx[hh, 1] * self.m_work[mm, 1]
        dotw = dotw + hx[hh, 2] * self.m_work[mm, 2]
        dw = km(np.sqrt(np.maximum(2.0 - 2.0 * dotw, 0.0)))
        d = np.where(self.has_work[mm], np.fmin(d, dw), d)
        comp = self.set_levels[self.h_set[hh], mm] / self.h_denom[hh]
        prox = np.clip(1.0 - d / self.max_d, 0.0, 1.0)
        cont = (self.h_current[hh] == mm).astype(np.float64)
        total = w.competence * comp + w.proximity * prox
        total = total + w.agency * self.m_agency[mm] + w.continuity * cont
        value = np.rint(total * SCALE).astype(np.int64) + 1
        allowed = (d <= self.max_d) & (self.h_group[hh] == self.m_group[mm])
        return value, d, comp, prox, allowed

    def score(self, h: IntArray, m: IntArray) -> Scored:
        """Value (integer units) and parts for pairs; ``allowed`` marks the hard constraints."""
        parts = [self.core(h[s : s + _CHUNK], m[s : s + _CHUNK]) for s in range(0, len(h), _CHUNK)]
        if not parts:
            e = np.zeros(0)
            return Scored(e.astype(np.int64), e, e, e, e.astype(bool))
        return Scored(*(np.concatenate([p[k] for p in parts]) for k in range(5)))

    def bound_units(self, h: IntArray, d: FloatArray) -> FloatArray:
        """Upper bound on the value of any NON-continuing pair of household h at distance >= d."""
        prox = np.clip(1.0 - d / self.max_d, 0.0, 1.0)
        return np.asarray((self.rest_max[h] + self.weights.proximity * prox) * SCALE + 2.0)


def dense_values(inst: Instance, rows: slice | None = None) -> IntArray:
    """Value units of every (household, eligible mentor) pair, 0 where not allowed (reference)."""
    hs = np.arange(inst.n, dtype=np.int64)[rows if rows is not None else slice(None)]
    out = np.zeros((len(hs), inst.m), dtype=np.int64)
    mm = np.arange(inst.m, dtype=np.int64)
    for r, i in enumerate(hs.tolist()):
        sc = inst.score(np.full(inst.m, i, dtype=np.int64), mm)
        out[r] = np.where(sc.allowed, sc.value, 0)
    return out
