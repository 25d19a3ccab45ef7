"""Reminder ticks on the real store (SQLite, or PostgreSQL when DATABASE_URL points at it):
a tick's fan-out is one batched outbox insert, and batching keeps every reminder exactly
once: several schedulers on their own engines (as several processes) racing the same ticks,
and a tick that fails part-way (nothing of it is kept, the next tick sends it all)."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from bot.domain import Member
from bot.reminders import SessionReminders
from storage.engine import create_engine
from storage.tables import outbox
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.test_store import a_group

START = datetime(2027, 1, 1, 12, tzinfo=UTC)  # the group meets Tuesdays 6 PM New York from 5 Jan
DAY_BEFORE = datetime(2027, 1, 4, 23, 0, tzinfo=UTC)  # the 24 h reminder of Tue 5 Jan


async def fill(sql_uow: SqlUnitOfWorkFactory, members: int, groups: int = 1) -> None:
    async with sql_uow() as uow:
        for g in range(groups):
            group = await uow.groups.add(replace(a_group(capacity=members), key=f"anx-{g}"))
            for i in range(members):
                key = f"console:g{g}m{i}"
                await uow.members.add(Member(key, "console", f"g{g}m{i}", f"M-{g:04d}{i:06d}", START))
                assert await uow.groups.take_seat(group.id)
                await uow.bookings.add(key, group.id, "confirmed", f"FD-{g:02d}{i:04d}", START)
        await uow.commit()


async def reminders(sql_uow: SqlUnitOfWorkFactory) -> list[tuple[str | None, str]]:
    async with sql_uow.engine.connect() as conn:
        rows = await conn.execute(select(outbox.c.member_key, outbox.c.text)
                                  .where(outbox.c.kind == "reminder"))
        return [(r.member_key, r.text) for r in rows]


@pytest.fixture
def outbox_inserts() -> Iterator[list[int]]:
    """Each INSERT INTO outbox statement sent to any engine: how many rows it carried."""
    seen: list[int] = []

    def count(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
              executemany: bool) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO OUTBOX"):
            seen.append(len(parameters) if executemany else 1)

    event.listen(Engine, "before_cursor_execute", count)
    yield seen
    event.remove(Engine, "before_cursor_execute", count)


async def test_a_tick_writes_its_reminders_in_one_batch(sql_uow: SqlUnitOfWorkFactory,
                                                        outbox_inserts: list[int]) -> None:
    await fill(sql_uow, 40, groups=2)  # both groups' slots fall due in the same tick
    job = SessionReminders(sql_uow, (1440, 60))
    await job.sync(START)
    outbox_inserts.clear()
    assert await job.send_due(DAY_BEFORE) == 80
    assert outbox_inserts == [80]  # one statement, not one per reminder
    sent = await reminders(sql_uow)
    assert len(sent) == 80 and len({key for key, _ in sent}) == 80
    assert all("tomorrow, Tue 5 Jan, 6:00 PM ET" in text for _, text in sent)


async def test_schedulers_racing_on_their_own_engines_send_each_reminder_once(
        db_url: str, sql_uow: SqlUnitOfWorkFactory) -> None:
    await fill(sql_uow, 25, groups=3)
    engines = [create_engine(db_url) for _ in range(3)]
    jobs = [SessionReminders(SqlUnitOfWorkFactory(e), (1440, 60), batch=2) for e in engines]
    try:
        await asyncio.gather(*(job.sync(START) for job in jobs))
        at = START
        while at < datetime(2027, 1, 13, tzinfo=UTC):
            at += timedelta(minutes=30)
            await asyncio.gather(*(job.send_due(at) for job in jobs))
    finally:
        for e in engines:
            await e.dispose()
    sent = await reminders(sql_uow)
    # 75 members x 2 sessions (5 and 12 Jan) x 2 offsets, none twice
    assert len(sent) == 300 and max(Counter(sent).values()) == 1
    assert sum(job.sent for job in jobs) == 300


async def test_a_tick_that_fails_part_way_keeps_nothing_and_the_next_sends_it_all(
        sql_uow: SqlUnitOfWorkFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    await fill(sql_uow, 30)
    job = SessionReminders(sql_uow, (1440, 60))
    await job.sync(START)
    from storage.repositories import SqlOutbox
    real = SqlOutbox.add_many

    async def broken(self: SqlOutbox, notices: Any, at: datetime) -> None:
        await real(self, notices, at)
        raise ConnectionResetError("the database went away mid-tick")

    monkeypatch.setattr(SqlOutbox, "add_many", broken)
    with pytest.raises(Exception):
        await job.send_due(DAY_BEFORE)
    monkeypatch.setattr(SqlOutbox, "add_many", real)
    assert await reminders(sql_uow) == []
    restarted = SessionReminders(sql_uow, (1440, 60))
    await restarted.run_due(DAY_BEFORE + timedelta(minutes=1))
    await restarted.run_due(DAY_BEFORE + timedelta(minutes=2))
    sent = await reminders(sql_uow)
    assert len(sent) == 30 and max(Counter(sent).values()) == 1
