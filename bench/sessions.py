"""Recording mentoring sessions at full Palembang scale, on SQLite and PostgreSQL: 16 mentors of
the seeded city, each with its active assignment, post new home visits (one agreed action each)
with client-generated ids, as phones do; against the bare `/healthz` in the same run.

wrk's Lua makes every id unique: the wrk run's start time, the wrk thread and a counter.

    .venv/bin/python bench/sessions.py [--backends sqlite,postgres] [--duration 10] [--reseed]
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

import harness
from harness import Case

MENTORS = 16
PASSWORD = "bench-mentor-kata-sandi"

_LUA = """
tokens = {%(tokens)s}
bodies = {%(bodies)s}
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function init(args)
  nonce = os.time()
  counter = 0
end
function request()
  counter = counter + 1
  local k = (counter + tid) %% #tokens + 1
  local id = string.format("%%08x-%%04x-4000-8000-%%012x", nonce, tid, counter)
  local body = string.gsub(bodies[k], "SESSION_ID", id)
  local headers = {}
  headers["Authorization"] = "Bearer " .. tokens[k]
  headers["Content-Type"] = "application/json"
  return wrk.format("POST", "/api/v1/mentoring-sessions", headers, body)
end
"""


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string of ASCII is a valid Lua string literal


def _mentors(base: str, admin: dict[str, str]) -> list[tuple[str, str]]:
    """(token, session body) for MENTORS mentors with an active assignment, each given a login."""
    assignments = httpx.get(
        f"{base}/api/v1/assignments",
        params={"status": "active", "limit": 4 * MENTORS},
        headers=admin,
        timeout=30,
    ).json()["items"]
    occurred = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    due = str((datetime.now(UTC) + timedelta(days=14)).date())
    out: list[tuple[str, str]] = []
    for a in assignments:
        email = f"bench-mentor-{len(out)}@bina.bench"
        user = {"email": email, "name": "Mentor Bench", "role": "mentor", "password": PASSWORD}
        r = httpx.post(
            f"{base}/api/v1/users", json=user | {"mentor_id": a["mentor_id"]}, headers=admin
        )
        if r.status_code == 409:  # the mentor has a login already (the demo mentor)
            continue
        r.raise_for_status()
        home = httpx.get(f"{base}/api/v1/households/{a['household_id']}", headers=admin).json()
        body = {
            "id": "SESSION_ID",
            "assignment_id": a["id"],
            "occurred_at": occurred,
            "kind": "home_visit",
            "duration_minutes": 45,
            "lat": home["lat"],
            "lon": home["lon"],
            "topics": ["adminduk", "health"],
            "notes": "Kunjungan rumah: membahas akta kelahiran anak dan pendaftaran JKN.",
            "actions": [{"title": "Mengurus akta kelahiran di Disdukcapil", "due_date": due}],
        }
        out.append((harness.token(base, email, PASSWORD), json.dumps(body)))
        if len(out) == MENTORS:
            break
    return out


def bench_backend(backend: str, args: argparse.Namespace) -> None:
    env = harness.prepare(backend, "bina_bench_sessions", args)
    with harness.server(env) as srv:
        admin_token = harness.token(srv.base, harness.ADMIN_EMAIL, harness.ADMIN_PASSWORD)
        mentors = _mentors(srv.base, {"Authorization": f"Bearer {admin_token}"})
        script = Path(harness.CACHE / "sessions-post.lua")
        script.parent.mkdir(parents=True, exist_ok=True)  # PostgreSQL runs cache nothing else here
        script.write_text(
            _LUA
            % {
                "tokens": ",".join(_lua_string(t) for t, _ in mentors),
                "bodies": ",".join(_lua_string(b) for _, b in mentors),
            }
        )
        cases = [
            Case("bare /healthz", "/healthz"),
            Case(f"POST /mentoring-sessions ({len(mentors)} mentors)", "/", None, str(script)),
        ]
        harness.measure(srv, f"[{backend}] recording sessions", cases, (1, 8), args.duration)


if __name__ == "__main__":
    harness.main(__doc__, bench_backend)
