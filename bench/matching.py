"""Matching benchmark: dense exact solver vs greedy vs Bina's certified sparse solver.

    .venv/bin/python bench/matching.py              # full Palembang scale; dense takes ~100 s
    .venv/bin/python bench/matching.py --skip-dense # greedy, Bina, growth and incremental only
    .venv/bin/python bench/matching.py --from-db sqlite+aiosqlite:////tmp/demo.db  # + demo city

Synthetic instance: households and mentors scattered around Palembang's kecamatan centroids
(bina.reference.regions), needs and competencies from bina.reference.taxonomy, agencies weighted
as in the demo seed; 2x and 4x put twice and four times as many of both in the same city.
With ``--from-db URL`` (a database after ``bina seed --demo``) the same table is printed for the
demo city too, read as ``bina match --all-households`` reads it, twice: as it stands (a full
re-match that may keep today's pairs) and without today's pairs (the seed's own first run,
where crowded kecamatan must reach far mentors).
Each measurement runs in a fresh child process: its time is wall clock around the solver call
(instance, candidates, solve, certificate), its peak memory the child's peak resident set
(VmHWM: interpreter, input data and solver together), so measuring does not slow it down.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import multiprocessing
import random
import resource
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from bina.matching.solver import (
    SCALE,
    Constraints,
    Household,
    Instance,
    Mentor,
    Tuning,
    Weights,
    solve,
)
from bina.matching.solver_graph import Pool
from bina.matching.solver_greedy import greedy
from bina.reference.agencies import palembang_agencies
from bina.reference.regions import palembang_regions
from bina.reference.taxonomy import TAXONOMY

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


@dataclass(frozen=True)
class Job:
    kind: str  # "bina", "greedy" or "dense"
    households: int
    mentors: int
    seed: int
    max_distance: float
    same_kecamatan: bool
    released: int = 0


@dataclass(frozen=True)
class Measure:
    seconds: float
    cpu_seconds: float
    peak_mib: float
    objective_units: int
    info: dict[str, Any]


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


def incremental_input(job: Job, data: Data | None = None) -> Data:
    """After a full run, ``job.released`` households lose their mentor (new, or the mentor
    left): they are re-matched while every other pair stays, so each mentor offers only the
    capacity its kept households leave and the agencies carry the kept load."""
    hh, mt, load = data or synthetic(job.households, job.mentors, job.seed)
    cons = Constraints(max_distance_km=job.max_distance, same_kecamatan=job.same_kecamatan)
    full = solve(hh, mt, Weights(), cons, agency_load=load)
    rng = random.Random(job.seed)
    released = set(rng.sample([p.household_id for p in full.pairs], job.released))
    kept = Counter(p.mentor_id for p in full.pairs if p.household_id not in released)
    by_id = {m.id: m for m in mt}
    agency_load = Counter(load)
    for mentor_id, n in kept.items():
        agency_load[by_id[mentor_id].agency] += n
    mentors = [replace(m, capacity=m.capacity - kept[m.id]) for m in mt]
    households = [h for h in hh if h.id in released]
    return households, mentors, dict(agency_load)


Data = tuple[list[Household], list[Mentor], dict[str, int]]


def run(job: Job, data: Data | None = None) -> Measure:
    """One measurement, in a fresh child process (on ``data`` when given)."""
    hh, mt, load = data or synthetic(job.households, job.mentors, job.seed)
    cons = Constraints(max_distance_km=job.max_distance, same_kecamatan=job.same_kecamatan)
    info: dict[str, Any] = {"households": len(hh)}
    t = time.perf_counter()
    cpu = time.process_time()
    if job.kind == "dense":
        units = dense(Instance(hh, mt, Weights(), cons, load))
    elif job.kind == "greedy":
        inst = Instance(hh, mt, Weights(), cons, load)
        units, _ = greedy(inst, Pool(inst, Tuning().pool_points))
    else:
        res = solve(hh, mt, Weights(), cons, agency_load=load)
        units = res.objective_units
        c = res.certificate
        info.update(
            holds=c.holds,
            rounds=c.rounds,
            full_scans=c.full_scans,
            greedy=res.greedy_objective_units,
            violations=list(c.violations_per_round),
            candidate_pairs=c.candidate_pairs,
            checked=c.pairs_checked_explicitly,
            primal=c.primal_units,
            dual=c.dual_units,
            matched=len(res.pairs),
            unmatched=len(res.unmatched),
            phases=dict(res.timings),
        )
    seconds = time.perf_counter() - t
    cpu = time.process_time() - cpu
    return Measure(seconds, cpu, _peak_mib(), units, info)


def _peak_mib() -> float:
    """This process's peak resident set (VmHWM): it starts afresh with the child's own memory,
    while ru_maxrss keeps the maximum through exec and so can show the parent's size."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(job: Job, data: Data | None = None) -> Measure:
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        return pool.submit(run, job, data).result()


