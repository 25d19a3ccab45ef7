"""Per-member rate limiting: a sliding window kept in memory, per process."""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta


class RateLimiter:
    def __init__(self, limit: int = 20, window: timedelta = timedelta(minutes=1),
                 max_members: int = 100_000) -> None:
        self._limit = limit
        self._window = window
        self._max_members = max_members
        self._hits: dict[str, deque[datetime]] = {}

    def allow(self, key: str, now: datetime) -> bool:
        """Record one message; False when the member is over the limit (a limit of 0 is off)."""
        if self._limit <= 0:
            return True
        hits = self._hits.get(key)
        if hits is None:
            if len(self._hits) >= self._max_members:
                self._evict(now)
            hits = self._hits[key] = deque()
        while hits and now - hits[0] >= self._window:
            hits.popleft()
        if len(hits) >= self._limit:
            return False
        hits.append(now)
        return True

    def _evict(self, now: datetime) -> None:
        stale = [k for k, h in self._hits.items() if not h or now - h[-1] >= self._window]
        for key in stale:
            del self._hits[key]
        if len(self._hits) >= self._max_members:
            self._hits.clear()
