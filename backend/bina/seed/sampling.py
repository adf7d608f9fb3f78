"""Deterministic sampling helpers for the demo generator: weighted picks, exact splits, jitter."""

from __future__ import annotations

import bisect
import itertools
import random
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Generic, TypeVar

T = TypeVar("T")


def randint(rng: random.Random, low: int, high: int) -> int:
    """Like `rng.randint` (both ends included) at a fraction of its cost: one C call."""
    return low + int(rng.random() * (high - low + 1))


def choice(rng: random.Random, items: Sequence[T]) -> T:
    """Like `rng.choice`, with one C call."""
    return items[int(rng.random() * len(items))]


class Weighted(Generic[T]):
    """A fixed weighted choice, precomputed so that each pick is one random number and a bisect."""

    __slots__ = ("_cum", "_items", "_total")

    def __init__(self, weights: Mapping[T, float] | Sequence[tuple[T, float]]) -> None:
        pairs = list(weights.items()) if isinstance(weights, Mapping) else list(weights)
        pairs = [(item, w) for item, w in pairs if w > 0]
        if not pairs:
            raise ValueError("a weighted choice needs at least one positive weight")
        self._items = [item for item, _ in pairs]
        self._cum = list(itertools.accumulate(w for _, w in pairs))
        self._total = self._cum[-1]

    def pick(self, rng: random.Random) -> T:
        return self._items[bisect.bisect_right(self._cum, rng.random() * self._total)]


def pick_distinct(rng: random.Random, weights: Mapping[str, float], k: int) -> list[str]:
    """k different keys drawn by weight without replacement (order of drawing kept)."""
    pool = [(key, w) for key, w in weights.items() if w > 0]
    chosen: list[str] = []
    while pool and len(chosen) < k:
        target = rng.random() * sum(w for _, w in pool)
        for i, (key, w) in enumerate(pool):
            target -= w
            if target < 0 or i == len(pool) - 1:
                chosen.append(key)
                del pool[i]
                break
    return chosen


def allocate(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` into integers proportional to `weights` (largest remainder, exact sum)."""
    weight_sum = sum(weights)
    quotas = [total * w / weight_sum for w in weights]
    counts = [int(q) for q in quotas]
    by_remainder = sorted(range(len(weights)), key=lambda i: (counts[i] - quotas[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def weighted_subset(rng: random.Random, weights: Sequence[float], k: int) -> set[int]:
    """Exactly k indices, each more likely the heavier it is (Efraimidis-Spirakis keys)."""
    keys = [(rng.random() ** (1.0 / w) if w > 0 else 0.0, i) for i, w in enumerate(weights)]
    return {i for _, i in sorted(keys, reverse=True)[:k]}


def new_uuid(rng: random.Random) -> uuid.UUID:
    """A version-4 UUID drawn from `rng`, so ids are the same for the same seed."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def jitter(rng: random.Random, lat: float, lon: float, sd_deg: float) -> tuple[float, float]:
    """A point scattered around (lat, lon), rounded to about 10 cm."""
    return round(rng.gauss(lat, sd_deg), 6), round(rng.gauss(lon, sd_deg), 6)


def midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


PROGRAMME_DAYS = 183  # the demo's mentoring began about six months before `as_of`


def programme_start(as_of: date) -> datetime:
    """When the matching run was approved: 10:00 WIB, about six months before `as_of`."""
    return midnight_utc(as_of) - timedelta(days=PROGRAMME_DAYS) + timedelta(hours=3)


def moment_before(rng: random.Random, end: datetime, max_days: float) -> datetime:
    """A timestamp up to `max_days` before `end`, on office hours-ish local time (UTC+7)."""
    day = end - timedelta(days=1 + int(rng.random() * max_days))
    # 08:00-16:00 WIB is 01:00-09:00 UTC.
    return day.replace(hour=1, minute=0, second=0, microsecond=0) + timedelta(
        seconds=int(rng.random() * 8 * 3600)
    )


def birth_date_for_age(rng: random.Random, as_of: date, age: int) -> date:
    """A birth date at which a person is exactly `age` whole years old on `as_of`."""
    latest = _years_before(as_of, age)
    earliest = _years_before(as_of, age + 1) + timedelta(days=1)
    return earliest + timedelta(days=int(rng.random() * ((latest - earliest).days + 1)))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
