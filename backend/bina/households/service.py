"""Household rules: who may see and change what, validation, masking, audit."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Iterable, Sequence
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bina.audit import service as audit
from bina.errors import Conflict, Forbidden, NotFound
from bina.household_history import status as history
from bina.households import repository
from bina.households.rules import Issues, check_kk, check_nik
from bina.households.schemas import (
    HouseholdCreate,
    HouseholdFilters,
    HouseholdList,
    HouseholdRead,
    HouseholdUpdate,
    MemberRead,
)
from bina.kit.pagination import PageParams
from bina.kit.preconditions import check_if_match
from bina.models import Household, HouseholdMember
from bina.models.base import utcnow
from bina.reference.regions import kecamatan_of
from bina.regions import service as region_service
from bina.security.masking import mask_identifier
from bina.security.principal import Principal, Role
from bina.security.visibility import View, view_for
from bina.webhooks import events

REVEALERS = frozenset({Role.ADMIN, Role.COORDINATOR})
_HOUSEHOLD_COLUMNS = tuple(
    c.key for c in Household.__table__.c if c.key in HouseholdRead.model_fields
)
_MEMBER_COLUMNS = tuple(
    c.key for c in HouseholdMember.__table__.c if c.key in MemberRead.model_fields
)


def check_reveal(principal: Principal, reveal: bool) -> None:
    if reveal and (principal.role not in REVEALERS or not principal.holds_reveal_grant):
        raise Forbidden("Your role may not see personal identifiers unmasked.")


def view_of(principal: Principal, reveal: bool) -> View:
    """What `principal` sees of a household (403 when it asks to reveal and may not)."""
    check_reveal(principal, reveal)
    return view_for(principal, reveal=reveal)


def record_shown(
    session: AsyncSession,
    principal: Principal,
    view: View,
    household_ids: Sequence[uuid.UUID],
    *,
    specific: bool,
) -> None:
    """Audit what an answer shows of these households: identifiers unmasked, and (`specific`:
    the answer holds members) their specific personal data, one event per household and
    request. A write's answer passes False: the write's own event already records who saw the
    household it changed."""
    if view.identifiers:
        for household_id in household_ids:
            audit.record(session, principal, "household.reveal", "household", household_id)
    if specific and view.specific:
        audit.record_specific_read(session, principal, household_ids)


def member_read(m: HouseholdMember, view: View, warnings: list[str] | None = None) -> MemberRead:
    values = {k: getattr(m, k) for k in _MEMBER_COLUMNS}
    return MemberRead.model_validate(values | {"warnings": warnings or []}, context=view)


def _read(
    h: Household,
    members: Sequence[HouseholdMember],
    needs: list[str],
    view: View,
    warnings: list[str] | None = None,
    active_assignment: dict[str, Any] | None = None,
) -> HouseholdRead:
    values = {k: getattr(h, k) for k in _HOUSEHOLD_COLUMNS}
    values |= {
        "needs": needs,
        "members": [{k: getattr(m, k) for k in _MEMBER_COLUMNS} for m in members],
        "active_assignment": active_assignment,
        "warnings": warnings or [],
    }
    return HouseholdRead.model_validate(values, context=view)


async def list_households(
    session: AsyncSession,
    principal: Principal,
    filters: HouseholdFilters,
    sort: str,
    page: PageParams,
    reveal: bool,
) -> HouseholdList:
    if principal.role == Role.AGENCY_ADMIN:
        raise Forbidden("Agency admins manage mentors, not households.")
    view = view_of(principal, reveal)
    rows, cursor, total = await repository.list_summaries(session, principal, filters, sort, page)
    record_shown(session, principal, view, [row["id"] for row in rows], specific=False)
    return HouseholdList.model_validate(
        {"items": rows, "next_cursor": cursor, "total": total}, context=view
    )


async def load(
    session: AsyncSession, principal: Principal, household_id: uuid.UUID, *, for_update: bool
) -> Household:
    if principal.role == Role.AGENCY_ADMIN:
        raise Forbidden("Agency admins manage mentors, not households.")
    getter = repository.get_for_update if for_update else repository.get
    household = await getter(session, principal, household_id)
    if household is None:
        raise NotFound(f"No household {household_id} in your scope.")
    return household


async def get_household(
    session: AsyncSession, principal: Principal, household_id: uuid.UUID, reveal: bool
) -> HouseholdRead:
    view = view_of(principal, reveal)
    if principal.role == Role.AGENCY_ADMIN:
        raise Forbidden("Agency admins manage mentors, not households.")
    found = await repository.detail(session, principal, household_id)
    if found is None:
        raise NotFound(f"No household {household_id} in your scope.")
    household, members = found
    record_shown(session, principal, view, [household_id], specific=True)
    return HouseholdRead.model_validate(household | {"members": members}, context=view)


async def _check_kelurahan(
    session: AsyncSession, principal: Principal, issues: Issues, code: str
) -> None:
    if await region_service.kelurahan(session, code) is None:
        issues.error(("kelurahan_code",), f"no kelurahan with code {code} in Palembang", "unknown")
        return
    if not principal.reaches(code):
        raise Forbidden(f"Kelurahan {code} is outside your region.")


def _build_members(data: HouseholdCreate, issues: Issues) -> list[dict[str, Any]]:
    """Validated member rows; the head is added from head_nik when not listed."""
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    # head_nik is the field the officer typed: a bad one is reported there, listed kepala or not.
    head_info = check_nik(issues, data.head_nik, ("head_nik",), who="the kepala keluarga")
    heads = [i for i, m in enumerate(data.members) if m.relationship == "kepala"]
    if len(heads) > 1:
        issues.error(("members", heads[1], "relationship"), "a KK has exactly one kepala keluarga")
    for i, m in enumerate(data.members):
        loc: tuple[str | int, ...] = ("members", i, "nik")
        if m.nik in seen:
            issues.error(loc, f"the same NIK is listed twice (also at members.{seen[m.nik]})")
            continue
        seen[m.nik] = i
        if m.relationship == "kepala" and m.nik != data.head_nik:
            issues.error(loc, "the kepala keluarga's NIK must equal head_nik")
        if m.relationship != "kepala" and m.nik == data.head_nik:
            issues.error(loc, "head_nik belongs to the kepala keluarga; set relationship kepala")
        if m.nik == data.head_nik:
            if head_info is None:
                continue  # already reported at head_nik
            # The head's NIK was parsed (and warned about) above; check sex and birth date only.
            head_issues = Issues()
            info = check_nik(
                head_issues, m.nik, loc, who="the kepala", sex=m.sex, birth_date=m.birth_date
            )
            issues.errors += head_issues.errors
        else:
            info = check_nik(
                issues, m.nik, loc, who=f"member {i + 1}", sex=m.sex, birth_date=m.birth_date
            )
        if info is not None:
            rows.append(m.model_dump() | {"sex": info.sex, "birth_date": info.birth_date})
    if not heads and head_info is not None:
        rows.insert(
            0,
            {
                "nik": data.head_nik,
                "name": data.head_name,
                "relationship": "kepala",
                "sex": head_info.sex,
                "birth_date": head_info.birth_date,
            },
        )
    return rows


async def check_unique(
    session: AsyncSession, kk_number: str | None, niks: list[str], exclude: uuid.UUID | None
) -> None:
    if kk_number and await repository.kk_taken(session, kk_number, exclude):
        raise Conflict(
            "A household with this nomor KK is already registered.",
            errors=[{"loc": ["body", "kk_number"], "msg": "already registered", "type": "unique"}],
        )
    taken = await repository.niks_taken(session, niks)
    if taken:
        raise Conflict(
            f"{len(taken)} NIK(s) in this request already belong to a registered person.",
            errors=[
                {
                    "loc": ["body", "nik"],
                    "msg": f"{mask_identifier(n)} already registered",
                    "type": "unique",
                }
                for n in sorted(taken)
            ],
        )


@contextlib.asynccontextmanager
async def unique_conflicts() -> AsyncIterator[None]:
    """A unique violation from a concurrent insert (flushed inside) becomes 409, never 500."""
    try:
        yield
    except IntegrityError as exc:
        raise Conflict(
            "Another request registered the same nomor KK or NIK at the same time."
        ) from exc


async def flush_or_conflict(session: AsyncSession) -> None:
    """Flush; a unique violation from a concurrent insert becomes 409, never 500."""
    async with unique_conflicts():
        await session.flush()


async def create_household(
    session: AsyncSession, principal: Principal, data: HouseholdCreate, reveal: bool
) -> HouseholdRead:
    view = view_of(principal, reveal)
    issues = Issues()
    check_kk(issues, data.kk_number)
    await _check_kelurahan(session, principal, issues, data.kelurahan_code)
    members = _build_members(data, issues)
    issues.raise_if_any()
    await check_unique(session, data.kk_number, [m["nik"] for m in members], None)

    now = utcnow()
    fields = data.model_dump(exclude={"members", "needs", "housing"})
    household = Household(
        **fields,
        kecamatan_code=kecamatan_of(data.kelurahan_code),
        housing=data.housing.model_dump(exclude_none=True),
        status_changed_at=now,
        created_by=principal.user_id,
    )
    session.add(household)
    await flush_or_conflict(session)
    member_rows = [HouseholdMember(household_id=household.id, **m) for m in members]
    session.add_all(member_rows)
    await repository.replace_needs(session, household.id, list(data.needs))
    history.record_registration(session, principal, household)
    await flush_or_conflict(session)
    audit.record(session, principal, "household.create", "household", household.id)
    record_shown(session, principal, view, [household.id], specific=False)
    await events.emit(session, "household.created", [household.id])
    return _read(household, member_rows, sorted(set(data.needs)), view, issues.warnings)


# Required on create; a PATCH may change them but not empty them.
NOT_NULL_ON_UPDATE = (
    "kk_number",
    "head_name",
    "head_nik",
    "kelurahan_code",
    "address",
    "extreme_poor",
    "status",
)


async def update_household(
    session: AsyncSession,
    principal: Principal,
    household_id: uuid.UUID,
    data: HouseholdUpdate,
    if_match: str | None,
    reveal: bool,
) -> HouseholdRead:
    view = view_of(principal, reveal)
    h = await load(session, principal, household_id, for_update=True)
    check_if_match(if_match, h.version)
    changes = data.model_dump(exclude_unset=True)
    issues = Issues()
    for name in NOT_NULL_ON_UPDATE:
        if name in changes and changes[name] is None:
            issues.error((name,), "cannot be emptied", "missing")
            del changes[name]
    if "assistance" in changes and changes["assistance"] is None:
        changes["assistance"] = []  # like needs: null means "none"
    members = list(await repository.members_of(session, h.id))
    head = next((m for m in members if m.relationship == "kepala"), None)
    if "kk_number" in changes and changes["kk_number"] != h.kk_number:
        check_kk(issues, changes["kk_number"])
    if "kelurahan_code" in changes:
        await _check_kelurahan(session, principal, issues, changes["kelurahan_code"])
    new_head_nik = changes.get("head_nik")
    head_info = None
    # head_nik naming another member of this KK hands the headship to that person (the head
    # died, left or divorced); any other new NIK corrects the current head's own NIK.
    successor = next((m for m in members if m.nik == new_head_nik and m is not head), None)
    if new_head_nik is not None and new_head_nik != h.head_nik and successor is None:
        head_info = check_nik(issues, new_head_nik, ("head_nik",), who="the kepala keluarga")
    issues.raise_if_any()
    await check_unique(
        session,
        changes.get("kk_number") if changes.get("kk_number") != h.kk_number else None,
        [new_head_nik] if new_head_nik and head_info else [],
        h.id,
    )
    if successor is not None:
        changes.setdefault("head_name", successor.name)

    if "needs" in changes:
        await repository.replace_needs(session, h.id, changes.pop("needs") or [])
    if "housing" in changes:
        changes["housing"] = data.housing.model_dump(exclude_none=True) if data.housing else {}
    if "kelurahan_code" in changes:
        changes["kecamatan_code"] = kecamatan_of(changes["kelurahan_code"])
    status_reason = changes.pop("status_reason", None)
    new_status = changes.pop("status", h.status)
    if new_status != h.status:
        await _refuse_if_mentored(session, h.id, "change its status by hand")
    for name, value in changes.items():
        setattr(h, name, value)
    if successor is not None:
        successor.relationship = "kepala"
        if head is not None:
            head.relationship = "lainnya"
            issues.warnings.append(
                "The former kepala keluarga is now listed as 'lainnya'; "
                "change their relationship or remove them if they left the KK."
            )
        head = successor
    if head is not None:
        # The kepala member row is the same person as the household's head: keep them in step.
        if head_info is not None:
            head.nik, head.sex, head.birth_date = h.head_nik, head_info.sex, head_info.birth_date
        head.name = h.head_name
    h.updated_at = utcnow()  # also when only needs changed, so the ETag moves
    async with unique_conflicts():
        # Last, so its event sees the household as changed (one UPDATE of the row in all).
        await history.set_status(session, principal, h, new_status, status_reason)
        await session.flush()
    audit.record(
        session,
        principal,
        "household.update",
        "household",
        h.id,
        {"fields": sorted(data.model_fields_set)},
    )
    record_shown(session, principal, view, [h.id], specific=False)
    await events.emit(session, "household.updated", [h.id])
    needs = await repository.needs_of(session, [h.id])
    assignment = await repository.active_assignment(session, h.id)
    return _read(h, members, needs.get(h.id, []), view, issues.warnings, assignment)


async def _refuse_if_mentored(session: AsyncSession, household_id: uuid.UUID, what: str) -> None:
    """While a mentor holds the household, its status follows the assignment (the household row
    is locked by the caller, and assignments lock it too, so this cannot race)."""
    assignment_id = await repository.active_assignment_of(session, household_id)
    if assignment_id is not None:
        raise Conflict(
            f"This household has an active mentor; end assignment {assignment_id} before you "
            f"{what}."
        )


async def delete_household(
    session: AsyncSession, principal: Principal, household_id: uuid.UUID, if_match: str | None
) -> None:
    h = await load(session, principal, household_id, for_update=True)
    check_if_match(if_match, h.version)
    await _refuse_if_mentored(session, h.id, "delete it")
    await session.delete(h)
    await session.flush()
    audit.record(session, principal, "household.delete", "household", household_id)


async def read_many(
    session: AsyncSession, principal: Principal, household_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, HouseholdRead]:
    """The households among `household_ids` the caller may see, as GET shows them (masked)."""
    if principal.role == Role.AGENCY_ADMIN:
        return {}
    view = view_for(principal)
    found = await repository.details(session, principal, household_ids)
    record_shown(session, principal, view, [h["id"] for h, _ in found], specific=True)
    return {
        h["id"]: HouseholdRead.model_validate(h | {"members": members}, context=view)
        for h, members in found
    }


async def visible_ids(
    session: AsyncSession, principal: Principal, household_ids: Iterable[uuid.UUID]
) -> set[uuid.UUID]:
    """The households among `household_ids` the caller may see (for what hangs off them)."""
    if principal.role == Role.AGENCY_ADMIN:
        return set()
    return await repository.visible_ids(session, principal, household_ids)
