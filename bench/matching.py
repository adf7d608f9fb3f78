"""Matching benchmark: dense exact solver vs greedy vs Bina's certified sparse solver.

    .venv/bin/python bench/matching.py              # full Palembang scale, dense takes ~100 s
    .venv/bin/python bench/matching.py --skip-dense # only greedy, Bina and the 2x / 4x growth

Synthetic instance: households and mentors scattered around Palembang's kecamatan centroids
(bina.reference.regions), needs and competencies from bina.reference.taxonomy, agencies weighted
as in the demo seed. Peak memory is measured with tracemalloc (numpy allocations are traced).
"""

from __future__ import annotations

import argparse
import math
import random
import time
import tracemalloc
from collections.abc import Callable
from typing import TypeVar

import numpy as np
from scipy.optimize import linear_sum_assignment

from bina.matching.solver import (
    SCALE,
    Constraints,
    Household,
    Instance,
    Mentor,
    Weights,
    solve,
)
from bina.reference.agencies import palembang_agencies
from bina.reference.regions import palembang_regions
from bina.reference.taxonomy import TAXONOMY

T = TypeVar("T")
KM_PER_DEG = 111.32


def synthetic(
    n_households: int, n_mentors: int, seed: int = 7
) -> tuple[list[Household], list[Mentor], dict[str, int]]:
    rng = random.Random(seed)
    kec = [r for r in palembang_regions() if r.level == "kecamatan" and r.lat is not None]
    codes = list(TAXONOMY)
    agencies = palembang_agencies()
    a_codes = [a.code for a in agencies]
    a_weights = [a.demo_weight for a in agencies]

    def near(lat: float, lon: float, sigma_km: float) -> tuple[float, float]:
        dlat = rng.gauss(0, sigma_km) / KM_PER_DEG
        dlon = rng.gauss(0, sigma_km) / (KM_PER_DEG * math.cos(math.radians(lat)))
        return lat + dlat, lon + dlon

    households = []
    for i in range(n_households):
        k = rng.choice(kec)
        lat, lon = near(k.lat or 0.0, k.lon or 0.0, 1.3)
        needs = frozenset(rng.sample(codes, rng.randint(1, 4)))
        households.append(Household(f"h{i}", lat, lon, k.code, needs))
    mentors = []
    for j in range(n_mentors):
        k = rng.choice(kec)
        lat, lon = near(k.lat or 0.0, k.lon or 0.0, 1.6)
        agency = rng.choices(a_codes, a_weights)[0]
        comp = {c: rng.randint(1, 3) for c in rng.sample(codes, rng.randint(1, 4))}
        cap = rng.choices([1, 2, 3], [90, 8, 2])[0]
        work = near((rng.choice(kec).lat or 0.0), (rng.choice(kec).lon or 0.0), 0.8)
        has_work = rng.random() < 0.7
        mentors.append(
            Mentor(
                f"m{j}",
                lat,
                lon,
                k.code,
                agency,
                comp,
                cap,
                available=rng.random() < 0.96,
                work_lat=work[0] if has_work else None,
                work_lon=work[1] if has_work else None,
            )
        )
    load = {a: rng.randint(0, 40) for a in a_codes}
    return households, mentors, load


def measured(fn: Callable[[], T]) -> tuple[T, float, float]:
    """Result, seconds, peak MiB (tracemalloc)."""
    tracemalloc.start()
    t = time.perf_counter()
    out = fn()
    dt = time.perf_counter() - t
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return out, dt, peak


