"""Graduation rules: someone other than the household's mentor (a coordinator of the region, or
an admin) graduates a household whose latest assessment is ready; it is then monitored for
`monitoring_months` (default 12) and exits afterwards — by hand (`exit`) or by the worker
(`exit_monitoring_ended`). Each step is a status change in the household's history."""

from __future__ import annotations

import calendar
import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bina.assessments import service as assessment_service
from bina.assignments import service as assignment_service
from bina.audit import service as audit
from bina.errors import Conflict, Forbidden
from bina.graduation import repository
from bina.graduation.schemas import ExitCreate, GraduationCreate, GraduationRead
from bina.household_history import status as history
from bina.households import service as household_service
from bina.kit.localdate import local_today
from bina.kit.preconditions import check_if_match
from bina.models import Household
from bina.models.base import utcnow
from bina.reference.graduation import DEFAULT_RULE
from bina.security.principal import Principal
from bina.webhooks import events

UNDER_MENTORING = frozenset({"assigned", "mentoring"})


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _read(h: Household, assessment_id: uuid.UUID | None, score: float | None) -> GraduationRead:
    return GraduationRead(
        household_id=h.id,
        status=h.status,
        graduated_at=h.graduated_at,
        monitoring_until=h.monitoring_until,
        assessment_id=assessment_id,
        readiness_score=score,
        version=h.version,
    )


def _on_assessment(msg: str, kind: str) -> list[dict[str, object]]:
    return [{"loc": ["body", "assessment_id"], "msg": msg, "type": kind}]


async def graduate(
    session: AsyncSession,
    principal: Principal,
    household_id: uuid.UUID,
    data: GraduationCreate,
    if_match: str | None,
) -> GraduationRead:
    household = await household_service.load(session, principal, household_id, for_update=True)
    check_if_match(if_match, household.version)
    if household.status not in UNDER_MENTORING:
        raise Conflict(
            f"This household is {household.status}; only a household under mentoring graduates."
        )
    latest = await assessment_service.latest(session, household.id)
    if latest is None:
        raise Conflict(
            "This household has no assessment yet; assess it first.",
            errors=_on_assessment("no assessment", "no_assessment"),
        )
    if latest.id != data.assessment_id:
        raise Conflict(
            f"Assessment {latest.id} of {latest.assessed_on} is the latest; review that one.",
            errors=_on_assessment("not the latest assessment", "not_latest"),
        )
    mentors = {latest.mentor_id, await assignment_service.active_mentor_of(session, household.id)}
    if principal.mentor_id is not None and principal.mentor_id in mentors:
        raise Forbidden(
            "The household's own mentor cannot verify its graduation; someone else must."
        )
    if not latest.ready:
        unmet = [c["name"] for c in latest.criteria if not c["met"]]
        raise Conflict(
            f"The latest assessment is not ready (score {latest.readiness_score:.2f}); "
            f"unmet: {', '.join(unmet)}.",
            errors=_on_assessment("assessment not ready", "not_ready"),
            extra={"unmet": unmet},
        )
    household.graduated_at = utcnow()
    household.monitoring_until = add_months(local_today(), DEFAULT_RULE.monitoring_months)
    await history.set_status(
        session, principal, household, "graduated", data.note or f"assessment {latest.id} ready"
    )
    await history.set_status(
        session, principal, household, "monitoring", f"monitored until {household.monitoring_until}"
    )
    audit.record(
        session,
        principal,
        "household.graduate",
        "household",
        household.id,
        {"assessment_id": str(latest.id), "score": latest.readiness_score},
    )
    await events.emit(session, "graduation.recorded", [household.id])
    return _read(household, latest.id, latest.readiness_score)


async def read_many(
    session: AsyncSession, principal: Principal, household_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, GraduationRead]:
    """The graduation of each of these households the caller may see, as the verifier's answer
    shows it (webhooks: `graduation.recorded`)."""
    visible = await household_service.visible_ids(session, principal, household_ids)
    out: dict[uuid.UUID, GraduationRead] = {}
    for household in await repository.households(session, sorted(visible)):
        latest = await assessment_service.latest(session, household.id)
        out[household.id] = _read(
            household, latest.id if latest else None, latest.readiness_score if latest else None
        )
    return out


async def _exit(
    session: AsyncSession, principal: Principal | None, household: Household, reason: str
) -> None:
    await history.set_status(session, principal, household, "exited", reason)
    await assignment_service.end_active(session, principal, household, "household exited")
    await session.flush()
    audit.record(session, principal, "household.exit", "household", household.id)


async def exit_household(
    session: AsyncSession,
    principal: Principal,
    household_id: uuid.UUID,
    data: ExitCreate,
    if_match: str | None,
) -> GraduationRead:
    """End the monitoring of a graduated household after its monitoring period."""
    household = await household_service.load(session, principal, household_id, for_update=True)
    check_if_match(if_match, household.version)
    if household.status != "monitoring":
        raise Conflict(f"This household is {household.status}; only a monitored household exits.")
    until = household.monitoring_until
    if until is not None and local_today() <= until:
        raise Conflict(f"This household is monitored until {until}; it exits after that day.")
    await _exit(session, principal, household, data.reason or f"monitoring ended {until}")
    return _read(household, None, None)


async def exit_monitoring_ended(
    session: AsyncSession, today: date | None = None, limit: int = 500
) -> int:
    """For the worker: every household whose monitoring ended before `today` exits; how many."""
    households = await repository.lock_monitoring_ended(session, today or local_today(), limit)
    for household in households:
        await _exit(session, None, household, f"monitoring ended {household.monitoring_until}")
    return len(households)
