"""Six months of mentoring visits for the demo city: each pair's rhythm (regular, lapsed, never),
the sessions with where they happened and their review, and the steps agreed at each."""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from bina.kit.localdate import local_zone
from bina.mentoring_sessions import rules
from bina.mentoring_sessions.service import fingerprint
from bina.seed import notes
from bina.seed.matching import Pair
from bina.seed.sampling import Weighted, choice, jitter, new_uuid, randint

Row = dict[str, Any]

NEVER_VISITED = 0.10  # mentors who never show up: the dashboard must find them
LAPSED = 0.14  # mentors who stop after a month or two
_KIND = Weighted({"home_visit": 78, "phone": 10, "group": 6, "office": 6})
_MINUTES = {"home_visit": (30, 120), "phone": (10, 30), "group": (60, 180), "office": (20, 60)}
_ACTION_COUNT = {
    "home_visit": Weighted({0: 20, 1: 45, 2: 30, 3: 5}),
    "other": Weighted({0: 60, 1: 35, 2: 5}),
}
FAR_HOME_VISIT = 0.03  # recorded somewhere else: the same rule as the API flags them
NO_LOCATION = 0.02  # the phone had no GPS fix
_KM_PER_DEGREE = 111.0


@dataclass(frozen=True, slots=True)
class Home:
    """What the history needs to know about a household."""

    id: uuid.UUID
    lat: float | None
    lon: float | None
    kecamatan_code: str
    needs: list[str]


@dataclass(frozen=True, slots=True)
class Reviewer:
    user_id: uuid.UUID
    role: str


@dataclass
class VisitRows:
    sessions: list[Row] = field(default_factory=list)
    actions: list[Row] = field(default_factory=list)
    # Per household: (session id, occurred, recorded) of each session, oldest first.
    by_household: dict[uuid.UUID, list[tuple[uuid.UUID, datetime, datetime]]] = field(
        default_factory=dict
    )


def _moment(rng: random.Random, day: datetime) -> datetime:
    """Office hours in Palembang, 08:00-16:00 WIB (01:00-09:00 UTC), on `day`."""
    return day.replace(hour=1, minute=0, second=0, microsecond=0) + timedelta(
        seconds=int(rng.random() * 8 * 3600)
    )


def _offset(rng: random.Random, lat: float, lon: float, km: float) -> tuple[float, float]:
    angle = rng.random() * 2 * math.pi
    d_lat = km * math.cos(angle) / _KM_PER_DEGREE
    d_lon = km * math.sin(angle) / (_KM_PER_DEGREE * math.cos(math.radians(lat)))
    return round(lat + d_lat, 6), round(lon + d_lon, 6)


def _where(rng: random.Random, kind: str, home: Home) -> tuple[float | None, float | None]:
    if home.lat is None or home.lon is None or kind == "phone":
        return None, None
    if kind != "home_visit":  # the kelurahan office or a meeting hall nearby
        return _offset(rng, home.lat, home.lon, rng.uniform(0.3, 2.5))
    r = rng.random()
    if r < NO_LOCATION:
        return None, None
    if r < NO_LOCATION + FAR_HOME_VISIT:
        return _offset(rng, home.lat, home.lon, rng.uniform(1.5, 8.0))
    return jitter(rng, home.lat, home.lon, 0.0012)  # about 130 m: the GPS, the alley


def _visit_times(rng: random.Random, start: datetime, end: datetime) -> list[datetime]:
    """When one mentor visits: every 2-4 weeks, or only for a month or two, or never."""
    r = rng.random()
    if r < NEVER_VISITED:
        return []
    stop = start + timedelta(days=rng.uniform(30, 75)) if r < NEVER_VISITED + LAPSED else end
    interval = rng.uniform(14, 28)
    moments = []
    day = start + timedelta(days=rng.uniform(3, 21))
    while True:
        moment = _moment(rng, day)
        if moment >= min(stop, end - timedelta(hours=1)):
            break
        moments.append(moment)
        day += timedelta(days=interval * rng.uniform(0.7, 1.35))
    return moments


def _review(
    rng: random.Random, occurred: datetime, flagged: bool, end: datetime
) -> tuple[str, datetime | None, str | None]:
    """Status, review time and reason: older visits are mostly verified, recent ones wait."""
    age_days = (end - occurred).total_seconds() / 86400
    reviewed = occurred + timedelta(days=rng.uniform(1, 14))
    r = rng.random()
    if reviewed >= end or age_days < 7:
        return "submitted", None, None
    if flagged:
        if r < 0.5:
            return "rejected", reviewed, notes.REJECTION_REASONS[0]
        return ("verified", reviewed, None) if r < 0.8 else ("submitted", None, None)
    if age_days < 21:
        return ("verified", reviewed, None) if r < 0.4 else ("submitted", None, None)
    if r < 0.05:
        return "rejected", reviewed, choice(rng, notes.REJECTION_REASONS[1:])
    return ("verified", reviewed, None) if r < 0.91 else ("submitted", None, None)


