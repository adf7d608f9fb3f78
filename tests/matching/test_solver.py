"""The matching solver on small instances: optimal, certified, within the hard constraints."""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import replace

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from bina.matching.solver import (
    Constraints,
    Household,
    Instance,
    Mentor,
    Result,
    Tuning,
    UnmatchedReason,
    Weights,
    dense_values,
    solve,
)
from bina.reference.taxonomy import TAXONOMY

CODES = list(TAXONOMY)
LAT0, LON0 = -2.98, 104.75
TINY = Tuning(pool_points=2, k_household=1, k_mentor=1, add_per_household=1)


def _near(rng: random.Random, km: float) -> tuple[float, float]:
    return (
        LAT0 + rng.uniform(-km, km) / 111.2,
        LON0 + rng.uniform(-km, km) / 111.0,
    )


def instance(
    seed: int, n: int, m: int
) -> tuple[list[Household], list[Mentor], Weights, Constraints]:
    rng = random.Random(seed)
    kec = ["16.71.01", "16.71.02", "16.71.03"]
    mentors = []
    for j in range(m):
        lat, lon = _near(rng, 6)
        work = _near(rng, 6) if rng.random() < 0.5 else (None, None)
        mentors.append(
            Mentor(
                f"m{j}",
                lat,
                lon,
                rng.choice(kec),
                rng.choice(["DISDIK", "DINKES", "DINSOS"]),
                {c: rng.randint(1, 3) for c in rng.sample(CODES, rng.randint(0, 4))},
                capacity=rng.choice([1, 1, 2, 3]),
                available=rng.random() < 0.85,
                work_lat=work[0],
                work_lon=work[1],
            )
        )
    households = []
    for i in range(n):
        lat, lon = _near(rng, 6)
        current = rng.choice(mentors).id if mentors and rng.random() < 0.3 else None
        households.append(
            Household(
                f"h{i}",
                lat,
                lon,
                rng.choice(kec),
                frozenset(rng.sample(CODES, rng.randint(0, 4))),
                current,
            )
        )
    weights = Weights(
        competence=rng.choice([0.0, 0.5, 1.0]),
        proximity=rng.choice([0.0, 0.3, 1.0]),
        agency=rng.choice([0.0, 0.1]),
        continuity=rng.choice([0.0, 0.2]),
    )
    constraints = Constraints(
        max_distance_km=rng.choice([2.0, 5.0, 20.0]), same_kecamatan=rng.random() < 0.4
    )
    return households, mentors, weights, constraints


def dense_optimum(inst: Instance) -> int:
    vals = dense_values(inst)
    cols = np.repeat(np.arange(inst.m), inst.caps)
    if inst.n == 0 or len(cols) == 0:
        return 0
    mat = vals[:, cols].astype(np.float64)
    r, c = linear_sum_assignment(mat, maximize=True)
    return int(mat[r, c].sum())


def brute_force(inst: Instance) -> int:
    vals = dense_values(inst)
    best = 0
    options = [[-1, *[j for j in range(inst.m) if vals[i, j] > 0]] for i in range(inst.n)]
    for choice in itertools.product(*options):
        used = np.bincount([j for j in choice if j >= 0], minlength=inst.m)
        if (used <= inst.caps).all():
            best = max(best, sum(int(vals[i, j]) for i, j in enumerate(choice) if j >= 0))
    return best


def dense_greedy(inst: Instance) -> int:
    vals = dense_values(inst)
    pairs = sorted(
        (-int(vals[i, j]), i, j) for i in range(inst.n) for j in range(inst.m) if vals[i, j] > 0
    )
    rem = inst.caps.tolist()
    free = [True] * inst.n
    total = 0
    for negv, i, j in pairs:
        if free[i] and rem[j] > 0:
            free[i] = False
            rem[j] -= 1
            total -= negv
    return total


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def assert_feasible(
    res: Result, households: list[Household], mentors: list[Mentor], cons: Constraints
) -> None:
    hh = {h.id: h for h in households}
    mt = {m.id: m for m in mentors}
    seen = [p.household_id for p in res.pairs]
    assert len(seen) == len(set(seen))
    load: dict[str, int] = {}
    for p in res.pairs:
        h, m = hh[p.household_id], mt[p.mentor_id]
        assert m.available
        load[m.id] = load.get(m.id, 0) + 1
        d = km(h.lat, h.lon, m.home_lat, m.home_lon)
        if m.work_lat is not None and m.work_lon is not None:
            d = min(d, km(h.lat, h.lon, m.work_lat, m.work_lon))
        assert d <= cons.max_distance_km + 1e-9
        assert p.distance_km == pytest.approx(d, abs=1e-6)
        if cons.same_kecamatan:
            assert h.kecamatan == m.kecamatan
        assert set(p.needs_covered) <= h.needs
    for mid, n in load.items():
        assert n <= mt[mid].capacity
    assert {u.household_id for u in res.unmatched} == set(hh) - set(seen)


