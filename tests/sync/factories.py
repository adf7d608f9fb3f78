"""Delta sync from a phone's point of view: pull every page, keep what arrived."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

BASE = "/api/v1/sync"
Headers = dict[str, str]


@dataclass
class Phone:
    """A mentor's phone: its sign-in, its cursor, and what the last sync brought."""

    headers: Headers
    cursor: str | None = None
    received: list[dict[str, Any]] = field(default_factory=list)

    async def sync(
        self, client: httpx.AsyncClient, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Pull until nothing more is waiting; return every entry received."""
        self.received = []
        while True:
            params: dict[str, Any] = {} if limit is None else {"limit": limit}
            if self.cursor is not None:
                params["cursor"] = self.cursor
            r = await client.get(BASE, params=params, headers=self.headers)
            assert r.status_code == 200, r.text
            page = r.json()
            self.received += page["items"]
            self.cursor = page["next_cursor"]
            if not page["has_more"]:
                return self.received

    def upserts(self, entity_type: str) -> dict[str, dict[str, Any]]:
        return {
            e["id"]: e["data"]
            for e in self.received
            if e["type"] == entity_type and e["op"] == "upsert"
        }

    def deleted(self) -> set[tuple[str, str]]:
        return {(e["type"], e["id"]) for e in self.received if e["op"] == "delete"}

    def ids(self) -> set[tuple[str, str]]:
        return {(e["type"], e["id"]) for e in self.received}
