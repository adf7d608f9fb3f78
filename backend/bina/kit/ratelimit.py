"""Fixed-window rate limiter: counters in Redis when BINA_REDIS_URL is set, in memory otherwise."""

from __future__ import annotations

import time
from typing import Protocol

from redis.asyncio import Redis


class RateLimiter(Protocol):
    async def hit(self, key: str, limit: int, window_s: int) -> int | None:
        """Count one hit; return seconds to wait when over `limit`, else None."""

    async def reset(self, key: str) -> None: ...


class MemoryRateLimiter:
    def __init__(self) -> None:
        self._windows: dict[str, tuple[int, int]] = {}

    async def hit(self, key: str, limit: int, window_s: int) -> int | None:
        now = int(time.time())
        window = now - now % window_s
        start, count = self._windows.get(key, (window, 0))
        if start != window:
            start, count = window, 0
        count += 1
        self._windows[key] = (start, count)
        if len(self._windows) > 100_000:  # forget old windows; memory stays bounded
            self._windows = {k: v for k, v in self._windows.items() if v[0] == window}
        return (start + window_s - now) or 1 if count > limit else None

    async def reset(self, key: str) -> None:
        self._windows.pop(key, None)


class RedisRateLimiter:
    """Shared by every API replica, so a limit holds however many processes serve the city."""

    def __init__(self, url: str) -> None:
        self._redis = Redis.from_url(url)

    async def hit(self, key: str, limit: int, window_s: int) -> int | None:
        now = int(time.time())
        window = now - now % window_s
        rkey = f"bina:rl:{key}:{window}"
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(rkey)
            pipe.expire(rkey, window_s)
            count, _ = await pipe.execute()
        return (window + window_s - now) or 1 if int(count) > limit else None

    async def reset(self, key: str) -> None:
        keys = [k async for k in self._redis.scan_iter(f"bina:rl:{key}:*")]
        if keys:
            await self._redis.delete(*keys)

    async def close(self) -> None:
        await self._redis.aclose()
