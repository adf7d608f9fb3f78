"""Mentoring session rules: a mentor records sessions for its own active assignment only; a
client-chosen id makes a resend harmless (same body: the stored session again; other body: 409);
far-away home visits are flagged; coordinators verify or reject in their region; every write is
audited. Auditors see no session detail (aggregates come from /stats).

Concurrency: a create locks the household and assignment rows (as assignment changes do), so an
assignment ended meanwhile is seen ended (409), and twin requests with the same id run one after
the other: the second finds the first's row (or its INSERT does nothing), one session."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from bina.action_items import service as action_service
from bina.audit import service as audit
from bina.errors import Conflict, Forbidden, NotFound, Unprocessable
from bina.household_history import status as history
from bina.households import service as household_service
from bina.kit.localdate import local_today
from bina.kit.pagination import PageParams
from bina.kit.preconditions import check_if_match
from bina.mentoring_sessions import repository, rules
from bina.mentoring_sessions.schemas import (
    SessionCreate,
    SessionFilters,
    SessionList,
    SessionRead,
    SessionUpdate,
)
from bina.models import MentoringSession
from bina.models.base import utcnow
from bina.security.principal import Principal, Role
from bina.security.visibility import view_for
from bina.webhooks import events

_NOT_FOUND = "No mentoring session with this id in your scope."
_COLUMNS = tuple(c.key for c in MentoringSession.__table__.c if c.key != "request_hash")
_JOINED = ("kecamatan_code", "agency_code", "mentor_name", "household_head_name")


def _data(values: Mapping[Any, Any], actions: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """A session's values as SessionRead reads them (`actions` as
    `bina.action_items.service.data`); build it with the caller's view (`view_for`): agency
    admins follow their ASN's activity, not the families, so no notes, place or promises."""
    return {**values, "actions": actions}


def _read(
    values: Mapping[Any, Any], actions: Sequence[Mapping[str, Any]], principal: Principal
) -> SessionRead:
    return SessionRead.model_validate(_data(values, actions), context=view_for(principal))


def _values(ms: MentoringSession, joined: Mapping[Any, Any]) -> dict[str, Any]:
    """The session's columns with what a read joins to it (`joined` has `_JOINED`)."""
    return {k: getattr(ms, k) for k in _COLUMNS} | {k: joined[k] for k in _JOINED}


def _refuse_auditor(principal: Principal) -> None:
    if principal.role == Role.AUDITOR:
        raise Forbidden("Auditors see aggregates of mentoring (/stats), not session details.")


def request_hash(data: SessionCreate) -> str:
    """Fingerprint of what the phone sent (the same instant in another offset is the same)."""
    return fingerprint(data.model_dump(mode="json", exclude={"id"}), data.occurred_at)


def fingerprint(body: dict[str, Any], occurred_at: datetime) -> str:
    """`request_hash` of a create request given as its JSON form without the id (what
    `model_dump(mode="json")` makes), for writers of many sessions at once (the demo seed)."""
    body = body | {"occurred_at": occurred_at.astimezone(UTC).isoformat()}
    return hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _id_taken() -> Conflict:
    return Conflict(
        "A mentoring session with this id exists with other content; a new session needs a new id.",
        errors=[{"loc": ["body", "id"], "msg": "id already used", "type": "id_reused"}],
    )


async def list_sessions(
    session: AsyncSession,
    principal: Principal,
    filters: SessionFilters,
    sort: str,
    page: PageParams,
) -> SessionList:
    _refuse_auditor(principal)
    rows, cursor, total = await repository.list_page(session, principal, filters, sort, page)
    actions = await action_service.for_sessions(session, [r["id"] for r in rows])
    items = [_data(r, actions.get(r["id"], [])) for r in rows]
    return SessionList.model_validate(
        {"items": items, "next_cursor": cursor, "total": total}, context=view_for(principal)
    )


async def get_session(
    session: AsyncSession, principal: Principal, session_id: uuid.UUID
) -> SessionRead:
    _refuse_auditor(principal)
    found = await repository.with_actions(session, principal, [session_id])
    if not found:
        raise NotFound(_NOT_FOUND)
    values, actions = found[0]
    return _read(values, [action_service.data(a) for a in actions], principal)


