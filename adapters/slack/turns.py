"""How many core turns run at once after Slack has been answered, and which never wait.

Bolt acknowledges at once and runs every listener in the background, so a burst of
events would otherwise start a burst of store transactions: on SQLite they queue on
the write lock (and time out), on PostgreSQL they drain the connection pool, and on
either they crowd the event loop that has to answer Slack within 3 seconds. So at
most ``limit`` turns run together and the rest wait their turn, in arrival order.

A message that may be a crisis never waits: it is recognised with the core's own
detector (the core decides again, and alone, what to answer) and goes straight in.
"""

from __future__ import annotations

import asyncio

from bot.core import Core
from bot.messages import Inbound, MemberRef, Outcome


class TurnGate:
    def __init__(self, core: Core, limit: int) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self._core = core
        self._slots = asyncio.Semaphore(limit)

    def urgent(self, message: Inbound) -> bool:
        """May this be a crisis? Then it must not queue behind anyone."""
        return bool(message.text) and self._core.services.detector.assess(message.text or "").at_risk

    async def bookings_view(self, member: MemberRef) -> Outcome:
        """Read-only: the member's bookings for the Home tab."""
        async with self._slots:
            return await self._core.bookings_view(member)

    async def handle(self, message: Inbound) -> Outcome:
        if self.urgent(message):
            return await self._core.handle(message)
        async with self._slots:
            return await self._core.handle(message)
