"""Household rules: who may see and change what, validation, masking, audit."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

import orjson
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bina.audit import service as audit
from bina.errors import Conflict, Forbidden, NotFound
from bina.household_history import service as history
from bina.households import repository
from bina.households.schemas import (
    ActiveAssignment,
    HouseholdCreate,
    HouseholdFilters,
    HouseholdRead,
    HouseholdUpdate,
    Housing,
    MemberRead,
)
from bina.households.validation import Issues, check_kk, check_nik
from bina.kit.pagination import PageParams
from bina.kit.preconditions import check_if_match
from bina.models import Household, HouseholdMember
from bina.models.base import utcnow
from bina.reference.regions import kecamatan_of
from bina.regions import service as region_service
from bina.security.masking import mask_identifier
from bina.security.principal import Principal, Role

REVEALERS = frozenset({Role.ADMIN, Role.COORDINATOR})


def check_reveal(principal: Principal, reveal: bool) -> None:
    if reveal and principal.role not in REVEALERS:
        raise Forbidden("Your role may not see personal identifiers unmasked.")


def _id(value: str, reveal: bool) -> str:
    return value if reveal else mask_identifier(value) or ""


def member_read(m: HouseholdMember, reveal: bool, warnings: list[str] | None = None) -> MemberRead:
    return MemberRead(
        id=m.id,
        household_id=m.household_id,
        nik=_id(m.nik, reveal),
        name=m.name,
        relationship=m.relationship,
        sex=m.sex,
        birth_date=m.birth_date,
        education=m.education,
        in_school=m.in_school,
        occupation=m.occupation,
        disability=m.disability,
        has_jkn=m.has_jkn,
        version=m.version,
        warnings=warnings or [],
    )


def _read(
    h: Household,
    members: Sequence[HouseholdMember],
    needs: list[str],
    reveal: bool,
    warnings: list[str] | None = None,
    active_assignment: dict[str, Any] | None = None,
) -> HouseholdRead:
    return HouseholdRead(
        id=h.id,
        kk_number=_id(h.kk_number, reveal),
        head_name=h.head_name,
        head_nik=_id(h.head_nik, reveal),
        kelurahan_code=h.kelurahan_code,
        kecamatan_code=h.kecamatan_code,
        address=h.address,
        rt=h.rt,
        rw=h.rw,
        lat=h.lat,
        lon=h.lon,
        desil=h.desil,
        desil_source=h.desil_source,
        desil_as_of=h.desil_as_of,
        extreme_poor=h.extreme_poor,
        status=h.status,  # type: ignore[arg-type]
        status_changed_at=h.status_changed_at,
        graduated_at=h.graduated_at,
        monitoring_until=h.monitoring_until,
        needs=needs,
        housing=Housing.model_validate(h.housing),
        assistance=h.assistance,
        notes=h.notes,
        members=[member_read(m, reveal) for m in members],
        active_assignment=ActiveAssignment.model_validate(active_assignment)
        if active_assignment
        else None,
        version=h.version,
        created_at=h.created_at,
        updated_at=h.updated_at,
        warnings=warnings or [],
    )


async def audit_reveal(
    session: AsyncSession, principal: Principal, ids: Sequence[uuid.UUID]
) -> None:
    for household_id in ids:
        audit.record(session, principal, "household.reveal", "household", household_id)


async def list_households(
    session: AsyncSession,
    principal: Principal,
    filters: HouseholdFilters,
    sort: str,
    page: PageParams,
    reveal: bool,
) -> dict[str, Any]:
    """A page of `HouseholdList`, as plain data (see bina.kit.jsonresponse)."""
    if principal.role == Role.AGENCY_ADMIN:
        raise Forbidden("Agency admins manage mentors, not households.")
    check_reveal(principal, reveal)
    rows, as_json, cursor, total = await repository.list_summaries(
        session, principal, filters, sort, page, reveal
    )
    items: list[Any]
    if as_json:
        items = [orjson.Fragment(row[0]) for row in rows]
        ids = [row[2] for row in rows]
    else:
        items = []
        for row in rows:
            item = dict(zip(repository.SUMMARY_FIELDS, row, strict=True))
            needs = item["needs"]  # comma-separated
            item["needs"] = sorted(needs.split(",")) if needs else []
            items.append(item)
        ids = [item["id"] for item in items]
    if reveal:
        await audit_reveal(session, principal, ids)
    return {"items": items, "next_cursor": cursor, "total": total}


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
    check_reveal(principal, reveal)
    if principal.role == Role.AGENCY_ADMIN:
        raise Forbidden("Agency admins manage mentors, not households.")
    found = await repository.detail(session, principal, household_id)
    if found is None:
        raise NotFound(f"No household {household_id} in your scope.")
    household, members = found
    if reveal:
        await audit_reveal(session, principal, [household_id])
    if not reveal:
        return _masked(household, members)
    needs = household.pop("needs_csv")
    household["needs"] = sorted(needs.split(",")) if needs else []
    return HouseholdRead.model_validate(household | {"members": members})


async def _check_kelurahan(
    session: AsyncSession, principal: Principal, issues: Issues, code: str
) -> None:
    if await region_service.kelurahan(session, code) is None:
        issues.error(("kelurahan_code",), f"no kelurahan with code {code} in Palembang", "unknown")
        return
    if principal.role == Role.COORDINATOR and not (
        principal.region_code
        and (code == principal.region_code or code.startswith(principal.region_code + "."))
    ):
        raise Forbidden(f"Kelurahan {code} is outside your region {principal.region_code}.")


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


async def flush_or_conflict(session: AsyncSession) -> None:
    """Flush; a unique violation from a concurrent insert becomes 409, never 500."""
    try:
        await session.flush()
    except IntegrityError as exc:
        raise Conflict(
            "Another request registered the same nomor KK or NIK at the same time."
        ) from exc


async def create_household(
    session: AsyncSession, principal: Principal, data: HouseholdCreate, reveal: bool
) -> HouseholdRead:
    check_reveal(principal, reveal)
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
    if reveal:
        await audit_reveal(session, principal, [household.id])
    return _read(household, member_rows, sorted(set(data.needs)), reveal, issues.warnings)


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
    check_reveal(principal, reveal)
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
        history.set_status(session, principal, h, new_status, status_reason)
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
    await flush_or_conflict(session)
    audit.record(
        session,
        principal,
        "household.update",
        "household",
        h.id,
        {"fields": sorted(data.model_fields_set)},
    )
    if reveal:
        await audit_reveal(session, principal, [h.id])
    needs = await repository.needs_of(session, [h.id])
    assignment = await repository.active_assignment(session, h.id)
    return _read(h, members, needs.get(h.id, []), reveal, issues.warnings, assignment)


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


def _masked(household: dict[str, Any], members: list[dict[str, Any]]) -> HouseholdRead:
    needs = household.pop("needs_csv")
    household["needs"] = sorted(needs.split(",")) if needs else []
    household["kk_number"] = mask_identifier(household["kk_number"])
    household["head_nik"] = mask_identifier(household["head_nik"])
    for member in members:
        member["nik"] = mask_identifier(member["nik"])
    return HouseholdRead.model_validate(household | {"members": members})


async def read_many(
    session: AsyncSession, principal: Principal, household_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, HouseholdRead]:
    """The households among `household_ids` the caller may see, as GET shows them (masked)."""
    if principal.role == Role.AGENCY_ADMIN:
        return {}
    found = await repository.details(session, principal, household_ids)
    return {h["id"]: _masked(h, members) for h, members in found}


async def visible_ids(
    session: AsyncSession, principal: Principal, household_ids: Iterable[uuid.UUID]
) -> set[uuid.UUID]:
    """The households among `household_ids` the caller may see (for what hangs off them)."""
    if principal.role == Role.AGENCY_ADMIN:
        return set()
    return await repository.visible_ids(session, principal, household_ids)
