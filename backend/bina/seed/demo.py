"""The synthetic demo city (placeholder until the full-scale generator lands)."""

from __future__ import annotations

from bina.config import Settings


async def run(settings: Settings, *, households: int, mentors: int, seed: int) -> None:
    raise NotImplementedError("the demo seed is being written")
