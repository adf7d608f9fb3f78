"""DELETE /mentors/{id}: an agency removes a mentor record (hard delete until assignments exist)."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import MentorCompetency, User
from tests import factories
from tests.mentors import helpers
from tests.mentors.factories import create_mentor


class TestDeleteMentor:
    async def test_anonymous_is_401(self, client: httpx.AsyncClient, db: AsyncSession) -> None:
        mentor = await create_mentor(db)
        r = await client.delete(helpers.url(mentor.id), headers={"If-Match": '"1"'})
        assert r.status_code == 401

    @pytest.mark.parametrize("role", ["coordinator", "mentor", "auditor"])
    async def test_other_roles_are_403(
        self, client: httpx.AsyncClient, db: AsyncSession, role: str
    ) -> None:
        mentor = await create_mentor(db)
        headers = await factories.headers_for(
            db, role, mentor_id=mentor.id if role == "mentor" else None
        )
        r = await client.delete(helpers.url(mentor.id), headers={**headers, "If-Match": '"1"'})
        assert r.status_code == 403

    async def test_another_agencys_mentor_is_404(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        mentor = await create_mentor(db, agency_code="DINSOS")
        headers = await factories.headers_for(db, "agency_admin", agency_code="DINKES")
        r = await client.delete(helpers.url(mentor.id), headers={**headers, "If-Match": '"1"'})
        assert r.status_code == 404
        assert mentor.name not in r.text

    async def test_needs_the_current_etag(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        mentor = await create_mentor(db)
        headers = await factories.headers_for(db)
        missing = await client.delete(helpers.url(mentor.id), headers=headers)
        assert missing.status_code == 428
        stale = await client.delete(helpers.url(mentor.id), headers={**headers, "If-Match": '"7"'})
        assert stale.status_code == 412
        assert stale.json()["current_version"] == 1
        assert (await client.get(helpers.url(mentor.id), headers=headers)).status_code == 200

    async def test_agency_admin_deletes_its_mentor_with_everything_attached(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        mentor = await create_mentor(
            db, agency_code="DINKES", competencies=[{"code": "health", "level": 2}]
        )
        account = await factories.user(db, role="mentor", mentor_id=mentor.id)
        headers = await factories.headers_for(db, "agency_admin", agency_code="DINKES")
        etag = await helpers.etag_of(client, headers, mentor.id)
        r = await client.delete(helpers.url(mentor.id), headers={**headers, "If-Match": etag})
        assert r.status_code == 204
        assert r.content == b""
        assert (await client.get(helpers.url(mentor.id), headers=headers)).status_code == 404
        competencies = select(func.count()).select_from(MentorCompetency)
        assert await db.scalar(competencies) == 0
        # The login account stays (the users domain decides about it), unlinked.
        await db.refresh(account)
        assert account.mentor_id is None
        assert await db.get(User, account.id) is not None
        (event,) = await helpers.audit_events(db, "mentor.delete")
        assert event.object_id == str(mentor.id)
        assert event.detail == {"agency_code": "DINKES"}
        again = await client.delete(helpers.url(mentor.id), headers={**headers, "If-Match": etag})
        assert again.status_code == 404
