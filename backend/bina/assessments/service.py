"""Assessment rules: the household's mentor, its coordinator or an admin records one; the
graduation rule (bina.reference.graduation) judges it at once and the outcome is kept with it.
Auditors read assessments with health and children's data withheld."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bina.assessments import readiness, repository
from bina.assessments.schemas import AssessmentCreate, AssessmentList, AssessmentRead
from bina.assignments import service as assignment_service
from bina.audit import service as audit
from bina.errors import NotFound, Unprocessable
from bina.households import service as household_service
from bina.kit.localdate import local_today
from bina.kit.pagination import PageParams
from bina.models import Assessment
from bina.reference.graduation import DEFAULT_RULE, first_line_date
from bina.security.principal import Principal
from bina.security.visibility import view_for

_COLUMNS = tuple(c.key for c in Assessment.__table__.c)
_FIELDS = tuple(name for name in AssessmentRead.model_fields if name != "redacted")
INDICATORS = (
    "per_capita_expenditure",
    "income_sources",
    "savings_rupiah",
    "adminduk_complete",
    "jkn_all_members",
    "children_7_18",
    "children_7_18_in_school",
    "floor",
    "water",
    "sanitation",
    "desil",
)


def _read(values: Mapping[Any, Any], principal: Principal) -> AssessmentRead:
    """An assessment as its GET answers it to `principal`: health and children's data only to
    the roles that may see specific personal data (see `households.service.record_shown`)."""
    return AssessmentRead.model_validate(
        {k: values[k] for k in _FIELDS}, context=view_for(principal)
    )


def _error(field: str, msg: str, kind: str) -> dict[str, Any]:
    return {"loc": ["body", field], "msg": msg, "type": kind}


def _check(data: AssessmentCreate) -> None:
    errors = []
    if data.assessed_on > local_today():
        errors.append(_error("assessed_on", "lies in the future", "future"))
    elif data.assessed_on < first_line_date():
        errors.append(
            _error(
                "assessed_on",
                f"before {first_line_date()}, the first extreme-poverty line known",
                "no_poverty_line",
            )
        )
    children, in_school = data.children_7_18, data.children_7_18_in_school
    if in_school is not None and children is None:
        errors.append(_error("children_7_18", "needed with children_7_18_in_school", "missing"))
    elif in_school is not None and children is not None and in_school > children:
        errors.append(
            _error("children_7_18_in_school", "more than the children aged 7-18", "too_many")
        )
    if errors:
        raise Unprocessable(f"The assessment has {len(errors)} invalid field(s).", errors=errors)


async def create_assessment(
    session: AsyncSession, principal: Principal, household_id: uuid.UUID, data: AssessmentCreate
) -> AssessmentRead:
    household = await household_service.load(session, principal, household_id, for_update=False)
    _check(data)
    values = data.model_dump(include=set(INDICATORS))
    outcome = readiness.evaluate(DEFAULT_RULE, values, data.assessed_on)
    assessment = Assessment(
        household_id=household.id,
        assessed_on=data.assessed_on,
        mentor_id=await assignment_service.active_mentor_of(session, household.id),
        notes=data.notes,
        poverty_line=outcome.poverty_line,
        readiness_score=outcome.score,
        ready=outcome.ready,
        criteria=outcome.criteria,
        created_by=principal.user_id,
        **values,
    )
    repository.add(session, assessment)
    await session.flush()
    audit.record(
        session,
        principal,
        "assessment.create",
        "assessment",
        assessment.id,
        {"household_id": str(household.id), "ready": outcome.ready, "score": outcome.score},
    )
    return _read({k: getattr(assessment, k) for k in _COLUMNS}, principal)


async def list_assessments(
    session: AsyncSession,
    principal: Principal,
    household_id: uuid.UUID,
    sort: str,
    page: PageParams,
) -> AssessmentList:
    await household_service.load(session, principal, household_id, for_update=False)
    rows, cursor, total = await repository.list_page(session, household_id, sort, page)
    if rows:
        household_service.record_shown(
            session, principal, view_for(principal), [household_id], specific=True
        )
    items = [_read(r, principal) for r in rows]
    return AssessmentList(items=items, next_cursor=cursor, total=total)


async def get_assessment(
    session: AsyncSession, principal: Principal, household_id: uuid.UUID, assessment_id: uuid.UUID
) -> AssessmentRead:
    await household_service.load(session, principal, household_id, for_update=False)
    row = await repository.get(session, household_id, assessment_id)
    if row is None:
        raise NotFound(f"No assessment {assessment_id} of this household.")
    household_service.record_shown(
        session, principal, view_for(principal), [household_id], specific=True
    )
    return _read(row, principal)


async def read_many(
    session: AsyncSession, principal: Principal, ids: Sequence[uuid.UUID], *, in_scope: bool
) -> dict[uuid.UUID, AssessmentRead]:
    """The assessments among `ids` whose household the caller may see, as GET shows them;
    `in_scope`: the caller already knows their households are in its scope."""
    rows = await repository.get_many(session, ids)
    if not in_scope:
        visible = await household_service.visible_ids(
            session, principal, (r["household_id"] for r in rows)
        )
        rows = [r for r in rows if r["household_id"] in visible]
    household_service.record_shown(
        session, principal, view_for(principal), [r["household_id"] for r in rows], specific=True
    )
    return {r["id"]: _read(r, principal) for r in rows}


async def latest(session: AsyncSession, household_id: uuid.UUID) -> Assessment | None:
    """The household's most recent assessment (scope checked by the caller)."""
    return await repository.latest(session, household_id)
