"""Members of a household (the people on its Kartu Keluarga): add, change, remove."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from bina.audit import service as audit
from bina.errors import Conflict, NotFound
from bina.households import repository
from bina.households.rules import Issues, check_nik
from bina.households.schemas import MemberCreate, MemberList, MemberRead, MemberUpdate
from bina.households.service import (
    check_unique,
    flush_or_conflict,
    load,
    member_read,
    record_shown,
    view_of,
)
from bina.kit.preconditions import check_if_match
from bina.models import Household, HouseholdMember
from bina.models.base import utcnow
from bina.security.principal import Principal
from bina.webhooks import events

UPDATED = "household.updated"  # a member change changes the household as GET shows it


async def list_members(
    session: AsyncSession, principal: Principal, household_id: uuid.UUID, reveal: bool
) -> MemberList:
    view = view_of(principal, reveal)
    h = await load(session, principal, household_id, for_update=False)
    record_shown(session, principal, view, [h.id], specific=True)
    members = await repository.members_of(session, h.id)
    return MemberList(items=[member_read(m, view) for m in members])


def _touch(h: Household) -> None:
    """The household's answer lists its members: bump its version (and ETag) with theirs."""
    h.updated_at = utcnow()


async def _member(
    session: AsyncSession, household_id: uuid.UUID, member_id: uuid.UUID
) -> HouseholdMember:
    m = await repository.member(session, household_id, member_id)
    if m is None:
        raise NotFound(f"No member {member_id} in household {household_id}.")
    return m


async def get_member(
    session: AsyncSession,
    principal: Principal,
    household_id: uuid.UUID,
    member_id: uuid.UUID,
    reveal: bool,
) -> MemberRead:
    view = view_of(principal, reveal)
    h = await load(session, principal, household_id, for_update=False)
    m = await _member(session, h.id, member_id)
    record_shown(session, principal, view, [h.id], specific=True)
    return member_read(m, view)


async def add_member(
    session: AsyncSession,
    principal: Principal,
    household_id: uuid.UUID,
    data: MemberCreate,
    reveal: bool,
) -> MemberRead:
    view = view_of(principal, reveal)
    h = await load(session, principal, household_id, for_update=True)
    if data.relationship == "kepala":
        raise Conflict(
            "This household already has its kepala keluarga; change head_nik on the household.",
            errors=[{"loc": ["body", "relationship"], "msg": "kepala exists", "type": "conflict"}],
        )
    issues = Issues()
    info = check_nik(
        issues, data.nik, ("nik",), who="the new member", sex=data.sex, birth_date=data.birth_date
    )
    issues.raise_if_any()
    assert info is not None
    await check_unique(session, None, [data.nik], h.id)
    m = HouseholdMember(
        household_id=h.id, **(data.model_dump() | {"sex": info.sex, "birth_date": info.birth_date})
    )
    session.add(m)
    _touch(h)
    await flush_or_conflict(session)
    audit.record(
        session, principal, "household.member.create", "household", h.id, {"member_id": str(m.id)}
    )
    record_shown(session, principal, view, [h.id], specific=False)
    await events.emit(session, UPDATED, [h.id])
    return member_read(m, view, issues.warnings)


async def update_member(
    session: AsyncSession,
    principal: Principal,
    household_id: uuid.UUID,
    member_id: uuid.UUID,
    data: MemberUpdate,
    if_match: str | None,
    reveal: bool,
) -> MemberRead:
    view = view_of(principal, reveal)
    h = await load(session, principal, household_id, for_update=True)
    m = await _member(session, h.id, member_id)
    check_if_match(if_match, m.version)
    changes = data.model_dump(exclude_unset=True)
    if changes.get("relationship") == "kepala" and m.relationship != "kepala":
        raise Conflict("This household already has its kepala keluarga.")
    if m.relationship == "kepala" and changes.get("relationship", "kepala") != "kepala":
        raise Conflict("The kepala keluarga stays kepala; register the new head first.")
    for name in ("nik", "name", "relationship", "sex", "birth_date"):
        if name in changes and changes[name] is None:
            changes.pop(name)
    nik = changes.get("nik", m.nik)
    issues = Issues()
    info = check_nik(
        issues,
        nik,
        ("nik",),
        who="the member",
        sex=changes.get("sex", m.sex if "nik" not in changes else None),
        birth_date=changes.get("birth_date", m.birth_date if "nik" not in changes else None),
    )
    issues.raise_if_any()
    assert info is not None
    if nik != m.nik:
        await check_unique(session, None, [nik], h.id)
    for name, value in (changes | {"sex": info.sex, "birth_date": info.birth_date}).items():
        setattr(m, name, value)
    if m.relationship == "kepala":
        h.head_nik, h.head_name = m.nik, m.name
    _touch(h)
    await flush_or_conflict(session)
    audit.record(
        session,
        principal,
        "household.member.update",
        "household",
        h.id,
        {"member_id": str(m.id), "fields": sorted(data.model_fields_set)},
    )
    record_shown(session, principal, view, [h.id], specific=False)
    await events.emit(session, UPDATED, [h.id])
    return member_read(m, view, issues.warnings)


async def delete_member(
    session: AsyncSession,
    principal: Principal,
    household_id: uuid.UUID,
    member_id: uuid.UUID,
    if_match: str | None,
) -> None:
    h = await load(session, principal, household_id, for_update=True)
    m = await _member(session, h.id, member_id)
    check_if_match(if_match, m.version)
    if m.relationship == "kepala":
        raise Conflict("The kepala keluarga cannot be removed; the KK would have no head.")
    await session.delete(m)
    _touch(h)
    await session.flush()
    audit.record(
        session,
        principal,
        "household.member.delete",
        "household",
        h.id,
        {"member_id": str(member_id)},
    )
    await events.emit(session, UPDATED, [h.id])
