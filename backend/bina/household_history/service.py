"""Reading a household's status history, scoped like reading the household itself (status changes
are written by `bina.household_history.status`)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from bina.household_history import repository
from bina.household_history.schemas import StatusChangeList, StatusChangeRead
from bina.households import service as household_service
from bina.kit.pagination import PageParams
from bina.security.principal import Principal


async def list_history(
    session: AsyncSession,
    principal: Principal,
    household_id: uuid.UUID,
    sort: str,
    page: PageParams,
) -> StatusChangeList:
    await household_service.load(session, principal, household_id, for_update=False)
    rows, cursor, total = await repository.list_page(session, household_id, sort, page)
    return StatusChangeList(
        items=[StatusChangeRead.model_validate(dict(r)) for r in rows],
        next_cursor=cursor,
        total=total,
    )


async def read_many(
    session: AsyncSession, principal: Principal, change_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, StatusChangeRead]:
    """The status changes among `change_ids` of households the caller may see, as the history
    list shows them (webhooks: `household.status_changed`)."""
    rows = await repository.get_many(session, change_ids)
    visible = await household_service.visible_ids(
        session, principal, {r["household_id"] for r in rows}
    )
    return {
        r["id"]: StatusChangeRead.model_validate(r) for r in rows if r["household_id"] in visible
    }
