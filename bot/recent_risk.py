"""A short in-memory memory of each member's last risk-relevant message, for context across turns.

The crisis check runs before any store access, so the context it needs from the
previous message ("I lost my brother to suicide ..." then "sometimes I think about
joining him") is kept here, in the process, like the check-in memory in
``bot.checkins``: the kind of the last risky turn and when, for ``WINDOW``. Nothing
of the text is kept. It is per process: with several replicas, a follow-up that
lands on another one is judged on its own (most such follow-ups still reach the
distress check-in, and a plan is at risk on its own); a restart forgets it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final, Literal

WINDOW: Final = timedelta(minutes=30)
MAX_REMEMBERED: Final = 10_000
Context = Literal["loss", "risk", "crisis"]  # "crisis": an at-risk message (the crisis reply)


class RecentRisk:
    def __init__(self) -> None:
        self._seen: dict[str, tuple[Context, datetime]] = {}

    def note(self, member_key: str, context: Context, now: datetime) -> None:
        self._seen.pop(member_key, None)
        self._seen[member_key] = (context, now)
        while len(self._seen) > MAX_REMEMBERED:
            self._seen.pop(next(iter(self._seen)))

    def noted_at(self, member_key: str) -> datetime | None:
        """When the member's last risky message was (a check-in, a crisis reply), if remembered."""
        seen = self._seen.get(member_key)
        return None if seen is None else seen[1]

    def recent(self, member_key: str, now: datetime) -> Context | None:
        """The context of the member's last risky message within ``WINDOW``, or None."""
        seen = self._seen.get(member_key)
        if seen is None:
            return None
        if now - seen[1] > WINDOW:
            self._seen.pop(member_key, None)
            return None
        return seen[0]
