"""The change log behind delta sync: one row per write to a synced table, written by database
triggers (see the sync migration), read by `bina.sync` in commit-safe order."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Index, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column

from bina.models.base import Base

# What a change names: the entity types a phone keeps (members and needs travel inside their
# household, so their writes are logged as a change of the household).
SYNC_TYPES = ("household", "assignment", "mentoring_session", "action_item", "assessment")
_BIGINT_ID = BigInteger().with_variant(Integer, "sqlite")  # SQLite: INTEGER PRIMARY KEY = rowid


class SyncChange(Base):
    __tablename__ = "sync_changes"
    __table_args__ = (
        Index("ix_sync_changes_household", "household_id", "id"),
        Index("ix_sync_changes_mentor", "mentor_id", "id"),
        Index("ix_sync_changes_kelurahan", "kelurahan_code", "id"),
        Index("ix_sync_changes_txid", "txid"),
        Index("ix_sync_changes_changed_at", "changed_at"),
        {"sqlite_autoincrement": True},  # ids never reused, even after the newest are pruned
    )

    id: Mapped[int] = mapped_column(_BIGINT_ID, primary_key=True, autoincrement=True)
    entity_type: Mapped[str] = mapped_column(String(24))
    entity_id: Mapped[uuid.UUID]
    # Scope at the time of the write: the household it hangs off, the mentor of a pair, the
    # household's kelurahan (coordinators), so a deleted row still reaches who held it.
    household_id: Mapped[uuid.UUID | None]
    mentor_id: Mapped[uuid.UUID | None]
    kelurahan_code: Mapped[str | None] = mapped_column(String(13))
    op: Mapped[str] = mapped_column(String(8))  # upsert | delete
    version: Mapped[int | None] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(server_default=func.now())
    # PostgreSQL: the writing transaction's id (pg_current_xact_id(), as bigint); NULL on SQLite,
    # where the single writer makes id order the commit order.
    txid: Mapped[int | None] = mapped_column(BigInteger)


class SyncPrune(Base):
    """Each pruning of the log: changes up to `up_to_id` are gone, older cursors get 410."""

    __tablename__ = "sync_prunes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    up_to_id: Mapped[int] = mapped_column(BigInteger)
    pruned_at: Mapped[datetime] = mapped_column(server_default=func.now())
