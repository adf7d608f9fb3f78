"""Action item rules: made from a session's `actions`; listed per household across sessions
(open, done, dropped, overdue); marked done by the household's mentor or a coordinator."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bina.action_items import repository
from bina.action_items.schemas import ActionCreate, ActionItemList, ActionItemRead, ActionItemUpdate
from bina.audit import service as audit
from bina.errors import Forbidden, NotFound, Unprocessable
from bina.households import service as household_service
from bina.kit.localdate import local_today
from bina.kit.pagination import PageParams
from bina.kit.preconditions import check_if_match
from bina.models import ActionItem
from bina.models.base import utcnow
from bina.security.principal import Principal, Role

_COLUMNS = tuple(c.key for c in ActionItem.__table__.c)
_FIELDS = tuple(ActionItemRead.model_fields)


def data(values: Mapping[Any, Any], today: date | None = None) -> dict[str, Any]:
    """An action item as its GET answers it, in plain values (an `ActionItemRead`'s fields, in
    its order); `today` the local date, when the caller has it at hand."""
    overdue = values["status"] == "open" and values["due_date"] < (today or local_today())
    return {k: overdue if k == "overdue" else values[k] for k in _FIELDS}


def _read(values: Mapping[Any, Any]) -> ActionItemRead:
    return ActionItemRead.model_validate(data(values))


def _read_row(item: ActionItem) -> ActionItemRead:
    return _read({key: getattr(item, key) for key in _COLUMNS})


async def create_for_session(
    session: AsyncSession,
    session_id: uuid.UUID,
    household_id: uuid.UUID,
    actions: Sequence[ActionCreate],
    now: datetime,
) -> list[dict[str, Any]]:
    """Rows for the actions agreed at a session just inserted, in the order given, as `data`."""
    rows = [
        {
            "id": uuid.uuid4(),
            "session_id": session_id,
            "household_id": household_id,
            "position": i,
            "title": a.title,
            "due_date": a.due_date,
            "status": "open",
            "done_at": None,
            "updated_by": None,
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        for i, a in enumerate(actions)
    ]
    await repository.insert_many(session, rows)
    return [data(row) for row in rows]


async def for_sessions(
    session: AsyncSession, session_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[dict[str, Any]]]:
    """The sessions' action items in order, as `data` (scope checked by the caller)."""
    rows = await repository.of_sessions(session, session_ids)
    today = local_today()
    return {sid: [data(r, today) for r in items] for sid, items in rows.items()}


def _refuse_auditor(principal: Principal) -> None:
    # What a family promised to do is specific personal data; auditors get aggregates (/stats).
    if principal.role == Role.AUDITOR:
        raise Forbidden("Auditors see aggregates, not a household's action items.")


async def read_many(
    session: AsyncSession, principal: Principal, ids: Sequence[uuid.UUID], *, in_scope: bool
) -> dict[uuid.UUID, ActionItemRead]:
    """The action items among `ids` whose household the caller may see, as GET shows them;
    `in_scope`: the caller already knows their households are in its scope."""
    _refuse_auditor(principal)
    rows = await repository.get_many(session, ids)
    if not in_scope:
        visible = await household_service.visible_ids(
            session, principal, (r["household_id"] for r in rows)
        )
        rows = [r for r in rows if r["household_id"] in visible]
    today = local_today()
    return {r["id"]: ActionItemRead.model_validate(data(r, today)) for r in rows}


async def list_for_household(
    session: AsyncSession,
    principal: Principal,
    household_id: uuid.UUID,
    status: str | None,
    page: PageParams,
) -> ActionItemList:
    _refuse_auditor(principal)
    await household_service.load(session, principal, household_id, for_update=False)
    rows, cursor, total = await repository.list_page(
        session, household_id, status, local_today(), page
    )
    return ActionItemList(items=[_read(r) for r in rows], next_cursor=cursor, total=total)


async def update(
    session: AsyncSession,
    principal: Principal,
    item_id: uuid.UUID,
    data: ActionItemUpdate,
    if_match: str | None,
) -> ActionItemRead:
    household_id = await repository.household_of(session, item_id)
    if household_id is None:
        raise NotFound(f"No action item {item_id} in your scope.")
    try:
        await household_service.load(session, principal, household_id, for_update=False)
    except NotFound as exc:
        raise NotFound(f"No action item {item_id} in your scope.") from exc
    item = await repository.lock(session, item_id)
    if item is None:
        raise NotFound(f"No action item {item_id} in your scope.")
    check_if_match(if_match, item.version)
    changes = data.model_dump(exclude_unset=True)
    for name in ("status", "title", "due_date"):
        if name in changes and changes[name] is None:
            raise Unprocessable(
                f"{name} cannot be emptied.",
                errors=[{"loc": ["body", name], "msg": "cannot be emptied", "type": "missing"}],
            )
    status = changes.get("status", item.status)
    if status != item.status:
        item.done_at = utcnow() if status == "done" else None
    for name, value in changes.items():
        setattr(item, name, value)
    item.updated_by = principal.user_id
    item.updated_at = utcnow()
    await session.flush()
    audit.record(
        session,
        principal,
        "action_item.update",
        "action_item",
        item.id,
        {"household_id": str(household_id), "fields": sorted(changes), "status": item.status},
    )
    return _read_row(item)
