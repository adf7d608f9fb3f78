"""PATCH /mentoring-sessions/{id} (the mentor corrects it) and POST /{id}/verify, /{id}/reject
(a coordinator of the region reviews it), each with If-Match."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import AuditEvent, User
from tests import factories
from tests.assignments.factories import Callers
from tests.households.checks import locs, problem
from tests.mentoring_sessions.factories import FAR, Mentoring, mentoring, recorded, url

Headers = dict[str, str]


def _if(etag: str | int, headers: Headers) -> Headers:
    return {**headers, "If-Match": f'"{etag}"' if isinstance(etag, int) else etag}


async def _review(
    client: httpx.AsyncClient, s: dict[str, object], verdict: str, headers: Headers, **body: str
) -> httpx.Response:
    return await client.post(
        url(s["id"], verdict), json=body, headers=_if(int(str(s["version"])), headers)
    )


class TestEditSession:
    async def test_the_mentor_corrects_the_place_and_the_flag_follows(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        s = await recorded(client, m, lat=FAR[0], lon=FAR[1])
        assert s["flagged"] is True
        r = await client.patch(
            url(s["id"]),
            json={"lat": -3.0198, "lon": 104.7391, "notes": "Lokasi dikoreksi"},
            headers=_if(1, m.mentor_headers),
        )
        assert r.status_code == 200, r.text
        assert r.headers["etag"] == '"2"'
        body = r.json()
        assert (body["flagged"], body["flag_reason"], body["distance_m"]) == (False, None, 0)
        assert body["notes"] == "Lokasi dikoreksi"
        assert len(body["actions"]) == 1

    async def test_without_if_match_is_428_and_with_an_old_etag_412(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        s = await recorded(client, m)
        problem(
            await client.patch(url(s["id"]), json={"notes": "x"}, headers=m.mentor_headers), 428
        )
        ok = await client.patch(url(s["id"]), json={"notes": "x"}, headers=_if(1, m.mentor_headers))
        assert ok.status_code == 200
        problem(
            await client.patch(url(s["id"]), json={"notes": "y"}, headers=_if(1, m.mentor_headers)),
            412,
        )

    @pytest.mark.parametrize("role", ["admin", "coordinator", "agency_admin", "auditor"])
    async def test_only_the_mentor_edits(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers, role: str
    ) -> None:
        m = await mentoring(client, db, who)
        s = await recorded(client, m)
        headers = await factories.headers_for(db, role)
        problem(await client.patch(url(s["id"]), json={"notes": "x"}, headers=_if(1, headers)), 403)

    async def test_another_mentor_gets_404(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m, other = await mentoring(client, db, who), await mentoring(client, db, who)
        s = await recorded(client, m)
        r = await client.patch(
            url(s["id"]), json={"notes": "x"}, headers=_if(1, other.mentor_headers)
        )
        problem(r, 404)

    async def test_bad_edits_are_422_on_the_field(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        s = await recorded(client, m)
        later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
        for body, loc in [
            ({"occurred_at": later}, ["body", "occurred_at"]),
            ({"kind": None}, ["body", "kind"]),
            ({"lat": None}, ["body", "lat"]),
            ({"verified": True}, ["body", "verified"]),
        ]:
            r = await client.patch(url(s["id"]), json=body, headers=_if(1, m.mentor_headers))
            assert locs(r) == [loc], body

    async def test_a_verified_session_is_409_and_a_rejected_one_goes_back_for_review(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        s = await recorded(client, m)
        rejected = await _review(client, s, "reject", who.camat, reason="Foto kunjungan tidak ada")
        assert rejected.json()["status"] == "rejected"
        fixed = await client.patch(
            url(s["id"]), json={"notes": "Dengan foto"}, headers=_if(2, m.mentor_headers)
        )
        assert fixed.status_code == 200
        assert (fixed.json()["status"], fixed.json()["review_reason"]) == ("submitted", None)
        verified = await _review(client, fixed.json(), "verify", who.camat)
        assert verified.json()["status"] == "verified"
        r = await client.patch(url(s["id"]), json={"notes": "z"}, headers=_if(4, m.mentor_headers))
        problem(r, 409)


class TestReviewSession:
    async def _session(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> tuple[Mentoring, dict[str, object]]:
        m = await mentoring(client, db, who)
        return m, await recorded(client, m, lat=FAR[0], lon=FAR[1])

    async def test_the_camat_verifies_a_flagged_visit_and_it_is_audited(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        _, s = await self._session(client, db, who)
        r = await _review(client, s, "verify", who.camat, note="Dicek ke rumah: pindah sementara")
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["status"] == "verified"
        assert body["reviewed_by"]
        assert body["reviewed_at"]
        assert body["review_reason"] == "Dicek ke rumah: pindah sementara"
        assert r.headers["etag"] == '"2"'
        events = (
            await db.scalars(select(AuditEvent).where(AuditEvent.action == "session.verify"))
        ).all()
        assert [e.object_id for e in events] == [s["id"]]

    async def test_rejecting_needs_a_reason(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        _, s = await self._session(client, db, who)
        assert locs(await _review(client, s, "reject", who.camat)) == [["body", "reason"]]
        assert locs(await _review(client, s, "reject", who.camat, reason="  ")) == [
            ["body", "reason"]
        ]
        r = await _review(client, s, "reject", who.camat, reason="Lokasi 3 km dari rumah")
        assert (r.json()["status"], r.json()["review_reason"]) == (
            "rejected",
            "Lokasi 3 km dari rumah",
        )

    async def test_a_camat_of_another_region_gets_404(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        _, s = await self._session(client, db, who)
        problem(await _review(client, s, "verify", who.camat_gandus), 404)

    @pytest.mark.parametrize("role", ["mentor", "agency_admin", "auditor"])
    async def test_other_roles_are_403(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers, role: str
    ) -> None:
        _, s = await self._session(client, db, who)
        headers = await factories.headers_for(db, role)
        problem(await _review(client, s, "verify", headers), 403)

    async def test_the_sessions_own_mentor_may_not_verify_it_even_as_coordinator(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m, s = await self._session(client, db, who)
        # The mentor becomes the kecamatan's coordinator, its account still linked to the mentor.
        await db.execute(
            update(User)
            .where(User.mentor_id == m.mentor.id)
            .values(role="coordinator", region_code="16.71.13")
        )
        await db.commit()
        problem(await _review(client, s, "verify", m.mentor_headers), 403)
        assert (await _review(client, s, "verify", who.camat)).status_code == 200

    async def test_a_reviewed_session_is_409_and_if_match_is_checked(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        _, s = await self._session(client, db, who)
        problem(await client.post(url(s["id"], "verify"), json={}, headers=who.camat), 428)
        stale = await client.post(url(s["id"], "verify"), json={}, headers=_if(9, who.camat))
        assert problem(stale, 412)["current_etag"] == '"1"'
        assert (await _review(client, s, "verify", who.camat)).status_code == 200
        again = await client.post(
            url(s["id"], "reject"), json={"reason": "x"}, headers=_if(2, who.admin)
        )
        assert "verified" in problem(again, 409)["detail"]

    async def test_anonymous_is_401(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        _, s = await self._session(client, db, who)
        problem(await client.post(url(s["id"], "verify"), json={}), 401)
