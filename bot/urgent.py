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
        """Post what has fallen due by ``now``: at most one page per notice (and per member) a call.

        The page says how long the notice has really waited. After a restart or a clock jump
        several reminders may be due at once: they become one page with the real elapsed time
        (the final line if that is due), not one page per tick that each understate the wait.
        A notice whose member has since deleted their data gets one closing line that points
        to the original notice (the bot can no longer name them), and no more reminders;
        the audit log records why they stopped.
        """
        async with self._uow_factory() as uow:
            candidates = await uow.requests.claim_unanswered(now - self._interval, self._max,
                                                             self._batch)
            posted = 0
            paged: set[str] = set()
            final = self._max + 1
            for request in sorted(candidates, key=lambda r: r.id):
                waited = now - request.created_at
                number = min(int(waited / self._interval), final)
                if number <= request.escalations:
                    continue
                gone = request.member_key is None
                if gone:
                    number = final
                if not await uow.requests.escalate(request.id, request.escalations, number):
                    continue
                if request.member_key is not None and request.member_key in paged:
                    continue  # one page per member (an older notice of theirs was just posted)
                minutes = int(waited / timedelta(minutes=1))
                if gone:
                    notice = staff_notices.deleted_member_stop(request, minutes)
                    await uow.audit.record("urgent_reminders_stopped_member_deleted", now,
                                           subject=request.ref)
                elif number <= self._max:
                    notice = staff_notices.escalation(request, number, self._max, minutes)
                else:
                    notice = staff_notices.unanswered(request, minutes,
                                                      every_reminder=request.escalations == self._max)
                if request.member_key is not None:
                    paged.add(request.member_key)
                await uow.outbox.add(notice, now)
                posted += 1
            await uow.commit()
        if posted:
            log.warning("urgent notices escalated: %d", posted)
