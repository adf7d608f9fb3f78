"""`bina seed --demo`: the synthetic city a program officer would accept as Palembang's demo."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from bina import cli
from bina.config import Settings
from bina.households.schemas import HouseholdCreate, MemberCreate
from bina.identifiers import parse_kk, parse_nik, parse_nip
from bina.mentors.schemas import MentorCreate
from bina.models import (
    Household,
    HouseholdMember,
    HouseholdNeed,
    Mentor,
    MentorCompetency,
    Region,
    User,
)
from bina.reference.taxonomy import ASSISTANCE_PROGRAMS, TAXONOMY
from bina.security.passwords import password_problems
from bina.seed import accounts, demo
from bina.seed.vocabulary import HOUSING_KEYS, HOUSING_VALUES

HOUSEHOLDS, MENTORS, SEED = 300, 400, 7
AS_OF = date.today()  # fixed for the run, so a test crossing midnight compares like with like
KERTAPATI, GANDUS = "16.71.13", "16.71.12"


async def _seed(settings: Settings, *, seed: int = SEED, reset: bool = False) -> list[str]:
    printed: list[str] = []
    await demo.run(
        settings,
        households=HOUSEHOLDS,
        mentors=MENTORS,
        seed=seed,
        reset=reset,
        as_of=AS_OF,
        echo=printed.append,
    )
    return printed


@pytest.fixture
async def seeded(settings: Settings, db: AsyncSession) -> list[str]:
    """A small demo city in the test database; what the seed printed."""
    return await _seed(settings)


async def _all(db: AsyncSession, model: Any) -> list[Any]:
    rows = list((await db.scalars(select(model))).all())
    await db.commit()  # end the read: on SQLite an open transaction holds the write lock
    return rows


async def _snapshot(db: AsyncSession) -> list[tuple[Any, ...]]:
    rows = await db.execute(
        text(
            "SELECT h.id, h.kk_number, h.head_name, h.kelurahan_code, h.lat, h.lon, h.created_at,"
            " m.nik, m.name, m.birth_date FROM households h"
            " JOIN household_members m ON m.household_id = h.id ORDER BY m.nik"
        )
    )
    mentors = await db.execute(
        text("SELECT id, nip, name, agency_code, work_lat FROM mentors ORDER BY nip")
    )
    snapshot = [tuple(r) for r in rows] + [tuple(r) for r in mentors]
    await db.commit()
    return snapshot


class TestSeededCity:
    async def test_counts_and_the_pns_pppk_split(self, seeded: list[str], db: AsyncSession) -> None:
        households = await _all(db, Household)
        members = await _all(db, HouseholdMember)
        mentors = await _all(db, Mentor)
        assert len(households) == HOUSEHOLDS
        assert len(mentors) == MENTORS
        per_household = Counter(m.household_id for m in members)
        assert set(per_household) == {h.id for h in households}
        assert all(2 <= n <= 7 for n in per_household.values())
        types = Counter(m.employment_type for m in mentors)
        # Palembang: 9,796 PNS and 3,464 PPPK.
        assert types == {"PPPK": round(MENTORS * 3464 / 13260), "PNS": MENTORS - 104}
        assert "Demo city seeded in" in seeded[-1]

    async def test_each_kk_has_one_kepala_who_is_the_recorded_head(
        self, seeded: list[str], db: AsyncSession
    ) -> None:
        heads = {
            m.household_id: m for m in await _all(db, HouseholdMember) if m.relationship == "kepala"
        }
        for h in await _all(db, Household):
            assert heads[h.id].nik == h.head_nik
            assert heads[h.id].name == h.head_name

    async def test_every_nik_kk_and_nip_parses_and_matches_the_person(
        self, seeded: list[str], db: AsyncSession
    ) -> None:
        members = await _all(db, HouseholdMember)
        for m in members:
            nik = parse_nik(m.nik)
            assert (nik.sex, nik.birth_date) == (m.sex, m.birth_date), m.nik
        outside = sum(parse_nik(m.nik).outside_palembang for m in members)
        assert 0 < outside < 0.1 * len(members)
        households = await _all(db, Household)
        for h in households:
            assert parse_kk(h.kk_number).region_prefix == "1671"
            assert h.kk_number[4:6] == h.kecamatan_code[-2:]
        for mentor in await _all(db, Mentor):
            nip = parse_nip(mentor.nip, mentor.employment_type)
            assert (nip.sex, nip.birth_date, nip.appointed_on) == (
                mentor.sex,
                mentor.birth_date,
                mentor.appointed_on,
            )
        assert len({m.nik for m in members}) == len(members)
        assert len({h.kk_number for h in households}) == len(households)

    async def test_kertapati_and_gandus_hold_a_disproportionate_share(
        self, seeded: list[str], db: AsyncSession
    ) -> None:
        households = Counter(h.kecamatan_code for h in await _all(db, Household))
        mentor_homes = Counter(m.kecamatan_code for m in await _all(db, Mentor))
        poor_share = (households[KERTAPATI] + households[GANDUS]) / HOUSEHOLDS
        home_share = (mentor_homes[KERTAPATI] + mentor_homes[GANDUS]) / MENTORS
        assert poor_share > 0.2
        assert poor_share > 2 * home_share
        assert [code for code, _ in households.most_common(2)] == [KERTAPATI, GANDUS]

    async def test_every_place_is_a_real_kelurahan_of_its_kecamatan(
        self, seeded: list[str], db: AsyncSession
    ) -> None:
        kelurahan = {
            r.code: r.parent_code for r in await _all(db, Region) if r.level == "kelurahan"
        }
        for row in [*await _all(db, Household), *await _all(db, Mentor)]:
            assert kelurahan[row.kelurahan_code] == row.kecamatan_code
        for mentor in await _all(db, Mentor):
            if mentor.agency_code.startswith("KEC_"):  # kecamatan staff live where they work
                assert mentor.kecamatan_code.endswith(mentor.agency_code[-2:])

    async def test_categories_come_from_the_shared_vocabularies(
        self, seeded: list[str], db: AsyncSession
    ) -> None:
        for h in await _all(db, Household):
            assert set(h.housing) == set(HOUSING_KEYS)
            assert all(h.housing[k] in HOUSING_VALUES[k] for k in HOUSING_KEYS)
            assert set(h.assistance) <= set(ASSISTANCE_PROGRAMS)
            assert h.extreme_poor
            assert h.desil in (1, 2)
        needs = Counter(n.household_id for n in await _all(db, HouseholdNeed))
        assert all(2 <= n <= 4 for n in needs.values())
        assert len(needs) == HOUSEHOLDS
        assert {n.code for n in await _all(db, HouseholdNeed)} <= set(TAXONOMY)
        competences = await _all(db, MentorCompetency)
        assert {c.code for c in competences} <= set(TAXONOMY)
        assert all(1 <= c.level <= 3 for c in competences)
        assert all(1 <= n <= 4 for n in Counter(c.mentor_id for c in competences).values())

    async def test_competences_follow_the_agency(self, seeded: list[str], db: AsyncSession) -> None:
        agency = {m.id: m.agency_code for m in await _all(db, Mentor)}
        codes = {(agency[c.mentor_id], c.code) for c in await _all(db, MentorCompetency)}
        assert {
            ("DISDIK", "education"),
            ("DINKES", "health"),
            ("DINSOS", "social_protection"),
        } <= codes

    async def test_the_planner_knows_the_loaded_tables(
        self, seeded: list[str], db: AsyncSession, backend: str
    ) -> None:
        """Statistics (and on PostgreSQL the visibility map) are there when the seed ends, so
        the first dashboard request uses the indexes instead of scanning whole tables."""
        if backend == "postgres":
            found = await db.execute(
                text(
                    "SELECT reltuples, relallvisible FROM pg_class "
                    "WHERE relname = 'mentoring_sessions'"
                )
            )
            rows, all_visible = found.one()
            assert rows > 0
            assert all_visible > 0
        else:
            analyzed = await db.scalar(
                text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'mentoring_sessions'")
            )
            assert analyzed
        await db.commit()
        assert any("analyze" in line for line in seeded)  # its time is printed with the rest


class TestApiContract:
    """Seeded rows read back through the API, and a client sends them back: they must validate."""

    async def test_every_household_is_a_valid_create_request(
        self, seeded: list[str], db: AsyncSession
    ) -> None:
        by_household: dict[uuid.UUID, list[dict[str, Any]]] = {}
        for m in await _all(db, HouseholdMember):
            by_household.setdefault(m.household_id, []).append(
                {f: getattr(m, f) for f in MemberCreate.model_fields}
            )
        needs: dict[uuid.UUID, list[str]] = {}
        for n in await _all(db, HouseholdNeed):
            needs.setdefault(n.household_id, []).append(n.code)
        for h in await _all(db, Household):
            fields = set(HouseholdCreate.model_fields) - {"members", "needs", "status"}
            HouseholdCreate.model_validate(
                {f: getattr(h, f) for f in fields}
                | {"members": by_household[h.id], "needs": needs[h.id]}
            )

    async def test_every_mentor_is_a_valid_create_request(
        self, seeded: list[str], db: AsyncSession
    ) -> None:
        competencies: dict[uuid.UUID, list[dict[str, Any]]] = {}
        for c in await _all(db, MentorCompetency):
            competencies.setdefault(c.mentor_id, []).append({"code": c.code, "level": c.level})
        for m in await _all(db, Mentor):
            fields = set(MentorCreate.model_fields) - {"competencies"}
            MentorCreate.model_validate(
                {f: getattr(m, f) for f in fields} | {"competencies": competencies[m.id]}
            )


class TestDemoLogins:
    def test_the_demo_password_passes_the_policy(self) -> None:
        assert password_problems(accounts.DEMO_PASSWORD) == []

    async def test_each_role_signs_in_with_the_printed_password(
        self, seeded: list[str], client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        printed = "\n".join(seeded)
        assert accounts.DEMO_PASSWORD in printed
        roles = {}
        for email in accounts.ALL_EMAILS:
            assert email in printed
            r = await client.post(
                "/api/v1/auth/token",
                data={
                    "grant_type": "password",
                    "username": email,
                    "password": accounts.DEMO_PASSWORD,
                },
            )
            assert r.status_code == 200, (email, r.text)
            me = await client.get(
                "/api/v1/auth/me", headers={"Authorization": f"Bearer {r.json()['access_token']}"}
            )
            roles[email] = me.json()
        assert {me["role"] for me in roles.values()} == {
            "admin",
            "agency_admin",
            "coordinator",
            "mentor",
            "auditor",
        }
        assert roles["opd@bina.demo"]["agency_code"] == "DINSOS"
        assert roles["camat.kertapati@bina.demo"]["region_code"] == KERTAPATI
        mentor = await db.get(Mentor, uuid.UUID(roles[accounts.MENTOR_EMAIL]["mentor_id"]))
        assert mentor is not None
        assert mentor.status == "active"

    async def test_the_camat_sees_the_kertapati_households_through_the_api(
        self, seeded: list[str], client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        token = await client.post(
            "/api/v1/auth/token",
            data={
                "grant_type": "password",
                "username": "camat.kertapati@bina.demo",
                "password": accounts.DEMO_PASSWORD,
            },
        )
        auth = {"Authorization": f"Bearer {token.json()['access_token']}"}
        listed = await client.get(
            "/api/v1/households", params={"limit": 200, "include_total": "true"}, headers=auth
        )
        assert listed.status_code == 200, listed.text
        in_kertapati = [h for h in await _all(db, Household) if h.kecamatan_code == KERTAPATI]
        assert listed.json()["total"] == len(in_kertapati)
        assert {h["kecamatan_code"] for h in listed.json()["items"]} == {KERTAPATI}
        one = await client.get(f"/api/v1/households/{in_kertapati[0].id}", headers=auth)
        assert one.status_code == 200, one.text
        assert one.json()["housing"] == in_kertapati[0].housing


class TestRerun:
    async def test_a_second_run_skips_politely_and_duplicates_nothing(
        self, seeded: list[str], settings: Settings, db: AsyncSession
    ) -> None:
        before = await _snapshot(db)
        printed = await _seed(settings)
        assert printed[0].startswith(demo.ALREADY_PRESENT)
        assert accounts.DEMO_PASSWORD in printed[-1]  # the logins are shown again
        assert await _snapshot(db) == before
        assert len(await _all(db, User)) == len(accounts.ALL_EMAILS)

    async def test_reset_with_the_same_seed_recreates_the_same_city(
        self, seeded: list[str], settings: Settings, db: AsyncSession
    ) -> None:
        before = await _snapshot(db)
        await _seed(settings, reset=True)
        assert await _snapshot(db) == before
        await _seed(settings, seed=SEED + 1, reset=True)
        after = await _snapshot(db)
        assert after != before
        assert len(await _all(db, Household)) == HOUSEHOLDS
        assert len(await _all(db, User)) == len(accounts.ALL_EMAILS)


class TestRefusals:
    async def test_production_is_refused(self, settings: Settings, db: AsyncSession) -> None:
        production = settings.model_copy(update={"env": "production"})
        with pytest.raises(demo.SeedRefused, match="production"):
            await demo.run(production, households=1, mentors=1, seed=1)
        assert await _all(db, Household) == []


class TestSeedCommand:
    ARGS = ("seed", "--demo", "--households", "20", "--mentors", "30")

    def test_seeds_once_then_skips_with_exit_code_zero(
        self, app: FastAPI, settings: Settings, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(cli, "get_settings", lambda: settings)
        runner = CliRunner()
        first = runner.invoke(cli.app, self.ARGS)
        assert first.exit_code == 0, first.output
        assert "Demo city seeded in" in first.output
        again = runner.invoke(cli.app, self.ARGS)
        assert again.exit_code == 0, again.output
        assert demo.ALREADY_PRESENT in again.output
        reset = runner.invoke(cli.app, [*self.ARGS, "--reset"])
        assert reset.exit_code == 0, reset.output
        assert "households         20" in reset.output

    def test_refuses_production_with_exit_code_2(
        self, app: FastAPI, settings: Settings, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        production = settings.model_copy(update={"env": "production"})
        monkeypatch.setattr(cli, "get_settings", lambda: production)
        result = CliRunner().invoke(cli.app, self.ARGS)
        assert result.exit_code == 2
        assert "BINA_ENV=production" in result.output
