"""Due work: the scheduler, the hourly gate, the processed-events purge, the relay's order."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.domain import Notice, OutboxItem
from bot.ports import StoreUnavailable
from bot.ratelimit import RateLimiter
from bot.relay import OutboxRelay
from bot.retention import ProcessedEventsPurge
from bot.scheduler import Call, Every, Scheduler
from storage.tables import outbox, processed_events
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.fakes import FakeClock, FakeStore

NOW = datetime(2027, 1, 4, 12, 0, tzinfo=UTC)


class Recorder:
    def __init__(self, name: str, log: list[str], fail: Exception | None = None) -> None:
        self.name, self.log, self.fail = name, log, fail

    async def run_due(self, now: datetime) -> None:
        self.log.append(f"{self.name}@{now:%H:%M}")
        if self.fail is not None:
            raise self.fail


async def test_jobs_run_in_order_and_one_failing_stops_none() -> None:
    log: list[str] = []
    scheduler = Scheduler([Recorder("a", log, StoreUnavailable("down")), Recorder("b", log, ValueError()),
                           Recorder("c", log)])
    await scheduler.run_due(NOW)
    assert log == ["a@12:00", "b@12:00", "c@12:00"]


async def test_every_runs_at_most_once_an_interval() -> None:
    log: list[str] = []
    hourly = Every(Recorder("purge", log), timedelta(hours=1))
    for minutes in (0, 30, 59, 60, 61, 150):
        await hourly.run_due(NOW + timedelta(minutes=minutes))
    assert log == ["purge@12:00", "purge@13:00", "purge@14:30"]


async def test_call_wraps_a_coroutine_function() -> None:
    calls: list[int] = []

    async def retry() -> int:
        calls.append(1)
        return 0
    await Scheduler([Call(retry)]).run_due(NOW)
    assert calls == [1]


async def test_purge_forgets_old_event_ids_in_bounded_batches() -> None:
    store = FakeStore()
    async with store() as uow:
        for n in range(25):
            await uow.events.record(f"old{n}", NOW - timedelta(days=2))
        await uow.events.record("recent", NOW - timedelta(hours=23))
        await uow.commit()
    purge = ProcessedEventsPurge(store, batch=10, max_batches=2)
    await purge.run_due(NOW)
    assert purge.last_purged == 20 and len(store.data.events) == 6  # bounded: the rest next time
    await purge.run_due(NOW)
    assert purge.last_purged == 5 and set(store.data.events) == {"recent"}
    async with store() as uow:  # a forgotten id would be new again; a recent one is still known
        assert await uow.events.record("recent", NOW) is False


async def test_purge_on_the_real_store(sql_uow: SqlUnitOfWorkFactory) -> None:
    async with sql_uow() as uow:
        for n in range(30):
            await uow.events.record(f"ev{n}", NOW - timedelta(days=1, minutes=n + 1))
        await uow.events.record("fresh", NOW - timedelta(minutes=5))
        await uow.commit()
    purge = ProcessedEventsPurge(sql_uow, batch=7)
    await purge.run_due(NOW)
    assert purge.last_purged == 30
    async with sql_uow.engine.connect() as conn:
        assert (await conn.execute(select(func.count()).select_from(processed_events))).scalar_one() == 1
    async with sql_uow() as uow:
        assert await uow.events.record("fresh", NOW) is False
        assert await uow.events.record("ev3", NOW) is True


class CheckingNotifier:
    """Records, at the moment of delivery, whether the store already calls the row sent."""

    def __init__(self, sql_uow: SqlUnitOfWorkFactory) -> None:
        self.sql_uow = sql_uow
        self.sent_at_delivery: list[object] = []

    async def deliver(self, item: OutboxItem, earlier: Sequence[OutboxItem] = ()) -> None:
        async with self.sql_uow.engine.connect() as conn:
            sent = (await conn.execute(select(outbox.c.sent_at).where(outbox.c.id == item.id))).scalar_one()
        self.sent_at_delivery.append(sent)


async def test_every_relay_delivers_before_marking_sent(sql_uow: SqlUnitOfWorkFactory) -> None:
    """The relay all adapters share (Slack, Discord, console) delivers, then marks sent."""
    clock = FakeClock(NOW)
    async with sql_uow() as uow:
        for platform in ("slack", "discord", "console"):
            await uow.outbox.add(Notice("staff", "booking", f"{platform} notice", f"{platform}:u1"), NOW)
        await uow.commit()
    for platform in ("slack", "discord", "console"):
        notifier = CheckingNotifier(sql_uow)
        relay = OutboxRelay(sql_uow, notifier, clock, platform=platform)
        assert await relay.run_once() == 1
        assert notifier.sent_at_delivery == [None]
    async with sql_uow.engine.connect() as conn:
        assert (await conn.execute(select(func.count()).select_from(outbox)
                                   .where(outbox.c.sent_at.is_(None)))).scalar_one() == 0


async def test_a_relay_that_settles_later_marks_nothing_until_told(sql_uow: SqlUnitOfWorkFactory) -> None:
    clock = FakeClock(NOW)
    async with sql_uow() as uow:
        await uow.outbox.add(Notice("staff", "booking", "n1", "console:u1"), NOW)
        await uow.commit()
    notifier = CheckingNotifier(sql_uow)
    relay = OutboxRelay(sql_uow, notifier, clock, platform="console", settle_later=True)
    assert await relay.drain() == 1
    assert await relay.drain() == 0  # leased to this relay: not delivered twice meanwhile
    async with sql_uow.engine.connect() as conn:
        assert (await conn.execute(select(outbox.c.sent_at))).scalar_one() is None
    assert await relay.settle() == 1
    async with sql_uow.engine.connect() as conn:
        assert (await conn.execute(select(outbox.c.sent_at))).scalar_one() is not None


def test_a_rate_limit_of_zero_is_off() -> None:
    limiter = RateLimiter(0)
    assert all(limiter.allow("console:u1", NOW) for _ in range(500))
    limited = RateLimiter(2)
    assert [limited.allow("console:u1", NOW) for _ in range(3)] == [True, True, False]
