"""`bina seed --demo`: a fully synthetic Palembang (households, ASN mentors, demo logins, and six
months of matching, visits, assessments and graduations), fast.

Rows are generated in memory from `random.Random(seed)` and written with Core executemany in
one transaction, so a failed seed leaves nothing behind. The same seed, sizes and `as_of` day give
the same rows (ids included); only the password hash differs (argon2 salts itself).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

from bina.config import Settings
from bina.db import create_engine
from bina.security.passwords import hash_password
from bina.seed import accounts, store
from bina.seed.households import generate_households
from bina.seed.mentors import generate_mentors
from bina.seed.story import tell
from bina.seed.summary import DemoReport, count_by_kecamatan, login_table, render
from bina.seed.timing import Phases
from bina.stats import rollups

ALREADY_PRESENT = "demo data already present, skipping"


class SeedRefused(Exception):
    """The seed will not run with these settings; the message says why."""


async def run(
    settings: Settings,
    *,
    households: int,
    mentors: int,
    seed: int,
    reset: bool = False,
    as_of: date | None = None,
    echo: Callable[[str], None] = print,
) -> DemoReport | None:
    """Seed the demo city and print a summary; None (and a notice) when data is already there."""
    started = time.perf_counter()
    if settings.env == "production":
        raise SeedRefused("the synthetic demo city is never seeded with BINA_ENV=production")
    if households < 0 or mentors < 0:
        raise SeedRefused("--households and --mentors cannot be negative")
    as_of = as_of or date.today()
    phases = Phases()
    engine = create_engine(settings)
    try:
        async with engine.begin() as conn:
            await store.lock_for_seeding(conn)
            if not reset and await store.data_present(conn):
                present = await store.demo_logins_present(conn, accounts.ALL_EMAILS)
                echo(f"{ALREADY_PRESENT} (bina seed --demo --reset replaces it)")
                if logins := [x for x in _all_logins() if x.email in present]:
                    echo(login_table(logins))
                return None
            # Also drops demo accounts left without data (e.g. households deleted by hand).
            await store.delete_demo_data(conn)
            async with rollups.paused(conn, phases.step):
                with phases.step("generate households and mentors"):
                    household_rows = generate_households(seed, households, as_of)
                    mentor_rows = generate_mentors(seed, mentors, as_of)
                    logins = accounts.demo_logins(mentor_rows.mentors)
                    users = accounts.user_rows(
                        seed,
                        logins,
                        mentor_rows.mentors,
                        hash_password(accounts.DEMO_PASSWORD),
                        as_of,
                    )
                with phases.step("insert them"):
                    await store.insert_rows(conn, "households", household_rows.households)
                    await store.insert_rows(conn, "household_members", household_rows.members)
                    await store.insert_rows(conn, "household_needs", household_rows.needs)
                    await store.insert_rows(conn, "mentors", mentor_rows.mentors)
                    await store.insert_rows(conn, "mentor_competencies", mentor_rows.competencies)
                    await store.insert_rows(conn, "users", users)
                base_seconds = time.perf_counter() - started
                echo(f"base data in {base_seconds:.1f} s; matching the city ...")
                story = await tell(conn, seed, as_of, household_rows, users, phases)
        with phases.step("analyze"):
            await store.analyze(engine)
    finally:
        await engine.dispose()
    pns = sum(m["employment_type"] == "PNS" for m in mentor_rows.mentors)
    report = DemoReport(
        households=len(household_rows.households),
        members=len(household_rows.members),
        needs=len(household_rows.needs),
        mentors_pns=pns,
        mentors_pppk=len(mentor_rows.mentors) - pns,
        competencies=len(mentor_rows.competencies),
        households_by_kecamatan=count_by_kecamatan(household_rows.households),
        mentors_by_kecamatan=count_by_kecamatan(mentor_rows.mentors),
        logins=tuple(logins),
        story=story,
        base_seconds=base_seconds,
        seconds=time.perf_counter() - started,
        phases=phases.render(),
    )
    echo(render(report))
    return report


def _all_logins() -> list[accounts.DemoLogin]:
    """Every demo login with a generic mentor line (used when the data is already there)."""
    mentor = accounts.DemoLogin(accounts.MENTOR_EMAIL, "mentor", "Demo mentor", "own households")
    return [*accounts.FIXED_LOGINS[:3], mentor, *accounts.FIXED_LOGINS[3:]]
