"""End to end through real HTTP: seed a small demo city, serve it with uvicorn on a free port,
and let each role do what it does in a day's work."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from bina.config import Settings
from bina.seed.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

BIN = Path(sys.executable).parent
MASKED = re.compile(r"^\d{4}\*+\d{2}$")
KERTAPATI, GANDUS = "16.71.13", "16.71.12"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server_url(settings: Settings) -> Iterator[str]:
    env = dict(os.environ, BINA_DATABASE_URL=settings.database_url)
    seeded = subprocess.run(
        [str(BIN / "bina"), "seed", "--demo", "--households", "120", "--mentors", "150"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert seeded.returncode == 0, seeded.stderr
    port = _free_port()
    proc = subprocess.Popen(
        [str(BIN / "bina"), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        # Start-up imports the matching solver (numpy, scipy, OR-Tools): ~7 s of CPU, 20-30 s
        # of wall time on a shared 2-core machine while the rest of the suite runs.
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "server did not become ready"
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        if proc.stderr:
            proc.stderr.close()


@pytest.fixture
async def http(server_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=server_url + "/api/v1", timeout=30) as client:
        yield client


async def _sign_in(http: httpx.AsyncClient, email: str) -> tuple[dict[str, str], str]:
    r = await http.post(
        "/auth/token",
        data={"grant_type": "password", "username": email, "password": DEMO_PASSWORD},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    return {"Authorization": f"Bearer {body['access_token']}"}, body["refresh_token"]


async def _all(http: httpx.AsyncClient, path: str, headers: dict[str, str]) -> list[dict]:
    items: list[dict] = []
    cursor = None
    while True:
        params = {"limit": 200} | ({"cursor": cursor} if cursor else {})
        r = await http.get(path, params=params, headers=headers)
        assert r.status_code == 200, r.text
        items += r.json()["items"]
        cursor = r.json()["next_cursor"]
        if cursor is None:
            return items


async def test_a_day_in_the_city(http: httpx.AsyncClient) -> None:
    admin, _ = await _sign_in(http, "admin@bina.demo")
    camat, _ = await _sign_in(http, "camat.kertapati@bina.demo")
    opd, _ = await _sign_in(http, "opd@bina.demo")
    mentor, mentor_refresh = await _sign_in(http, "mentor@bina.demo")
    auditor, _ = await _sign_in(http, "auditor@bina.demo")

    # The program office sees the whole city, identifiers masked until asked for.
    households = await _all(http, "/households", admin)
    assert len(households) == 120
    assert all(MASKED.match(h["head_nik"]) for h in households)
    kertapati = [h for h in households if h["kecamatan_code"] == KERTAPATI]
    gandus = [h for h in households if h["kecamatan_code"] == GANDUS]
    assert kertapati
    assert gandus
    one = kertapati[0]["id"]
    revealed = await http.get(f"/households/{one}", params={"reveal": "nik"}, headers=admin)
    assert re.fullmatch(r"\d{16}", revealed.json()["head_nik"])
    trail = await http.get(
        "/audit-events", params={"action": "household.reveal", "object_id": one}, headers=admin
    )
    assert len(trail.json()["items"]) == 1

    # The camat of Kertapati works on Kertapati only, where the matching run approved six
    # months ago gave every household a mentor: a mentored household keeps its status.
    mine = await _all(http, "/households", camat)
    assert {h["id"] for h in mine} == {h["id"] for h in kertapati}
    current = await http.get(f"/households/{one}", headers=camat)
    assert current.json()["status"] in ("assigned", "mentoring", "monitoring")
    by_hand = await http.patch(
        f"/households/{one}",
        json={"status": "verified"},
        headers=camat | {"If-Match": current.headers["etag"]},
    )
    assert by_hand.status_code == 409, by_hand.text
    hidden = await http.get(f"/households/{gandus[0]['id']}", headers=camat)
    assert hidden.status_code == 404
    assert gandus[0]["head_name"] not in hidden.text

    # The Dinas Sosial admin manages its own ASN and no households.
    dinsos = await _all(http, "/mentors", opd)
    assert dinsos
    assert {m["agency_code"] for m in dinsos} == {"DINSOS"}
    assert (await http.get("/households", headers=opd)).status_code == 403

    # A mentor sees its own record and the households the approved matching run gave it; the
    # camat sees the assignments in its region only.
    me = (await http.get("/auth/me", headers=mentor)).json()
    assert me["role"] == "mentor"
    assert me["mentor_id"]
    own = await _all(http, "/mentors", mentor)
    assert [m["id"] for m in own] == [me["mentor_id"]]
    theirs = await _all(http, "/households", mentor)
    assert theirs
    assert {h["status"] for h in theirs} <= {"assigned", "mentoring", "monitoring"}
    active = [a for a in await _all(http, "/assignments", mentor) if a["status"] == "active"]
    assert {a["household_id"] for a in active} == {h["id"] for h in theirs}
    in_region = await _all(http, "/assignments", camat)
    assert in_region
    assert {a["household_id"] for a in in_region} <= {h["id"] for h in kertapati}

    # The auditor reads, masked, and may not reveal or write.
    seen = await _all(http, "/households", auditor)
    assert len(seen) == 120
    assert all(MASKED.match(h["kk_number"]) for h in seen)
    assert (
        await http.get("/households", params={"reveal": "nik"}, headers=auditor)
    ).status_code == 403
    assert (await http.patch(f"/households/{one}", json={}, headers=auditor)).status_code == 403
    assert (await http.get("/audit-events", headers=auditor)).status_code == 200

    # Tokens: refresh rotates; after logout the refresh token is refused.
    rotated = await http.post(
        "/auth/token", data={"grant_type": "refresh_token", "refresh_token": mentor_refresh}
    )
    assert rotated.status_code == 200
    new_refresh = rotated.json()["refresh_token"]
    new_access = {"Authorization": f"Bearer {rotated.json()['access_token']}"}
    assert (
        await http.post("/auth/logout", data={"refresh_token": new_refresh}, headers=new_access)
    ).status_code == 204
    refused = await http.post(
        "/auth/token", data={"grant_type": "refresh_token", "refresh_token": new_refresh}
    )
    assert refused.status_code == 401
    assert refused.headers["content-type"] == "application/problem+json"
