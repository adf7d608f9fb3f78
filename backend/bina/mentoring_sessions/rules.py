"""Input rules for a recorded session, as a coordinator needs them checked: times that cannot be
(the future, a next visit before this one), and where it happened compared with the household's
location.

Input rules (this domain's `rules.py`): whether what a caller sent is acceptable, each field alone
and fields together; who may do it is `policy.py`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from bina.action_items.schemas import ActionCreate
from bina.config import get_settings
from bina.errors import Unprocessable
from bina.kit.geo import distance_km
from bina.kit.localdate import local_date
from bina.models.base import utcnow


def _error(loc: Sequence[str | int], msg: str, kind: str) -> dict[str, Any]:
    return {"loc": ["body", *loc], "msg": msg, "type": kind}


def check_times(
    occurred_at: datetime,
    next_visit_on: date | None,
    actions: Sequence[ActionCreate] = (),
    *,
    not_before: datetime | None = None,
) -> None:
    """422 with one entry per field: a session in the future (beyond the allowed clock skew of
    a phone), before its assignment started, a next visit or a due date before the session."""
    skew = timedelta(seconds=get_settings().session_clock_skew_s)
    errors = []
    if occurred_at > utcnow() + skew:
        errors.append(_error(["occurred_at"], "lies in the future", "future"))
    elif not_before is not None and occurred_at < not_before - skew:
        errors.append(_error(["occurred_at"], "before the assignment started", "before_assignment"))
    day = local_date(occurred_at)
    if next_visit_on is not None and next_visit_on < day:
        errors.append(_error(["next_visit_on"], "before the session itself", "before_session"))
    for i, action in enumerate(actions):
        if action.due_date < day:
            errors.append(
                _error(["actions", i, "due_date"], "before the session itself", "before_session")
            )
    if errors:
        where = ", ".join(".".join(str(p) for p in e["loc"][1:]) for e in errors)
        raise Unprocessable(
            f"The session has {len(errors)} invalid field(s): {where}.", errors=errors
        )


def check_coordinates(lat: float | None, lon: float | None) -> None:
    if (lat is None) != (lon is None):
        missing = "lon" if lon is None else "lat"
        raise Unprocessable(
            "Send both lat and lon, or neither.",
            errors=[_error([missing], "lat and lon go together", "missing")],
        )


@dataclass(frozen=True, slots=True)
class Place:
    distance_m: float | None
    flagged: bool
    flag_reason: str | None


def place(
    kind: str,
    lat: float | None,
    lon: float | None,
    household_lat: float | None,
    household_lon: float | None,
) -> Place:
    """Distance to the household, and whether a home visit is too far (or has no location) for
    the coordinator to take it on trust."""
    distance = None
    if None not in (lat, lon, household_lat, household_lon):
        km = distance_km(lat, lon, household_lat, household_lon)  # type: ignore[arg-type]
        distance = round(km * 1000, 1)
    if kind != "home_visit":
        return Place(distance, False, None)
    if lat is None:
        return Place(distance, True, "No location was recorded for this home visit.")
    limit_km = get_settings().home_visit_max_km
    if distance is not None and distance > limit_km * 1000:
        return Place(
            distance,
            True,
            f"Recorded {distance / 1000:.2f} km from the household; a home visit is expected "
            f"within {limit_km:g} km.",
        )
    return Place(distance, False, None)
