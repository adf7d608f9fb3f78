"""Mentor rules: scope, NIP consistency, agency and kelurahan look-ups, masking and audit."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bina.agencies import service as agency_service
from bina.assignments import service as assignment_service
from bina.audit import service as audit
from bina.errors import Conflict, NotFound, Unprocessable
from bina.kit.pagination import PageParams
from bina.kit.preconditions import check_if_match
from bina.mentors import policy, repository, rules
from bina.mentors.schemas import (
    MentorCreate,
    MentorFilters,
    MentorList,
    MentorRead,
    MentorSaved,
    MentorUpdate,
)
from bina.models import Mentor
from bina.models.base import utcnow
from bina.regions import service as region_service
from bina.security.principal import Principal
from bina.security.visibility import View

_COLUMNS = tuple(c.key for c in Mentor.__table__.c)
_IDENTITY = frozenset({"nip", "employment_type", "sex", "birth_date"})
_NOT_FOUND = "No mentor with this id in your scope."


def _out(values: Mapping[Any, Any], competencies: list[dict[str, Any]]) -> dict[str, Any]:
    """One mentor's values as MentorRead reads them (build it with `_view(reveal)`)."""
    return dict(values) | {"competencies": competencies}


def _view(reveal: bool) -> View:
    """The NIP (and the dates written in it: birth date and TMT with a masked NIP would give all
    but one digit back) stay hidden unless revealed."""
    return View(identifiers=reveal)


def _record_reveals(session: AsyncSession, principal: Principal, ids: list[uuid.UUID]) -> None:
    for mentor_id in ids:
        audit.record(session, principal, "mentor.reveal", "mentor", mentor_id, {"fields": ["nip"]})


async def list_mentors(
    session: AsyncSession,
    principal: Principal,
    filters: MentorFilters,
    sort: str,
    page: PageParams,
    reveal: str | None,
) -> MentorList:
    show = policy.wants_reveal(principal, reveal)
    if filters.nip_prefix:
        policy.check_nip_search(principal)
    rows, cursor, total = await repository.list_page(session, principal, filters, sort, page)
    ids = [r["id"] for r in rows]
    comps = await repository.competencies_of(session, ids)
    if show:
        _record_reveals(session, principal, ids)
    items = [_out(r, comps.get(r["id"], [])) for r in rows]
    return MentorList.model_validate(
        {"items": items, "next_cursor": cursor, "total": total}, context=_view(show)
    )


async def get_mentor(
    session: AsyncSession, principal: Principal, mentor_id: uuid.UUID, reveal: str | None
) -> MentorRead:
    show = policy.wants_reveal(principal, reveal)
    row = await repository.get_values(session, principal, mentor_id)
    if row is None:
        raise NotFound(_NOT_FOUND)
    comps = await repository.competencies_of(session, [mentor_id])
    if show:
        _record_reveals(session, principal, [mentor_id])
    return MentorRead.model_validate(_out(row, comps.get(mentor_id, [])), context=_view(show))


async def _check_places(
    session: AsyncSession, found: rules.Findings, values: dict[str, Any], fields: set[str]
) -> None:
    """Agency and kelurahan by look-up; kecamatan from the kelurahan's parent."""
    if "agency_code" in fields and not await agency_service.exists(session, values["agency_code"]):
        found.errors.append(
            rules.field_error("agency_code", "no agency with this code", "unknown_agency")
        )
    if "kelurahan_code" in fields:
        kelurahan = await region_service.kelurahan(session, values["kelurahan_code"])
        if kelurahan is None or kelurahan.parent_code is None:
            found.errors.append(
                rules.field_error(
                    "kelurahan_code", "no kelurahan with this code", "unknown_kelurahan"
                )
            )
        else:
            values["kecamatan_code"] = kelurahan.parent_code


def _check_fields(
    found: rules.Findings, values: dict[str, Any], given: Mapping[str, Any], fields: set[str]
) -> None:
    """NIP against employment type, sex and birth date; coordinate pairs; soft warnings on the
    record as it will be stored."""
    if fields & _IDENTITY:
        info = rules.check_identity(
            found,
            nip=values["nip"],
            employment_type=values["employment_type"],
            sex=given.get("sex"),
            birth_date=given.get("birth_date"),
        )
        if info is not None:
            values.update(sex=info.sex, birth_date=info.birth_date, appointed_on=info.appointed_on)
    rules.check_golongan(found, values["golongan"], values["employment_type"])
    rules.check_point(found, values["lat"], values["lon"])
    rules.check_point(found, values["work_lat"], values["work_lon"], prefix="work_")


def _raise_if_invalid(found: rules.Findings) -> None:
    if found.errors:
        where = ", ".join(".".join(str(p) for p in e["loc"]) for e in found.errors[:5])
        raise Unprocessable(
            f"The request has {len(found.errors)} invalid field(s): {where}.", errors=found.errors
        )


async def _check_nip_free(
    session: AsyncSession, nip: str, except_id: uuid.UUID | None = None
) -> None:
    if await repository.nip_taken(session, nip, except_id=except_id):
        raise _duplicate_nip()


def _duplicate_nip() -> Conflict:
    return Conflict(
        "A mentor with this NIP / NI PPPK is already registered; find and edit that record.",
        errors=[rules.field_error("nip", "already registered", "duplicate")],
    )


async def _flush(session: AsyncSession) -> None:
    """Flush; a NIP taken by a concurrent request meanwhile is 409, as the pre-check would say."""
    try:
        await session.flush()
    except IntegrityError as exc:
        if "nip" in str(exc.orig).lower():
            raise _duplicate_nip() from exc
        raise


