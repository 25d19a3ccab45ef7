"""Escalating urgent notices nobody has taken.

An URGENT notice (crisis, urgent handoff) opens a staff request with a reference
(``U-XXXX``). Until someone acknowledges it, :class:`UrgentEscalation` posts it again
with the on-call mention every ``escalate_minutes`` (counted from the notice), at most
``max_escalations`` times, then one final "still unanswered" line. It is due work
(``run_due(now)``, run by the scheduler): every escalation is written in one
transaction with its outbox row, on rows claimed with SKIP LOCKED, so several
processes on one PostgreSQL post each escalation exactly once, and a restart loses
nothing (the count lives in the store).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot import staff_notices
from bot.ports import UnitOfWorkFactory

log = logging.getLogger("frontdoor.urgent")


class UrgentEscalation:
    def __init__(self, uow_factory: UnitOfWorkFactory, *, escalate_minutes: int = 10,
                 max_escalations: int = 3, batch: int = 50) -> None:
        if escalate_minutes < 1:
            raise ValueError("escalate_minutes must be at least 1")
        self._uow_factory = uow_factory
        self._interval = timedelta(minutes=escalate_minutes)
        self._minutes = escalate_minutes
        self._max = max_escalations
        self._batch = batch

    async def run_due(self, now: datetime) -> None:
        """Post every escalation that has fallen due by ``now`` (at most one per notice per call)."""
        async with self._uow_factory() as uow:
            candidates = await uow.requests.claim_unanswered(now - self._interval, self._max,
                                                             self._batch)
            posted = 0
            for request in candidates:
                number = request.escalations + 1
                if request.created_at + self._interval * number > now:
                    continue
                if not await uow.requests.escalate(request.id, request.escalations):
                    continue
                minutes = self._minutes * number
                if number <= self._max:
                    notice = staff_notices.escalation(request, number, self._max, minutes)
                else:
                    notice = staff_notices.unanswered(request, minutes)
                await uow.outbox.add(notice, now)
                posted += 1
            await uow.commit()
        if posted:
            log.warning("urgent notices escalated: %d", posted)