def dense(inst: Instance) -> int:
    """linear_sum_assignment on the full value matrix, mentor columns repeated by capacity."""
    cols = np.repeat(np.arange(inst.m), inst.caps)
    mat = np.zeros((inst.n, len(cols)), dtype=np.float64)
    mm = cols.astype(np.int64)
    step = 32
    for s in range(0, inst.n, step):
        rows = np.arange(s, min(s + step, inst.n), dtype=np.int64)
        h = np.repeat(rows, len(mm))
        sc = inst.score(h, np.tile(mm, len(rows)))
        mat[s : s + len(rows)] = np.where(sc.allowed, sc.value, 0).reshape(len(rows), len(mm))
    r, c = linear_sum_assignment(mat, maximize=True)
    return int(mat[r, c].sum())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--households", type=int, default=10_644)
    ap.add_argument("--mentors", type=int, default=13_260)
    ap.add_argument("--max-distance", type=float, default=10.0)
    ap.add_argument("--same-kecamatan", action="store_true")
    ap.add_argument("--skip-dense", action="store_true")
    ap.add_argument("--skip-growth", action="store_true")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    weights = Weights()
    cons = Constraints(max_distance_km=a.max_distance, same_kecamatan=a.same_kecamatan)
    hh, mt, load = synthetic(a.households, a.mentors, a.seed)
    print(f"instance: {len(hh):,} households, {len(mt):,} mentors, {cons}, {weights}")

    res, t_bina, mem_bina = measured(
        lambda: solve(hh, mt, weights, cons, agency_load=load, with_greedy=False)
    )
    greedy_res, _, _ = measured(lambda: solve(hh, mt, weights, cons, agency_load=load))
    t_greedy = greedy_res.timings["greedy"]
    c = res.certificate
    dense_obj: int | None = None
    t_dense = mem_dense = math.nan
    if not a.skip_dense:
        inst = Instance(hh, mt, weights, cons, load)
        dense_obj, t_dense, mem_dense = measured(lambda: dense(inst))

    def obj(units: int | None) -> str:
        return "-" if units is None else f"{units / SCALE:,.6f}"

    print()
    print(f"{'solver':<34}{'time s':>10}{'peak MiB':>10}{'objective':>20}")
    print(
        f"{'(a) dense linear_sum_assignment':<34}{t_dense:>10.2f}{mem_dense:>10.0f}"
        f"{obj(dense_obj):>20}"
    )
    print(
        f"{'(b) greedy, best pairs first':<34}{t_greedy:>10.2f}{'':>10}"
        f"{obj(greedy_res.greedy_objective_units):>20}"
    )
    print(
        f"{'(c) Bina certified sparse':<34}{t_bina:>10.2f}{mem_bina:>10.0f}"
        f"{obj(res.objective_units):>20}"
    )
    print()
    print(
        f"certificate holds: {c.holds}; rounds {c.rounds}; violating pairs per round "
        f"{list(c.violations_per_round)}; candidate pairs {c.candidate_pairs:,}; "
        f"pairs checked explicitly {c.pairs_checked_explicitly:,}; "
        f"primal {c.primal_units:,} = dual {c.dual_units:,} units"
    )
    print("phases: " + ", ".join(f"{k} {v:.2f}s" for k, v in res.timings.items()))
    gain = res.objective_units - greedy_res.greedy_objective_units
    print(
        f"matched {len(res.pairs):,}, unmatched {len(res.unmatched):,}; gain over greedy "
        f"{gain / SCALE:,.3f} ({100 * gain / max(greedy_res.greedy_objective_units, 1):.2f}%)"
    )
    if dense_obj is not None:
        print(
            f"Bina == dense optimum: {dense_obj == res.objective_units}; "
            f"speed-up {t_dense / t_bina:.1f}x"
        )
    if not a.skip_growth:
        for f in (2, 4):
            h2, m2, l2 = synthetic(a.households * f, a.mentors * f, a.seed + f)
            r2, t2, p2 = measured(
                lambda h2=h2, m2=m2, l2=l2: solve(h2, m2, weights, cons, l2, with_greedy=False)
            )
            print(
                f"{f}x ({len(h2):,} x {len(m2):,}): {t2:.2f}s, peak {p2:.0f} MiB, "
                f"certificate {r2.certificate.holds} in {r2.certificate.rounds} rounds"
            )


if __name__ == "__main__":
    main()