async def read_many(
    session: AsyncSession, principal: Principal, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, SessionRead]:
    """The sessions among `ids` the caller may see, as GET shows them (with their actions)."""
    _refuse_auditor(principal)
    found = await repository.with_actions(session, principal, ids)
    today = local_today()
    return {
        values["id"]: _read(values, [action_service.data(a, today) for a in actions], principal)
        for values, actions in found
    }


async def _replay(
    session: AsyncSession, principal: Principal, session_id: uuid.UUID, digest: str
) -> SessionRead | None:
    """The stored session if this id was already recorded with this body by this mentor."""
    found = await repository.find(session, session_id)
    if found is None:
        return None
    return await _stored(session, principal, session_id, *found, digest)


async def _stored(
    session: AsyncSession,
    principal: Principal,
    session_id: uuid.UUID,
    mentor_id: uuid.UUID,
    stored_digest: str,
    digest: str,
) -> SessionRead:
    """The session already recorded under this id: this mentor's with this body (a resend), or
    409."""
    if mentor_id != principal.mentor_id or stored_digest != digest:
        raise _id_taken()
    return await get_session(session, principal, session_id)


def _mentor_of(principal: Principal) -> uuid.UUID:
    if principal.mentor_id is None:
        raise Forbidden("Your account is not linked to a mentor; only mentors record sessions.")
    return principal.mentor_id


def _not_active(status: str) -> Conflict:
    return Conflict(
        f"This assignment is {status}; sessions are recorded for an active one.",
        errors=[
            {
                "loc": ["body", "assignment_id"],
                "msg": f"assignment is {status}",
                "type": "assignment_not_active",
            }
        ],
    )


async def create_session(
    session: AsyncSession, principal: Principal, data: SessionCreate
) -> tuple[SessionRead, bool]:
    """The session and whether it is new (False: the same request was recorded before).

    Round trips: one read (the assignment, its household locked, the mentor, whether the id is
    taken), the INSERT of the session, the INSERT of its actions, the audit event."""
    mentor_id = _mentor_of(principal)
    digest = request_hash(data)
    target = await repository.target_for_create(session, mentor_id, data.assignment_id, data.id)
    if target is None:  # not this mentor's assignment: 404, unless the id says it is a resend
        if data.id is not None and (stored := await _replay(session, principal, data.id, digest)):
            return stored, False
        raise NotFound("No assignment with this id in your scope.")
    if data.id is not None and target["taken_by"] is not None:
        stored = await _stored(
            session, principal, data.id, target["taken_by"], target["taken_hash"], digest
        )
        return stored, False
    if target["status"] != "active":
        raise _not_active(target["status"])
    rules.check_coordinates(data.lat, data.lon)
    rules.check_times(
        data.occurred_at, data.next_visit_on, data.actions, not_before=target["started_at"]
    )
    where = rules.place(
        data.kind, data.lat, data.lon, target["household_lat"], target["household_lon"]
    )
    now = utcnow()
    row: dict[str, Any] = {
        "id": data.id or uuid.uuid4(),
        "assignment_id": target["id"],
        "household_id": target["household_id"],
        "mentor_id": mentor_id,
        "occurred_at": data.occurred_at.astimezone(UTC),
        "kind": data.kind,
        "duration_minutes": data.duration_minutes,
        "lat": data.lat,
        "lon": data.lon,
        "distance_m": where.distance_m,
        "flagged": where.flagged,
        "flag_reason": where.flag_reason,
        "topics": list(data.topics),
        "notes": data.notes,
        "next_visit_on": data.next_visit_on,
        "status": "submitted",
        "reviewed_by": None,
        "reviewed_at": None,
        "review_reason": None,
        "request_hash": digest,
        "created_by": principal.user_id,
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }
    if not await repository.insert(session, row):
        # The id was taken after our read: a twin request that committed while this one waited
        # for the household's lock (then this is a resend), or someone else's session.
        stored = await _replay(session, principal, row["id"], digest)
        if stored is None:  # the other row is gone again: its transaction rolled back
            raise _id_taken()
        return stored, False
    actions = await action_service.create_for_session(
        session, row["id"], row["household_id"], data.actions, now
    )
    if target["household_status"] == "assigned":  # the first session starts the mentoring
        household = await household_service.load(
            session, principal, target["household_id"], for_update=True
        )
        await history.set_status(
            session, principal, household, "mentoring", f"first mentoring session {row['id']}"
        )
    audit.record(
        session,
        principal,
        "session.create",
        "mentoring_session",
        row["id"],
        {
            "household_id": str(row["household_id"]),
            "kind": data.kind,
            "flagged": where.flagged,
            "actions": len(actions),
        },
    )
    await events.emit(session, "mentoring_session.recorded", [row["id"]])
    return _read(row | {k: target[k] for k in _JOINED}, actions, principal), True


