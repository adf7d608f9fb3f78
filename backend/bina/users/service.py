"""Account rules: who may manage whom, scope per role, and tokens that die with a password.

Accounts are never erased: the audit trail names actors by account id, and an auditor must
always be able to tell who that was. Ending an account is deactivation (PATCH `active=false`, or
DELETE, which does exactly that); every token of a deactivated account stops working at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bina.agencies import service as agency_service
from bina.audit import service as audit
from bina.auth import service as auth_service
from bina.errors import Conflict, NotFound, Unprocessable
from bina.kit.pagination import PageParams
from bina.kit.preconditions import check_if_match
from bina.models import User
from bina.regions import service as region_service
from bina.security.passwords import hash_password
from bina.security.principal import Principal, Role
from bina.users import repository
from bina.users.policy import check_may_set
from bina.users.rules import SCOPE_FIELDS, Scope, field_error, shape_errors
from bina.users.schemas import UserCreate, UserFilters, UserUpdate

NOT_FOUND = "No user with this id in your scope."


async def list_users(
    session: AsyncSession, principal: Principal, filters: UserFilters, sort: str, page: PageParams
) -> tuple[Sequence[User], str | None, int | None]:
    return await repository.list_users(session, principal, filters, sort, page)


async def get_user(session: AsyncSession, principal: Principal, user_id: uuid.UUID) -> User:
    user = await repository.get_in_scope(session, principal, user_id)
    if user is None:
        raise NotFound(NOT_FOUND)
    return user


async def create_user(session: AsyncSession, principal: Principal, data: UserCreate) -> User:
    fields = data.model_dump(exclude={"password"})
    check_may_set(principal, fields)
    scope = Scope(data.role, data.agency_code, data.region_code, data.mentor_id)
    await _validate(session, principal, scope, fields, user_id=None)
    user = User(
        email=data.email,
        name=data.name,
        password_hash=hash_password(data.password),
        role=scope.role.value,
        agency_code=scope.agency_code,
        region_code=scope.region_code,
        mentor_id=scope.mentor_id,
        active=data.active,
    )
    session.add(user)
    await _flush(session)
    audit.record(
        session,
        principal,
        "user.create",
        "user",
        user.id,
        scope.as_detail() | {"active": user.active},
    )
    return user


async def update_user(
    session: AsyncSession,
    principal: Principal,
    user_id: uuid.UUID,
    data: UserUpdate,
    if_match: str | None,
) -> User:
    user = await get_user(session, principal, user_id)
    check_if_match(if_match, user.version)
    fields = data.model_dump(exclude_unset=True, exclude={"password"})
    changes = {k: v for k, v in fields.items() if getattr(user, k) != v}
    check_may_set(principal, changes)
    _refuse_self_lockout(principal, user, changes)
    before = _scope_of(user)
    after = before.changed(changes)
    await _validate(session, principal, after, changes, user_id=user.id)
    for field, value in changes.items():
        setattr(user, field, value.value if isinstance(value, Role) else value)
    if data.password is not None:
        user.password_hash = hash_password(data.password)
        changes["password"] = True
    if not changes:
        return user
    ends_sessions = "password" in changes or changes.get("active") is False
    if ends_sessions:
        await auth_service.end_all_sessions(session, user)
    await _flush(session)
    audit.record(
        session,
        principal,
        _update_action(changes),
        "user",
        user.id,
        _change_detail(before, after, changes, ends_sessions),
    )
    return user


async def deactivate_user(
    session: AsyncSession, principal: Principal, user_id: uuid.UUID, if_match: str | None
) -> User:
    """DELETE: the account stays (the audit trail keeps naming its actions), but is switched off."""
    return await update_user(session, principal, user_id, UserUpdate(active=False), if_match)


def _scope_of(user: User) -> Scope:
    return Scope(Role(user.role), user.agency_code, user.region_code, user.mentor_id)


def _refuse_self_lockout(principal: Principal, user: User, changes: dict[str, Any]) -> None:
    if user.id != principal.user_id:
        return
    if "role" in changes or changes.get("active") is False:
        raise Conflict(
            "You cannot change your own role or deactivate yourself; ask another admin.",
            errors=[
                field_error(k, "Not on your own account.", "self")
                for k in ("role", "active")
                if k in changes
            ],
        )


async def _validate(
    session: AsyncSession,
    principal: Principal,
    scope: Scope,
    fields: dict[str, Any],
    user_id: uuid.UUID | None,
) -> None:
    """422 for a wrong shape or unknown references, then 409 for what is already taken.

    Only what this request sets is checked, so an old account (say, one made by the command
    line before these rules) is never refused for data the caller did not touch."""
    errors = shape_errors(scope) if fields.keys() & {"role", *SCOPE_FIELDS} else []
    if not errors:
        errors += await _unknown_references(session, principal, fields)
    if errors:
        raise Unprocessable("The account's role and scope do not fit together.", errors=errors)
    taken = []
    email = fields.get("email")
    if email and await repository.email_taken(session, email, other_than=user_id):
        taken.append(field_error("email", "Another account uses this email.", "duplicate"))
    mentor_id = fields.get("mentor_id")
    if mentor_id and await repository.mentor_linked(session, mentor_id, other_than=user_id):
        taken.append(field_error("mentor_id", "This mentor has an account already.", "duplicate"))
    if taken:
        raise Conflict("An account with this email or mentor exists already.", errors=taken)


async def _unknown_references(
    session: AsyncSession, principal: Principal, fields: dict[str, Any]
) -> list[dict[str, Any]]:
    errors = []
    agency_code = fields.get("agency_code")
    if agency_code and not await agency_service.exists(session, agency_code):
        errors.append(field_error("agency_code", "No agency with this code.", "unknown"))
    region_code = fields.get("region_code")
    if region_code:
        try:
            await region_service.get(session, region_code)
        except NotFound:
            errors.append(field_error("region_code", "No region with this code.", "unknown"))
    mentor_id = fields.get("mentor_id")
    if mentor_id:
        agency = await repository.mentor_agency(session, mentor_id)
        if principal.role is Role.AGENCY_ADMIN and agency != principal.agency_code:
            # A mentor of another agency is out of scope: as unknown as one that does not exist.
            errors.append(
                field_error("mentor_id", "No mentor with this id in your agency.", "unknown")
            )
        elif agency is None:
            errors.append(field_error("mentor_id", "No mentor with this id.", "unknown"))
    return errors


async def _flush(session: AsyncSession) -> None:
    try:
        await session.flush()
    except IntegrityError as exc:  # a concurrent request took the email or mentor first
        raise Conflict("An account with this email or mentor exists already.") from exc


def _update_action(changes: dict[str, Any]) -> str:
    if changes.get("active") is False:
        return "user.deactivate"
    if changes.get("active") is True:
        return "user.reactivate"
    return "user.update"


def _change_detail(
    before: Scope, after: Scope, changes: dict[str, Any], ends_sessions: bool
) -> dict[str, Any]:
    """Which fields changed, with old and new values only for the non-personal ones."""
    detail: dict[str, Any] = {"changed": sorted(changes)}
    old, new = before.as_detail(), after.as_detail()
    for field in old:
        if old[field] != new[field]:
            detail[field] = {"from": old[field], "to": new[field]}
    if "active" in changes:
        detail["active"] = {"from": not changes["active"], "to": changes["active"]}
    if ends_sessions:
        detail["sessions_ended"] = True
    return detail
