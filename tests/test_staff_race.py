"""Two staff raise and lower a capacity while 50 members book, on the real store."""

from __future__ import annotations

import asyncio
from datetime import date, time

from sqlalchemy import text

from bot import actions
from bot.config import CoreConfig
from bot.core import Core
from bot.domain import Group
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.chat import Chat
from tests.conftest import services_for
from tests.fakes import FakeClock

MEMBERS = 50


async def test_capacity_changes_during_a_booking_rush_never_overfill(sql_uow: SqlUnitOfWorkFactory,
                                                                     clock: FakeClock) -> None:
    async with sql_uow() as uow:
        group = await uow.groups.add(Group(
            id=0, topic="anxiety", kind="therapy", title="Anxiety group", weekday=1, start_time=time(18),
            timezone="America/New_York", capacity=10, taken=0, start_date=date(2027, 1, 5),
            facilitator="Jordan Lee", key="anxiety-tue-1800"))
        await uow.commit()
    config = CoreConfig(staff_ids=frozenset({"s1", "s2"}), rate_limit_per_minute=1000)
    core = Core(sql_uow, clock, services_for(config))
    samples: list[tuple[int, int, int]] = []
    done = asyncio.Event()

    async def member(n: int) -> None:
        chat = Chat(core, f"m{n}")
        await chat.say("Florida")
        await chat.act(actions.encode("book", group.id))

    async def staff(name: str, sizes: list[int]) -> None:
        chat = Chat(core, name)
        for size in sizes:
            await chat.say(f"staff capacity anxiety-tue-1800 {size}")
            await asyncio.sleep(0)

    async def watch() -> None:
        engine = sql_uow.engine
        while not done.is_set():
            async with engine.connect() as conn:
                row = (await conn.execute(text(
                    "SELECT capacity, taken, (SELECT count(*) FROM bookings WHERE group_id = :g "
                    "AND status = 'confirmed') FROM groups WHERE id = :g"), {"g": group.id})).one()
            samples.append((int(row[0]), int(row[1]), int(row[2])))
            await asyncio.sleep(0.005)

    watcher = asyncio.create_task(watch())
    await asyncio.gather(*(member(n) for n in range(MEMBERS)),
                         staff("s1", [20, 5, 30, 12, 40, 25]),
                         staff("s2", [8, 15, 3, 35, 18, 22]))
    done.set()
    await watcher
    async with sql_uow() as uow:
        final = await uow.groups.get(group.id)
        bookings = await uow.bookings.for_group(group.id)
    assert final is not None
    confirmed = sum(b.status == "confirmed" for b in bookings)
    assert len(bookings) == MEMBERS
    assert final.taken == confirmed <= final.capacity
    assert samples and all(taken == count <= capacity for capacity, taken, count in samples)
    # A waitlisted member while seats are free would mean a raise forgot to promote.
    assert confirmed == min(MEMBERS, final.capacity)
