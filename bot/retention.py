"""Retention: forgetting processed platform event ids once no retry can bring them back.

Event ids are kept only to recognise a platform's retries and replays; a day is far
beyond any platform's retry window. The purge deletes older ids in bounded batches,
each its own short transaction, so it never holds locks for long on a big table.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.ports import UnitOfWorkFactory

log = logging.getLogger("frontdoor.retention")

EVENT_RETENTION = timedelta(days=1)


@dataclass(slots=True)
class ProcessedEventsPurge:
    uow_factory: UnitOfWorkFactory
    retention: timedelta = EVENT_RETENTION
    batch: int = 1000
    max_batches: int = 100  # per run; the rest waits for the next run
    last_purged: int = 0

    async def run_due(self, now: datetime) -> None:
        before = now - self.retention
        total = 0
        for _ in range(self.max_batches):
            async with self.uow_factory() as uow:
                count = await uow.events.purge(before, self.batch)
                await uow.commit()
            total += count
            if count < self.batch:
                break
        self.last_purged = total
        if total:
            log.info("purged %d processed event ids older than %s", total, before.isoformat())