def read_db(url: str) -> Data:
    """The demo city as ``bina match --all-households`` reads it (default weights)."""
    from bina.config import Settings
    from bina.db import create_engine, create_sessionmaker
    from bina.matching import runner
    from bina.matching.schemas import MatchingRunCreate

    async def read() -> Data:
        engine = create_engine(Settings(database_url=url))
        request = MatchingRunCreate.model_validate({"scope": {"only_unassigned": False}})
        try:
            async with create_sessionmaker(engine)() as session:
                p = await runner.prepare(session, request)
        finally:
            await engine.dispose()
        return p.households, p.mentors, p.agency_load

    return asyncio.run(read())


def compare(title: str, base: Job, data: Data | None, skip_dense: bool, released: int) -> None:
    """Dense, greedy and Bina side by side on one instance, then a 1,000-household re-match."""
    hh, mt, _ = data or synthetic(base.households, base.mentors, base.seed)
    cap = sum(m.capacity for m in mt if m.available)
    print(f"\n== {title}: {len(hh):,} households, {len(mt):,} mentors (capacity {cap:,})")
    bina = measure(base, data)
    greedy_m = measure(replace(base, kind="greedy"), data)
    dense_m = None if skip_dense else measure(replace(base, kind="dense"), data)

    def obj(units: int | None) -> str:
        return "-" if units is None else f"{units / SCALE:,.6f}"

    # CPU seconds next to wall time: on a shared, loaded machine wall time is mostly waiting
    print(f"{'solver':<40}{'time s':>9}{'cpu s':>8}{'peak MiB':>10}{'objective':>20}")
    rows = [
        ("(a) dense linear_sum_assignment", dense_m),
        ("(b) greedy, best pairs first", greedy_m),
        ("(c) Bina, incl. candidate generation", bina),
    ]
    for name, r in rows:
        if r is None:
            print(f"{name:<40}{'skipped':>9}")
            continue
        print(
            f"{name:<40}{r.seconds:>9.2f}{r.cpu_seconds:>8.2f}{r.peak_mib:>10.0f}"
            f"{obj(r.objective_units):>20}"
        )
    i = bina.info
    print(
        f"certificate holds: {i['holds']}; rounds {i['rounds']} ({i['full_scans']} over every "
        f"allowed pair); violating pairs per round {i['violations']}; final graph "
        f"{i['candidate_pairs']:,} pairs; pairs checked {i['checked']:,}; "
        f"primal {i['primal']:,} = dual {i['dual']:,} units"
    )
    print("phases: " + ", ".join(f"{k} {v:.2f}s" for k, v in i["phases"].items()))
    gain = bina.objective_units - greedy_m.objective_units
    print(
        f"matched {i['matched']:,}, unmatched {i['unmatched']:,}; gain over greedy "
        f"{gain / SCALE:,.3f} ({100 * gain / max(greedy_m.objective_units, 1):.2f}%); "
        f"the solver's own greedy {obj(i['greedy'])}"
    )
    if dense_m is not None:
        print(
            f"Bina == dense optimum: {dense_m.objective_units == bina.objective_units}; "
            f"speed-up {dense_m.seconds / bina.seconds:.1f}x; "
            f"memory {dense_m.peak_mib / bina.peak_mib:.1f}x less"
        )
    inc_job = replace(base, released=released)
    inc = measure(inc_job, incremental_input(inc_job, data))
    print(
        f"incremental re-match of {inc.info['households']:,} households (the other pairs "
        f"stay): {inc.seconds:.2f}s ({inc.cpu_seconds:.2f}s CPU), peak {inc.peak_mib:.0f} MiB, "
        f"certificate {inc.info['holds']} in {inc.info['rounds']} rounds"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--households", type=int, default=10_644)
    ap.add_argument("--mentors", type=int, default=13_260)
    ap.add_argument("--max-distance", type=float, default=10.0)
    ap.add_argument("--same-kecamatan", action="store_true")
    ap.add_argument("--skip-dense", action="store_true")
    ap.add_argument("--skip-growth", action="store_true")
    ap.add_argument("--released", type=int, default=1_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--from-db", metavar="URL", help="also the demo city in this database")
    a = ap.parse_args()
    base = Job("bina", a.households, a.mentors, a.seed, a.max_distance, a.same_kecamatan)
    cons = Constraints(max_distance_km=a.max_distance, same_kecamatan=a.same_kecamatan)
    print(f"{cons}, {Weights()}")
    print(f"machine: {multiprocessing.cpu_count()} cores, load average {_load()} at start")

    compare("synthetic", base, None, a.skip_dense, a.released)
    if a.from_db:
        hh, mt, load = read_db(a.from_db)
        compare("demo city, full re-match", base, (hh, mt, load), a.skip_dense, a.released)
        fresh = [replace(h, current_mentor=None) for h in hh]
        title = "demo city without today's pairs (the seed's run)"
        compare(title, base, (fresh, mt, load), a.skip_dense, a.released)
    if not a.skip_growth:
        print()
        for f in (2, 4):
            g = measure(replace(base, households=a.households * f, mentors=a.mentors * f))
            print(
                f"{f}x ({a.households * f:,} x {a.mentors * f:,}): {g.seconds:.2f}s "
                f"({g.cpu_seconds:.2f}s CPU), peak "
                f"{g.peak_mib:.0f} MiB, certificate {g.info['holds']} in "
                f"{g.info['rounds']} rounds"
            )
    print(f"load average {_load()} at the end")


def _load() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


if __name__ == "__main__":
    main()
