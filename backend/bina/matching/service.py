"""Matching-run rules: who may start, see, approve and discard runs; reading results in scope.
The approval itself (turning proposals into assignments safely) is in `bina.matching.approval`."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bina.audit import service as audit
from bina.errors import Conflict, NotFound
from bina.jobs import service as jobs
from bina.kit.pagination import PageParams
from bina.kit.preconditions import check_if_match
from bina.matching import jobs as matching_jobs
from bina.matching import repository
from bina.matching.schemas import (
    MatchingRunCreate,
    MatchingRunList,
    MatchingRunRead,
    MatchingWeights,
    ProposalFilters,
    ProposalList,
    ProposalRead,
    UnmatchedList,
    UnmatchedRead,
    parts_of,
)
from bina.models import MatchingRun
from bina.models.base import utcnow
from bina.security.principal import Principal, Role

_NOT_FOUND = "No matching run with this id."
_COLUMNS = tuple(c.key for c in MatchingRun.__table__.c)


def read(run: MatchingRun | Mapping[Any, Any]) -> MatchingRunRead:
    values = run if isinstance(run, Mapping) else {k: getattr(run, k) for k in _COLUMNS}
    return MatchingRunRead.model_validate(dict(values))


def _reaches_scope(principal: Principal, scope: Mapping[str, Any]) -> bool:
    """Whether the caller reaches every household a run with this scope may touch: its
    kecamatan, or for a city-wide run the whole city (an integration client limited to some
    regions reaches only runs within them)."""
    codes = scope.get("kecamatan_codes") or []
    if not codes:
        return principal.role == Role.ADMIN and not principal.region_codes
    return all(principal.reaches(code) for code in codes)


async def read_many(
    session: AsyncSession, principal: Principal, run_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, MatchingRunRead]:
    """The runs among `run_ids` the caller reaches, as GET shows them (webhooks:
    `matching_run.approved`)."""
    rows = await repository.runs(session, run_ids)
    return {r["id"]: read(r) for r in rows if _reaches_scope(principal, r["scope"])}


async def create_run(
    session: AsyncSession, principal: Principal, data: MatchingRunCreate
) -> MatchingRunRead:
    run_id = uuid.uuid4()
    job_id = await jobs.enqueue(session, matching_jobs.RUN, {"run_id": str(run_id)})
    run = MatchingRun(
        id=run_id,
        job_id=job_id,
        status="queued",
        scope=data.scope.model_dump(mode="json"),
        weights=data.weights.model_dump(mode="json"),
        constraints=data.constraints.model_dump(mode="json"),
        attempts=0,
        requested_by=principal.user_id,
    )
    repository.add_run(session, run)
    await session.flush()
    audit.record(
        session,
        principal,
        "matching_run.create",
        "matching_run",
        run.id,
        {"scope": run.scope, "weights": run.weights, "constraints": run.constraints},
    )
    return read(run)


async def list_runs(
    session: AsyncSession, sort: str, page: PageParams, status: str | None
) -> MatchingRunList:
    rows, cursor, total = await repository.list_runs(session, sort, page, status)
    return MatchingRunList(items=[read(r) for r in rows], next_cursor=cursor, total=total)


async def get_run(session: AsyncSession, run_id: uuid.UUID) -> MatchingRunRead:
    run = await repository.get_run(session, run_id)
    if run is None:
        raise NotFound(_NOT_FOUND)
    return read(run)


async def _require_run(session: AsyncSession, run_id: uuid.UUID) -> MatchingRun:
    run = await repository.get_run(session, run_id)
    if run is None:
        raise NotFound(_NOT_FOUND)
    return run


async def list_proposals(
    session: AsyncSession,
    principal: Principal,
    run_id: uuid.UUID,
    filters: ProposalFilters,
    sort: str,
    page: PageParams,
) -> ProposalList:
    run = await _require_run(session, run_id)
    weights = MatchingWeights.model_validate(run.weights)
    rows, cursor, total = await repository.list_proposals(
        session, principal, run_id, filters, sort, page
    )
    needs = await repository.needs_of(session, [r["household_id"] for r in rows])
    items = [
        ProposalRead.model_validate(
            {
                **r,
                "parts": parts_of(r["parts"], weights),
                "household_needs": needs[r["household_id"]],
            }
        )
        for r in rows
    ]
    return ProposalList(items=items, next_cursor=cursor, total=total)


async def list_unmatched(
    session: AsyncSession,
    principal: Principal,
    run_id: uuid.UUID,
    reason: str | None,
    kecamatan_code: str | None,
    page: PageParams,
) -> UnmatchedList:
    await _require_run(session, run_id)
    rows, cursor, total = await repository.list_unmatched(
        session, principal, run_id, reason, kecamatan_code, page
    )
    return UnmatchedList(
        items=[UnmatchedRead.model_validate(dict(r)) for r in rows], next_cursor=cursor, total=total
    )


async def discard(
    session: AsyncSession, principal: Principal, run_id: uuid.UUID, if_match: str | None
) -> MatchingRunRead:
    """Drop a run's proposals; a queued or running run is cancelled (its worker lets go)."""
    run = await repository.lock_run(session, run_id)
    if run is None:
        raise NotFound(_NOT_FOUND)
    check_if_match(if_match, run.version)
    if run.status not in ("queued", "running", "succeeded"):
        raise Conflict(
            f"This run is {run.status}; only a queued, running or succeeded run can be discarded."
        )
    previous = run.status
    await repository.discard_proposals(session, run.id)
    run.status = "discarded"
    run.decided_at = utcnow()
    run.decided_by = principal.user_id
    await session.flush()
    audit.record(
        session, principal, "matching_run.discard", "matching_run", run.id, {"was": previous}
    )
    return read(run)
