"""The outbox relay: delivers one platform's stored notices at least once, with backoff.

Deliver first, then mark sent: a relay that dies in between leaves the row leased,
and once the lease runs out any relay delivers it again (a rare duplicate, never a
loss). With ``settle_later`` (JSON-lines mode, where "delivered" means "written in
the output line") rows are marked sent only by :meth:`OutboxRelay.settle`, called
after the line carrying them is written.

The platform's id of a posted message (returned by the notifier) is recorded with
its row when the row is marked sent. An "urgent_taken" notice is handed the
recorded messages of its reference (the notice and each escalation repost), so
whichever process delivers it, after any restart, can mark them all taken.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.domain import OutboxItem
from bot.ports import (
    Clock,
    DeliveryError,
    Notifier,
    StoreUnavailable,
    UnitOfWorkFactory,
)

log = logging.getLogger("frontdoor.relay")

TAKEN = "urgent_taken"  # the kind of notice that says who took an urgent notice


class OutboxRelay:
    def __init__(self, uow_factory: UnitOfWorkFactory, notifier: Notifier, clock: Clock, *,
                 platform: str, batch: int = 20, lease_seconds: float = 60.0,
                 base_backoff: float = 1.0, max_backoff: float = 300.0,
                 settle_later: bool = False) -> None:
        self._platform = platform
        self._settle_later = settle_later
        self._unsettled: list[tuple[int, str | None]] = []
        self._uow_factory = uow_factory
        self._notifier = notifier
        self._clock = clock
        self._batch = batch
        self._lease = lease_seconds
        self._base = base_backoff
        self._max = max_backoff

    def backoff(self, attempts: int, retry_after: float | None) -> float:
        """Seconds to wait after the ``attempts``-th failure (exponential, capped)."""
        wait: float = min(self._max, self._base * (2 ** max(0, attempts - 1)))
        return max(wait, retry_after or 0.0)

    async def run_once(self) -> int:
        """Claim due notices, deliver them, record the outcome. Returns how many were delivered."""
        async with self._uow_factory() as uow:
            items = await uow.outbox.claim_due(self._clock.now(), self._batch, self._lease,
                                               self._platform)
            await uow.commit()
        delivered = 0
        for item in items:
            earlier = await self._earlier(item)
            try:
                message_id = await self._notifier.deliver(item, earlier)
            except DeliveryError as err:
                wait = self.backoff(item.attempts + 1, err.retry_after)
                log.warning("notice %s not delivered (attempt %s): %s; retry in %.1fs",
                            item.id, item.attempts + 1, err, wait)
                async with self._uow_factory() as uow:
                    await uow.outbox.mark_failed(item.id, self._clock.now() + timedelta(seconds=wait),
                                                 str(err)[:200])
                    await uow.commit()
                continue
            if self._settle_later:
                self._unsettled.append((item.id, message_id))
            else:
                async with self._uow_factory() as uow:
                    await uow.outbox.mark_sent(item.id, self._clock.now(), message_id)
                    await uow.commit()
            delivered += 1
        return delivered

    async def settle(self) -> int:
        """Mark sent what was delivered since the last call (``settle_later`` relays)."""
        ids, self._unsettled = self._unsettled, []
        if ids:
            async with self._uow_factory() as uow:
                now = self._clock.now()
                for item_id, message_id in ids:
                    await uow.outbox.mark_sent(item_id, now, message_id)
                await uow.commit()
        return len(ids)

    async def _earlier(self, item: OutboxItem) -> list[OutboxItem]:
        """The delivered notices an "urgent_taken" notice marks taken (none for any other)."""
        notice = item.notice
        if notice.kind != TAKEN or not notice.ref:
            return []
        async with self._uow_factory() as uow:
            return await uow.outbox.posted(notice.ref, notice.platform)

    async def run_due(self, now: datetime) -> None:
        """Due work for the scheduler: deliver whatever is due."""
        await self.drain()

    async def drain(self, rounds: int = 5) -> int:
        """Deliver whatever is due now (used after each console turn)."""
        total = 0
        for _ in range(rounds):
            count = await self.run_once()
            total += count
            if count == 0:
                break
        return total

    async def run_forever(self, stop: asyncio.Event, interval: float = 1.0,
                          before_round: Callable[[], Awaitable[object]] | None = None) -> None:
        """Relay until ``stop``; ``before_round`` runs first each round (e.g. storing
        notices the core kept while the store was down)."""
        while not stop.is_set():
            try:
                if before_round is not None:
                    await before_round()
                await self.run_once()
            except StoreUnavailable:
                log.error("outbox relay: store unavailable; will retry")
            except Exception:  # keep relaying whatever one round did
                log.exception("outbox relay round failed")
            try:
                await asyncio.wait_for(stop.wait(), timeout=interval)
            except TimeoutError:
                pass
