"""Cursors are opaque and tamper-proof: what the server signed comes back intact, anything else
is refused with 400 (InvalidCursor), and keyset pages continue exactly after the last row."""

from __future__ import annotations

import string
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Column, DateTime, MetaData, Table, Uuid, create_engine, insert, select

from bina.errors import InvalidCursor
from bina.kit.pagination import (
    PageParams,
    SortKey,
    apply_keyset,
    decode_cursor,
    encode_cursor,
    next_cursor,
)

ID = uuid.UUID("3f2b8f7e-1c1d-4d2e-9a43-6f8a2b7c9d10")
WHEN = datetime(2026, 3, 1, 8, 30, 15, 123456, tzinfo=UTC)

things = Table(
    "things",
    MetaData(),
    Column("id", Uuid, primary_key=True),
    Column("created_at", DateTime(timezone=True)),
)
CREATED = SortKey("created_at", things.c.created_at, datetime)


def _flip(text: str, at: int) -> str:
    return text[:at] + ("A" if text[at] != "A" else "B") + text[at + 1 :]


class TestCursorRoundTrip:
    def test_what_was_encoded_comes_back(self) -> None:
        cursor = encode_cursor({"s": "-created_at", "k": [WHEN.isoformat(), str(ID)]})
        assert decode_cursor(cursor, sort="-created_at") == [WHEN.isoformat(), str(ID)]

    def test_is_url_safe_and_opaque(self) -> None:
        cursor = encode_cursor({"s": "name", "k": ["Siti Aminah", str(ID)]})
        assert set(cursor) <= set(string.ascii_letters + string.digits + "-_.")
        assert "Siti" not in cursor

    def test_next_cursor_trims_the_extra_row_and_points_after_the_last_kept(self) -> None:
        rows = [(WHEN, uuid.uuid4()) for _ in range(3)]
        kept, cursor = next_cursor(
            rows,
            params=PageParams(limit=2, cursor=None, include_total=False),
            sort_name="created_at",
            key_of=lambda r: r,
        )
        assert list(kept) == rows[:2]
        assert cursor is not None
        assert decode_cursor(cursor, sort="created_at") == [WHEN.isoformat(), str(rows[1][1])]

    def test_no_cursor_on_the_last_page(self) -> None:
        rows = [(WHEN, ID)]
        params = PageParams(limit=1, cursor=None, include_total=False)
        kept, cursor = next_cursor(rows, params=params, sort_name="x", key_of=lambda r: r)
        assert (list(kept), cursor) == (rows, None)

    @pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
    def test_pages_visit_every_row_once_in_order_even_with_ties(self, descending: bool) -> None:
        engine = create_engine("sqlite://")
        things.metadata.create_all(engine)
        # Three rows share a timestamp: the id breaks the tie, so no page skips or repeats one.
        times = [WHEN, WHEN, WHEN, WHEN + timedelta(seconds=1), WHEN - timedelta(days=1)]
        rows = [(t, uuid.uuid4()) for t in times + times]
        with engine.begin() as conn:
            conn.execute(insert(things), [{"created_at": t, "id": i} for t, i in rows])
        sort = "-created_at" if descending else "created_at"
        seen: list[uuid.UUID] = []
        cursor = None
        with engine.connect() as conn:
            for _ in range(len(rows)):
                params = PageParams(limit=3, cursor=cursor, include_total=False)
                stmt = apply_keyset(
                    select(things.c.created_at, things.c.id),
                    key=CREATED,
                    descending=descending,
                    id_column=things.c.id,
                    params=params,
                    sort_name=sort,
                )
                page = [(t.replace(tzinfo=UTC), i) for t, i in conn.execute(stmt)]
                kept, cursor = next_cursor(page, params=params, sort_name=sort, key_of=lambda r: r)
                seen.extend(i for _, i in kept)
                if cursor is None:
                    break
        expected = [i for _, i in sorted(rows, reverse=descending)]
        assert seen == expected


class TestTampering:
    def test_a_changed_payload_is_refused(self) -> None:
        cursor = encode_cursor({"s": "-id", "k": [1000]})
        with pytest.raises(InvalidCursor):
            decode_cursor(_flip(cursor, 3), sort="-id")

    def test_a_changed_signature_is_refused(self) -> None:
        cursor = encode_cursor({"s": "-id", "k": [1000]})
        with pytest.raises(InvalidCursor):
            decode_cursor(_flip(cursor, len(cursor) - 3), sort="-id")

    def test_a_cursor_of_another_listing_is_refused(self) -> None:
        cursor = encode_cursor({"s": "created_at", "k": [WHEN.isoformat(), str(ID)]})
        with pytest.raises(InvalidCursor):
            decode_cursor(cursor, sort="-created_at")

    @pytest.mark.parametrize("garbage", ["", ".", "abc", "abc.def", "e30.", "%%.%%", "é.é"])
    def test_garbage_is_refused(self, garbage: str) -> None:
        with pytest.raises(InvalidCursor):
            decode_cursor(garbage, sort="-id")

    @pytest.mark.parametrize(
        "keys",
        [["not-a-date", str(ID)], [WHEN.isoformat(), "not-a-uuid"], [WHEN.isoformat()], [1, 2]],
    )
    def test_signed_but_unusable_keys_are_refused_by_apply_keyset(self, keys: list[object]) -> None:
        cursor = encode_cursor({"s": "created_at", "k": keys})
        with pytest.raises(InvalidCursor):
            apply_keyset(
                select(things),
                key=CREATED,
                descending=False,
                id_column=things.c.id,
                params=PageParams(limit=10, cursor=cursor, include_total=False),
                sort_name="created_at",
            )

    def test_invalid_cursor_is_a_400(self) -> None:
        assert InvalidCursor("x").status == 400