def _actions(
    rng: random.Random,
    session_id: uuid.UUID,
    household_id: uuid.UUID,
    kind: str,
    topics: list[str],
    occurred: datetime,
    end: datetime,
    zone: tzinfo,
) -> list[Row]:
    day = occurred.astimezone(zone).date()
    today = end.astimezone(zone).date()
    count = _ACTION_COUNT["home_visit" if kind == "home_visit" else "other"].pick(rng)
    titles: list[str] = []
    for _ in range(count):
        title = choice(rng, notes.ACTIONS[choice(rng, topics)])
        if title not in titles:
            titles.append(title)
    rows = []
    for position, title in enumerate(titles):
        due = day + timedelta(days=randint(rng, 7, 30))
        r = rng.random()
        status, done_at = "open", None
        if r < (0.62 if due < today else 0.25):
            status = "done"
            latest = min(datetime.combine(due, occurred.timetz()) + timedelta(days=5), end)
            done_at = occurred + (latest - occurred) * rng.uniform(0.2, 0.95)
        elif due < today and r < 0.70:
            status = "dropped"
        rows.append(
            {
                "id": new_uuid(rng),
                "session_id": session_id,
                "household_id": household_id,
                "position": position,
                "title": title,
                "due_date": due,
                "status": status,
                "done_at": done_at,
                "updated_by": None,
                "version": 1 if status == "open" else 2,
                "created_at": occurred,
                "updated_at": done_at or occurred,
            }
        )
    return rows


def _notes(rng: random.Random, kind: str, topics: list[str]) -> str:
    text = choice(rng, notes.SESSION_NOTES[topics[0]]).format(n=randint(rng, 1, 3))
    return f"{notes.KIND_NOTES[kind]} {text}" if kind in notes.KIND_NOTES else text


def generate_visits(
    seed: int,
    pairs: list[Pair],
    homes: dict[uuid.UUID, Home],
    start: datetime,
    end: datetime,
    reviewer_for: Callable[[str], Reviewer],
    mentor_users: dict[uuid.UUID, uuid.UUID],
) -> VisitRows:
    """Sessions and action items of every pair, the same ones for the same seed and dates."""
    rng = random.Random(f"{seed}:visits")
    zone = local_zone()  # the city's calendar: due dates and next visits are local days
    out = VisitRows()
    for pair in sorted(pairs, key=lambda p: p.household_id):
        home = homes[pair.household_id]
        visits = out.by_household.setdefault(home.id, [])
        interval = rng.uniform(14, 28)
        for i, occurred in enumerate(_visit_times(rng, start, end)):
            kind = "home_visit" if i == 0 else _KIND.pick(rng)
            session_id = new_uuid(rng)
            row = _session(rng, pair, home, kind, occurred, interval, end, zone, reviewer_for)
            row["id"] = session_id
            row["created_by"] = mentor_users.get(pair.mentor_id)
            actions = _actions(rng, session_id, home.id, kind, row["topics"], occurred, end, zone)
            row["request_hash"] = fingerprint(_request(pair, row, actions), occurred)
            out.sessions.append(row)
            out.actions.extend(actions)
            visits.append((session_id, occurred, row["created_at"]))
    return out


def _request(pair: Pair, row: Row, actions: list[Row]) -> dict[str, Any]:
    """The create request a phone would have sent for this session, in JSON form without its
    id and time (as `request_hash` fingerprints it: a resend of a seeded visit is recognised).
    Built directly: validating 75,000 pydantic models took seconds."""
    visit = row["next_visit_on"]
    return {
        "assignment_id": str(pair.assignment_id),
        "kind": row["kind"],
        "duration_minutes": row["duration_minutes"],
        "lat": row["lat"],
        "lon": row["lon"],
        "topics": row["topics"],
        "notes": row["notes"],
        "actions": [{"title": a["title"], "due_date": a["due_date"].isoformat()} for a in actions],
        "next_visit_on": visit.isoformat() if visit else None,
    }


def _session(
    rng: random.Random,
    pair: Pair,
    home: Home,
    kind: str,
    occurred: datetime,
    interval: float,
    end: datetime,
    zone: tzinfo,
    reviewer_for: Callable[[str], Reviewer],
) -> Row:
    lat, lon = _where(rng, kind, home)
    place = rules.place(kind, lat, lon, home.lat, home.lon)
    topics = rng.sample(home.needs, min(len(home.needs), randint(rng, 1, 3)))
    status, reviewed_at, reason = _review(rng, occurred, place.flagged, end)
    created = occurred + timedelta(hours=rng.uniform(0.5, 20))  # synced when the signal came back
    if created >= end:
        created = occurred + (end - occurred) / 2
    if reviewed_at is not None and reviewed_at < created:
        reviewed_at = created + timedelta(hours=1)
    low, high = _MINUTES[kind]
    next_visit: date = occurred.astimezone(zone).date() + timedelta(days=round(interval))
    return {
        "assignment_id": pair.assignment_id,
        "household_id": pair.household_id,
        "mentor_id": pair.mentor_id,
        "occurred_at": occurred,
        "kind": kind,
        "duration_minutes": randint(rng, low, high),
        "lat": lat,
        "lon": lon,
        "distance_m": place.distance_m,
        "flagged": place.flagged,
        "flag_reason": place.flag_reason,
        "topics": topics,
        "notes": _notes(rng, kind, topics),
        "next_visit_on": next_visit,
        "status": status,
        "reviewed_by": reviewer_for(home.kecamatan_code).user_id if reviewed_at else None,
        "reviewed_at": reviewed_at,
        "review_reason": reason,
        "version": 1 if status == "submitted" else 2,
        "created_at": created,
        "updated_at": reviewed_at or created,
    }
