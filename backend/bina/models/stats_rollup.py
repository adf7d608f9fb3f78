"""What the statistics read instead of scanning the whole history: one narrow row per household and
its activity per month, kept exact by database triggers (see the stats_rollups migrations)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import cast

from sqlalchemy import ForeignKey, Index, Integer, SmallInteger, String, Table, text
from sqlalchemy.orm import Mapped, mapped_column

from bina.models.assignment import Assignment
from bina.models.base import Base
from bina.models.household_status_change import HouseholdStatusChange
from bina.models.mentor import Mentor
from bina.models.mentoring_session import MentoringSession

# The months of the visit rollup are the city's wall-clock months (WIB, UTC+7 all year round):
# the triggers compute them with this zone, the statistics ask for them by their label.
ROLLUP_TIME_ZONE = "Asia/Jakarta"


class StatsHousehold(Base):
    """A household as the statistics count it: where it is, its status, its active assignment and
    the mentor's agency, and its latest visit (a session not rejected). Rewritten by triggers on
    households, assignments, mentoring_sessions and mentors whenever one of those changes."""

    # No index but the key: ~10,000 narrow rows read whole cost less than an index walk, and an
    # index on kecamatan led SQLite to probe every household's sessions instead of the reverse.
    __tablename__ = "stats_households"

    household_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("households.id", ondelete="CASCADE"), primary_key=True
    )
    kelurahan_code: Mapped[str] = mapped_column(String(13))
    kecamatan_code: Mapped[str] = mapped_column(String(13))
    status: Mapped[str] = mapped_column(String(20))
    assignment_id: Mapped[uuid.UUID | None]  # the active assignment, if any
    agency_code: Mapped[str | None] = mapped_column(String(32))  # its mentor's agency
    mentored_since: Mapped[datetime | None]  # the active assignment's started_at
    last_visit_at: Mapped[datetime | None]


class StatsVisitMonth(Base):
    """A household's activity in one month (city time) by one agency's mentors: visits (sessions
    not rejected), assessments (agency '' when assessed without a mentor), assignments started;
    with the household's place. `is_first` is 1 on exactly one row with visits per household
    and month, so households visited in a month is a sum, not a COUNT(DISTINCT)."""

    __tablename__ = "stats_visit_months"
    __table_args__ = (
        Index("ix_stats_visit_months_kecamatan", "kecamatan_code", "month"),
        Index("ix_stats_visit_months_agency", "agency_code", "month"),
        {"sqlite_with_rowid": False},  # rows in key order: months are read in one range
    )

    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM, city time
    household_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("households.id", ondelete="CASCADE"), primary_key=True
    )
    agency_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    kelurahan_code: Mapped[str] = mapped_column(String(13))
    kecamatan_code: Mapped[str] = mapped_column(String(13))
    sessions: Mapped[int] = mapped_column(Integer)
    is_first: Mapped[int] = mapped_column(SmallInteger)
    assessments: Mapped[int] = mapped_column(Integer)
    assignments_started: Mapped[int] = mapped_column(Integer)


# Indexes the statistics need on other domains' tables, declared here so the migration that
# makes them and the models agree (tests/test_migrations.py compares the two).
_VISITS = text("status <> 'rejected'")
# SQLite matches a partial index by its terms as the query writes them (a Boolean is `= 1`).
_FLAGGED = text("flagged AND status = 'submitted'")
_FLAGGED_SQLITE = text("flagged = 1 AND status = 'submitted'")
Index(
    "ix_household_status_history_to_status",
    cast(Table, HouseholdStatusChange.__table__).c.to_status,
    cast(Table, HouseholdStatusChange.__table__).c.changed_at,
)
Index(
    "ix_mentoring_sessions_flagged_pending",
    # status first: SQLite then searches this small index instead of the index on status alone
    cast(Table, MentoringSession.__table__).c.status,
    cast(Table, MentoringSession.__table__).c.household_id,
    cast(Table, MentoringSession.__table__).c.mentor_id,
    postgresql_where=_FLAGGED,
    sqlite_where=_FLAGGED_SQLITE,
)
Index(
    "ix_assignments_started",
    cast(Table, Assignment.__table__).c.started_at,
    cast(Table, Assignment.__table__).c.household_id,
    cast(Table, Assignment.__table__).c.mentor_id,
)
Index(
    "ix_mentors_stats",
    cast(Table, Mentor.__table__).c.status,
    cast(Table, Mentor.__table__).c.agency_code,
    cast(Table, Mentor.__table__).c.kecamatan_code,
    cast(Table, Mentor.__table__).c.kelurahan_code,
    cast(Table, Mentor.__table__).c.id,
)
