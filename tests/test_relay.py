"""The outbox relay over fakes: retries with backoff, delivers each notice once."""

from __future__ import annotations

from bot.domain import Notice
from bot.ports import DeliveryError
from bot.relay import OutboxRelay
from tests.fakes import FakeClock, FakeStore, RecordingNotifier


async def _queue(store: FakeStore, clock: FakeClock, count: int = 1) -> None:
    async with store() as uow:
        for n in range(count):
            await uow.outbox.add(Notice("staff", "booking", f"notice {n}", "console:u1"), clock.now())
        await uow.commit()


async def test_fails_twice_then_delivers_once(clock: FakeClock) -> None:
    store = FakeStore()
    await _queue(store, clock)
    notifier = RecordingNotifier([DeliveryError("HTTP 500"), DeliveryError("HTTP 429", retry_after=7)])
    relay = OutboxRelay(store, notifier, clock, platform="console", base_backoff=1.0)
    assert await relay.run_once() == 0
    assert await relay.run_once() == 0  # not due yet: backing off
    clock.advance(seconds=1)
    assert await relay.run_once() == 0  # second failure, Retry-After 7 s
    clock.advance(seconds=6)
    assert await relay.run_once() == 0
    clock.advance(seconds=1)
    assert await relay.run_once() == 1
    clock.advance(hours=1)
    assert await relay.run_once() == 0
    assert [i.notice.text for i in notifier.delivered] == ["notice 0"]
    assert notifier.attempts == 3


def test_backoff_grows_and_is_capped() -> None:
    relay = OutboxRelay(FakeStore(), RecordingNotifier(), FakeClock(), platform="console", base_backoff=1, max_backoff=60)
    assert [relay.backoff(n, None) for n in (1, 2, 3, 4, 10)] == [1, 2, 4, 8, 60]
    assert relay.backoff(1, 30) == 30


async def test_crash_after_claim_loses_nothing(clock: FakeClock) -> None:
    store = FakeStore()
    await _queue(store, clock, 3)
    async with store() as uow:  # a relay claims, then dies before delivering
        claimed = await uow.outbox.claim_due(clock.now(), 10, 60, "console")
        await uow.commit()
    assert len(claimed) == 3
    notifier = RecordingNotifier()
    relay = OutboxRelay(store, notifier, clock, platform="console")
    assert await relay.run_once() == 0  # still leased to the dead relay
    clock.advance(seconds=61)
    assert await relay.run_once() == 3
    assert sorted(i.notice.text for i in notifier.delivered) == ["notice 0", "notice 1", "notice 2"]