class TestOptimality:
    @pytest.mark.parametrize("seed", range(40))
    def test_equals_dense_optimum_with_certificate(self, seed: int) -> None:
        households, mentors, weights, cons = instance(seed, n=30, m=25)
        res = solve(households, mentors, weights, cons, tuning=TINY)
        inst = Instance(households, mentors, weights, cons)
        assert res.certificate.holds
        assert res.objective_units == dense_optimum(inst)
        assert res.certificate.primal_units == res.certificate.dual_units
        assert_feasible(res, households, mentors, cons)

    @pytest.mark.parametrize("seed", range(25))
    def test_equals_brute_force(self, seed: int) -> None:
        households, mentors, weights, cons = instance(1000 + seed, n=5, m=4)
        res = solve(households, mentors, weights, cons, tuning=TINY)
        assert res.objective_units == brute_force(Instance(households, mentors, weights, cons))
        assert res.certificate.holds

    def test_needs_certificate_rounds_when_the_shortlist_is_too_short(self) -> None:
        households, mentors, _, _ = instance(7, n=60, m=50)
        cons = Constraints(max_distance_km=20.0)
        res = solve(households, mentors, Weights(), cons, tuning=TINY)
        assert res.certificate.rounds > 1
        assert res.certificate.violations_per_round[-1] == 0
        assert res.certificate.holds
        assert res.objective_units == dense_optimum(Instance(households, mentors, Weights(), cons))


class TestGreedy:
    @pytest.mark.parametrize("seed", range(25))
    def test_greedy_is_best_pairs_first_and_not_above_optimum(self, seed: int) -> None:
        households, mentors, weights, cons = instance(2000 + seed, n=30, m=25)
        res = solve(households, mentors, weights, cons, tuning=TINY)
        inst = Instance(households, mentors, weights, cons)
        assert res.greedy_objective_units == dense_greedy(inst)
        assert res.greedy_objective_units <= res.objective_units


class TestHardConstraints:
    @pytest.mark.parametrize("seed", range(60))
    def test_never_violated(self, seed: int) -> None:
        households, mentors, weights, cons = instance(3000 + seed, n=40, m=20)
        assert_feasible(solve(households, mentors, weights, cons), households, mentors, cons)


class TestDeterminism:
    def test_same_input_same_output(self) -> None:
        households, mentors, weights, cons = instance(11, n=80, m=60)
        a = solve(households, mentors, weights, cons, tuning=TINY)
        b = solve(households, mentors, weights, cons, tuning=TINY)
        assert a.pairs == b.pairs
        assert a.unmatched == b.unmatched
        assert a.objective_units == b.objective_units
        assert a.greedy_objective_units == b.greedy_objective_units
        assert a.certificate == b.certificate


class TestUnmatchedReasons:
    def test_each_reason(self) -> None:
        mentors = [
            Mentor("near", LAT0, LON0, "16.71.01", "DISDIK", {"health": 3}),
            Mentor("busy", LAT0, LON0 + 0.2, "16.71.02", "DINKES", available=False),
        ]
        households = [
            Household("best", LAT0, LON0 + 0.001, "16.71.01", frozenset({"health"})),
            Household("second", LAT0 + 0.002, LON0, "16.71.01", frozenset({"health"})),
            Household("far", LAT0 + 0.5, LON0, "16.71.01"),
            Household("other_kec", LAT0, LON0 + 0.2, "16.71.02"),
        ]
        res = solve(households, mentors, constraints=Constraints(5.0, same_kecamatan=True))
        assert [(p.household_id, p.mentor_id) for p in res.pairs] == [("best", "near")]
        assert res.pairs[0].needs_covered == ("health",)
        assert res.pairs[0].parts.competence == 1.0
        reasons = {u.household_id: u.reason for u in res.unmatched}
        assert reasons == {
            "second": UnmatchedReason.ALL_CANDIDATES_TAKEN,
            "far": UnmatchedReason.NO_MENTOR_WITHIN_DISTANCE,
            "other_kec": UnmatchedReason.NONE_IN_KECAMATAN,
        }

    def test_continuity_keeps_the_working_pair(self) -> None:
        mentors = [
            Mentor("a", LAT0, LON0, "16.71.01", "DISDIK"),
            Mentor("b", LAT0, LON0 + 0.01, "16.71.01", "DISDIK"),
        ]
        households = [Household("h", LAT0, LON0 + 0.009, "16.71.01", current_mentor="a")]
        res = solve(households, mentors, Weights(0.0, 0.3, 0.0, 1.0))
        assert res.pairs[0].mentor_id == "a"
        assert res.pairs[0].parts.continuity == 1.0

    def test_no_mentors(self) -> None:
        res = solve([Household("h", LAT0, LON0, "16.71.01")], [])
        assert res.pairs == ()
        assert res.unmatched[0].reason == UnmatchedReason.NO_MENTOR_WITHIN_DISTANCE
        assert res.certificate.holds