_REQUIRED = ("occurred_at", "kind", "duration_minutes", "topics")


async def update_session(
    session: AsyncSession,
    principal: Principal,
    session_id: uuid.UUID,
    data: SessionUpdate,
    if_match: str | None,
) -> SessionRead:
    """The mentor corrects its session until it is verified; a rejected one is submitted again."""
    row = await repository.get_values(session, principal, session_id)
    if row is None:
        raise NotFound(_NOT_FOUND)
    ms = await repository.lock(session, session_id)
    if ms is None:
        raise NotFound(_NOT_FOUND)
    check_if_match(if_match, ms.version)
    if ms.status == "verified":
        raise Conflict("This session is verified; it can no longer be changed.")
    changes = data.model_dump(exclude_unset=True)
    emptied = [name for name in _REQUIRED if name in changes and changes[name] is None]
    if emptied:
        raise Unprocessable(
            f"{', '.join(emptied)} cannot be emptied.",
            errors=[
                {"loc": ["body", n], "msg": "cannot be emptied", "type": "missing"} for n in emptied
            ],
        )
    lat, lon = changes.get("lat", ms.lat), changes.get("lon", ms.lon)
    rules.check_coordinates(lat, lon)
    rules.check_times(
        changes.get("occurred_at", ms.occurred_at), changes.get("next_visit_on", ms.next_visit_on)
    )
    for name, value in changes.items():
        setattr(ms, name, value)
    where = rules.place(ms.kind, lat, lon, row["household_lat"], row["household_lon"])
    ms.distance_m, ms.flagged, ms.flag_reason = where.distance_m, where.flagged, where.flag_reason
    resubmitted = ms.status == "rejected"
    if resubmitted:
        ms.status, ms.reviewed_by, ms.reviewed_at, ms.review_reason = "submitted", None, None, None
    ms.updated_at = utcnow()
    await session.flush()
    audit.record(
        session,
        principal,
        "session.update",
        "mentoring_session",
        ms.id,
        {"fields": sorted(changes), "flagged": ms.flagged, "resubmitted": resubmitted},
    )
    actions = await action_service.for_sessions(session, [ms.id])
    values = _values(ms, row)
    return _read(values, actions.get(ms.id, []), principal)


async def review_session(
    session: AsyncSession,
    principal: Principal,
    session_id: uuid.UUID,
    verdict: str,
    reason: str | None,
    if_match: str | None,
) -> SessionRead:
    """A coordinator (in its region) or admin verifies or rejects a submitted session; never the
    session's own mentor."""
    row = await repository.get_values(session, principal, session_id)
    if row is None:
        raise NotFound(_NOT_FOUND)
    if principal.mentor_id is not None and principal.mentor_id == row["mentor_id"]:
        raise Forbidden("You cannot review your own mentoring session; someone else must.")
    ms = await repository.lock(session, session_id)
    if ms is None:
        raise NotFound(_NOT_FOUND)
    check_if_match(if_match, ms.version)
    if ms.status != "submitted":
        raise Conflict(f"This session is already {ms.status}; only a submitted one is reviewed.")
    ms.status = verdict
    ms.reviewed_by = principal.user_id
    ms.reviewed_at = utcnow()
    ms.review_reason = reason
    ms.updated_at = utcnow()
    await session.flush()
    action = "session.verify" if verdict == "verified" else "session.reject"
    audit.record(session, principal, action, "mentoring_session", ms.id, {"flagged": ms.flagged})
    if verdict == "verified":
        await events.emit(session, "mentoring_session.verified", [ms.id])
    actions = await action_service.for_sessions(session, [ms.id])
    values = _values(ms, row)
    return _read(values, actions.get(ms.id, []), principal)
