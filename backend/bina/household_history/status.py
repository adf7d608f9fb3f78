"""The one way a household's lifecycle status changes: the new status, its history row and its
`household.status_changed` event, in the same transaction. The domains that move a household
along (registration, assignment, graduation, a first visit, a matching approval) call it; it
imports none of them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from bina.household_history import repository
from bina.models import Household, HouseholdStatusChange
from bina.models.base import utcnow
from bina.security.principal import Principal
from bina.webhooks import events

STATUS_CHANGED = "household.status_changed"


def _change(
    principal: Principal | None,
    household: Household,
    from_status: str | None,
    to_status: str,
    reason: str | None,
) -> HouseholdStatusChange:
    return HouseholdStatusChange(
        id=uuid.uuid4(),
        household_id=household.id,
        from_status=from_status,
        to_status=to_status,
        changed_at=utcnow(),
        changed_by=principal.user_id if principal else None,
        actor_role=principal.role.value if principal else None,
        reason=reason[:500] if reason else None,
    )


def record_registration(
    session: AsyncSession, principal: Principal | None, household: Household
) -> None:
    """The first history row of a newly registered (and flushed) household."""
    repository.add(session, _change(principal, household, None, household.status, "registered"))


async def set_status(
    session: AsyncSession,
    principal: Principal | None,
    household: Household,
    status: str,
    reason: str | None,
) -> bool:
    """Move the household to `status`, keep the change in its history and announce it; False if
    unchanged. Flushes the session (the event's audience is read from the database, so every
    change the caller made to the household before counts). `principal` None is the system."""
    if household.status == status:
        return False
    change = _change(principal, household, household.status, status, reason)
    repository.add(session, change)
    now = utcnow()
    household.status = status
    household.status_changed_at = now
    household.updated_at = now
    await session.flush()
    await events.emit(session, STATUS_CHANGED, [change.id])
    return True


async def record_many(
    session: AsyncSession,
    principal: Principal | None,
    changes: Sequence[tuple[uuid.UUID, str, str]],
    reason: str,
) -> None:
    """History rows (and events) for households whose status a bulk statement changed, as
    (household id, from, to); unchanged ones (from == to) are left out."""
    now = utcnow()
    moved = [change for change in changes if change[1] != change[2]]
    ids = [uuid.uuid4() for _ in moved]
    await repository.add_many(
        session,
        [
            {
                "id": change_id,
                "household_id": household_id,
                "from_status": from_status,
                "to_status": to_status,
                "changed_at": now,
                "changed_by": principal.user_id if principal else None,
                "actor_role": principal.role.value if principal else None,
                "reason": reason[:500],
            }
            for change_id, (household_id, from_status, to_status) in zip(ids, moved, strict=True)
        ],
    )
    await events.emit(session, STATUS_CHANGED, ids)