async def _saved(
    session: AsyncSession,
    principal: Principal,
    mentor: Mentor,
    found: rules.Findings,
    reveal: bool,
) -> MentorSaved:
    comps = await repository.competencies_of(session, [mentor.id])
    if reveal:
        _record_reveals(session, principal, [mentor.id])
    values = {key: getattr(mentor, key) for key in _COLUMNS}
    out = _out(values, comps.get(mentor.id, []))
    return MentorSaved.model_validate({**out, "warnings": found.warnings}, context=_view(reveal))


async def create_mentor(
    session: AsyncSession, principal: Principal, data: MentorCreate, reveal: str | None
) -> MentorSaved:
    show = policy.wants_reveal(principal, reveal)
    policy.check_agency(principal, data.agency_code)
    given = data.model_dump(exclude={"competencies"})
    values = dict(given)
    found = rules.Findings()
    await _check_places(session, found, values, {"agency_code", "kelurahan_code"})
    _check_fields(found, values, data.model_dump(exclude_unset=True), set(_IDENTITY))
    _raise_if_invalid(found)
    await _check_nip_free(session, data.nip)
    values["status_since"] = data.status_since or utcnow().date()
    mentor = Mentor(**values)
    repository.add(session, mentor)
    await _flush(session)
    comps = [(c.code, c.level) for c in data.competencies]
    await repository.replace_competencies(session, mentor.id, comps, fresh=True)
    await session.flush()
    audit.record(
        session,
        principal,
        "mentor.create",
        "mentor",
        mentor.id,
        {"agency_code": mentor.agency_code, "employment_type": mentor.employment_type},
    )
    return await _saved(session, principal, mentor, found, show)


async def _apply(
    session: AsyncSession,
    principal: Principal,
    mentor: Mentor,
    values: dict[str, Any],
    competencies: list[dict[str, Any]] | None,
) -> None:
    """Write what differs (competences: replaced when given), bump the version, audit names only."""
    diff = {key for key in _COLUMNS if values[key] != getattr(mentor, key)}
    if not diff and competencies is None:
        return
    for key in diff:
        setattr(mentor, key, values[key])
    if competencies is not None:
        items = [(c["code"], c["level"]) for c in competencies]
        await repository.replace_competencies(session, mentor.id, items, fresh=False)
        diff.add("competencies")
    mentor.updated_at = utcnow()  # always an UPDATE, so the version moves on
    await _flush(session)
    audit.record(session, principal, "mentor.update", "mentor", mentor.id, {"fields": sorted(diff)})


# A mentor on leave keeps their households on paper; one who left the service must hand them over.
_GONE = frozenset({"inactive", "retired"})


async def _check_load(session: AsyncSession, values: dict[str, Any]) -> None:
    """Status and capacity may not strand households that this mentor holds now."""
    active = await repository.active_assignments(session, values["id"])
    if values["status"] in _GONE and active:
        raise Conflict(
            f"This mentor holds {active} active assignment(s); reassign them before setting "
            f"status {values['status']}.",
            errors=[
                {"loc": ["body", "status"], "msg": "has active assignments", "type": "conflict"}
            ],
        )
    if values["capacity"] < active:
        raise Conflict(
            f"This mentor holds {active} active assignment(s); capacity cannot go below that.",
            errors=[{"loc": ["body", "capacity"], "msg": "below active load", "type": "conflict"}],
        )


async def update_mentor(
    session: AsyncSession,
    principal: Principal,
    mentor_id: uuid.UUID,
    data: MentorUpdate,
    if_match: str | None,
    reveal: str | None,
) -> MentorSaved:
    show = policy.wants_reveal(principal, reveal)
    mentor = await repository.get_for_write(session, principal, mentor_id)
    if mentor is None:
        raise NotFound(_NOT_FOUND)
    given = data.model_dump(exclude_unset=True)
    policy.check_editable_fields(principal, set(given))
    check_if_match(if_match, mentor.version)
    if "agency_code" in given:
        policy.check_agency(principal, given["agency_code"])
    current = {key: getattr(mentor, key) for key in _COLUMNS}
    values = {**current, **{k: v for k, v in given.items() if k != "competencies"}}
    changed = {k for k in given if k == "competencies" or values[k] != current[k]}
    if "status" in changed and "status_since" not in given:
        values["status_since"] = utcnow().date()
    if changed & {"status", "capacity"}:
        await _check_load(session, values)
    found = rules.Findings()
    await _check_places(session, found, values, changed & {"agency_code", "kelurahan_code"})
    _check_fields(found, values, given, changed & _IDENTITY)
    _raise_if_invalid(found)
    if "nip" in changed:
        await _check_nip_free(session, values["nip"], except_id=mentor.id)
    await _apply(session, principal, mentor, values, given.get("competencies"))
    return await _saved(session, principal, mentor, found, show)


async def delete_mentor(
    session: AsyncSession, principal: Principal, mentor_id: uuid.UUID, if_match: str | None
) -> None:
    mentor = await repository.get_for_write(session, principal, mentor_id)
    if mentor is None:
        raise NotFound(_NOT_FOUND)
    check_if_match(if_match, mentor.version)
    if await assignment_service.mentor_has_active(session, mentor.id):
        raise Conflict(
            "This mentor has an active assignment; end or reassign it before deleting the mentor."
        )
    agency_code = mentor.agency_code
    await repository.remove(session, mentor)
    await session.flush()
    audit.record(
        session, principal, "mentor.delete", "mentor", mentor_id, {"agency_code": agency_code}
    )