# Rounds that prune the graph hard and add near-tight pairs, on pools too small to hold the answer.
PRUNED = Tuning(
    pool_points=3, k_household=2, k_mentor=1, add_per_household=3, prune_units=0, near_units=0
)
NEAR = Tuning(
    pool_points=2,
    k_household=1,
    k_mentor=1,
    add_per_household=2,
    prune_units=100_000,
    near_units=50_000,
)


# Every round scans every allowed pair, as before rounds checked only the known pairs.
EVERY = replace(TINY, full_scan_below=10**9, warm_start=False)


class TestRoundsAndScans:
    @pytest.mark.parametrize(
        "tuning", [PRUNED, NEAR, EVERY, Tuning()], ids=["pruned", "near", "every", "default"]
    )
    @pytest.mark.parametrize("seed", range(12))
    def test_every_tuning_reaches_the_dense_optimum(self, seed: int, tuning: Tuning) -> None:
        households, mentors, weights, cons = instance(4000 + seed, n=40, m=30)
        res = solve(households, mentors, weights, cons, tuning=tuning)
        inst = Instance(households, mentors, weights, cons)
        assert res.certificate.holds
        assert res.objective_units == dense_optimum(inst)
        assert res.greedy_objective_units == dense_greedy(inst)
        assert_feasible(res, households, mentors, cons)
        if tuning is EVERY:
            assert res.certificate.full_scans == res.certificate.rounds

    def test_far_pairs_beyond_every_pool_are_found_by_the_scan(self) -> None:
        # mentors next door know nothing the households need; the experts live 4-8 km away
        rng = random.Random(5)
        mentors = [
            Mentor(f"near{j}", *_near(rng, 0.3), "16.71.01", "DINSOS", capacity=1)
            for j in range(20)
        ]
        mentors += [
            Mentor(
                f"expert{j}",
                LAT0 + rng.uniform(4, 8) / 111.2,
                LON0,
                "16.71.01",
                "DINKES",
                {"health": 3, "education": 3},
                capacity=2,
            )
            for j in range(10)
        ]
        households = [
            Household(f"h{i}", *_near(rng, 0.3), "16.71.01", frozenset({"health", "education"}))
            for i in range(25)
        ]
        cons = Constraints(max_distance_km=10.0)
        res = solve(households, mentors, constraints=cons, tuning=PRUNED)
        inst = Instance(households, mentors, Weights(), cons)
        assert res.certificate.holds
        assert res.objective_units == dense_optimum(inst)
        assert sum(p.mentor_id.startswith("expert") for p in res.pairs) == 20

    def test_more_rounds_are_reported_per_round(self) -> None:
        households, mentors, _, _ = instance(4100, n=60, m=40)
        res = solve(households, mentors, Weights(), Constraints(20.0), tuning=PRUNED)
        cert = res.certificate
        assert cert.rounds == len(cert.violations_per_round) > 1
        assert cert.violations_per_round[-1] == 0


def crowded(seed: int, n: int, m: int) -> tuple[list[Household], list[Mentor]]:
    """Households packed within a kilometre, mentors spread over eight: like the demo city's
    crowded kecamatan, most households must reach mentors far beyond their nearest few."""
    rng = random.Random(seed)
    mentors = [
        Mentor(
            f"m{j}",
            *_near(rng, 8),
            "16.71.01",
            rng.choice(["DISDIK", "DINKES"]),
            {c: rng.randint(1, 3) for c in rng.sample(CODES, rng.randint(0, 3))},
        )
        for j in range(m)
    ]
    households = [
        Household(
            f"h{i}", *_near(rng, 1), "16.71.01", frozenset(rng.sample(CODES, rng.randint(1, 3)))
        )
        for i in range(n)
    ]
    return households, mentors


SHORT = Tuning(pool_points=4, k_household=3, k_mentor=1, add_per_household=2)


class TestWarmStartAndKnownPairs:
    @pytest.mark.parametrize("seed", range(6))
    def test_greedy_pairs_give_better_first_prices_and_the_same_optimum(self, seed: int) -> None:
        households, mentors = crowded(seed, 80, 100)
        cons = Constraints(max_distance_km=12.0)
        warm = solve(households, mentors, constraints=cons, tuning=SHORT)
        cold = solve(households, mentors, constraints=cons, tuning=replace(SHORT, warm_start=False))
        best = dense_optimum(Instance(households, mentors, Weights(), cons))
        for res in (warm, cold):
            assert res.certificate.holds
            assert res.objective_units == best
            assert res.certificate.violations_per_round[-1] == 0
            assert_feasible(res, households, mentors, cons)
        # the first prices come from a graph holding the greedy answer: far fewer pairs beat them
        first_warm = warm.certificate.violations_per_round[0]
        assert first_warm * 3 < cold.certificate.violations_per_round[0]

    def test_rounds_between_full_scans_check_the_known_pairs_and_still_certify(self) -> None:
        households, mentors = crowded(11, 80, 100)
        cons = Constraints(max_distance_km=12.0)
        tuning = replace(SHORT, add_per_household=1, warm_start=False)
        res = solve(households, mentors, constraints=cons, tuning=tuning)
        cert = res.certificate
        # capped at one new pair per household a round: many rounds, only some over every pair
        assert cert.rounds > cert.full_scans >= 2
        assert cert.holds
        assert cert.violations_per_round[-1] == 0
        assert res.objective_units == dense_optimum(Instance(households, mentors, Weights(), cons))
        assert_feasible(res, households, mentors, cons)


class TestCapacityAndTies:
    @pytest.mark.parametrize("seed", range(8))
    def test_mentors_with_room_for_three(self, seed: int) -> None:
        households, mentors, weights, cons = instance(5000 + seed, n=45, m=12)
        mentors = [replace(m, capacity=3, available=True) for m in mentors]
        res = solve(households, mentors, weights, cons, tuning=PRUNED)
        inst = Instance(households, mentors, weights, cons)
        assert res.objective_units == dense_optimum(inst)
        assert res.certificate.holds
        assert_feasible(res, households, mentors, cons)

    def test_identical_households_and_mentors_tie_deterministically(self) -> None:
        mentors = [
            Mentor(f"m{j}", LAT0, LON0, "16.71.01", "DISDIK", {"health": 2}, capacity=2)
            for j in range(6)
        ]
        households = [
            Household(f"h{i}", LAT0 + 0.001, LON0, "16.71.01", frozenset({"health"}))
            for i in range(15)
        ]
        runs = [solve(households, mentors, tuning=t) for t in (PRUNED, PRUNED, Tuning())]
        assert runs[0].pairs == runs[1].pairs
        assert runs[0].objective_units == runs[2].objective_units
        assert len(runs[0].pairs) == 12
        inst = Instance(households, mentors, Weights(), Constraints())
        assert runs[0].objective_units == dense_optimum(inst)
        # greedy hands out ties in input order
        assert runs[0].greedy_objective_units == dense_greedy(inst)

    def test_greedy_over_several_value_bands(self) -> None:
        # more than one band of 20,000 pool pairs
        households, mentors, weights, cons = instance(5100, n=260, m=160)
        cons = Constraints(max_distance_km=20.0)
        res = solve(households, mentors, weights, cons)
        inst = Instance(households, mentors, weights, cons)
        assert res.greedy_objective_units == dense_greedy(inst)
        assert res.objective_units == dense_optimum(inst)


class TestIncremental:
    def test_only_the_released_households_are_matched_into_the_room_left(self) -> None:
        households, mentors, weights, cons = instance(6000, n=50, m=30)
        cons = Constraints(max_distance_km=20.0)
        full = solve(households, mentors, weights, cons)
        released = {p.household_id for p in full.pairs[::5]}
        kept: dict[str, int] = {}
        for p in full.pairs:
            if p.household_id not in released:
                kept[p.mentor_id] = kept.get(p.mentor_id, 0) + 1
        room = [replace(m, capacity=m.capacity - kept.get(m.id, 0)) for m in mentors]
        again = [h for h in households if h.id in released]
        res = solve(again, room, weights, cons, tuning=PRUNED)
        assert {p.household_id for p in res.pairs} <= released
        assert res.certificate.holds
        assert res.objective_units == dense_optimum(Instance(again, room, weights, cons))
        assert_feasible(res, again, room, cons)
        full_mentors = {m.id for m in room if m.capacity <= 0}
        assert not {p.mentor_id for p in res.pairs} & full_mentors


class TestEdges:
    def test_no_households(self) -> None:
        res = solve([], [Mentor("m", LAT0, LON0, "16.71.01", "DISDIK")])
        assert res.pairs == ()
        assert res.unmatched == ()
        assert res.certificate.holds

    def test_no_available_mentor(self) -> None:
        mentors = [Mentor("m", LAT0, LON0, "16.71.01", "DISDIK", available=False)]
        res = solve([Household("h", LAT0, LON0, "16.71.01")], mentors)
        assert res.unmatched[0].reason == UnmatchedReason.NO_MENTOR_WITHIN_DISTANCE

    def test_weights_too_large_for_exact_integer_costs(self) -> None:
        with pytest.raises(ValueError, match="add up to"):
            solve([], [], Weights(competence=2e6))
