"""Staff commands on the real store (SQLite or PostgreSQL): move, cancel, remove, the audit rows."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import actions
from bot.config import CoreConfig
from bot.core import Core
from bot.domain import Group
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.chat import Chat
from tests.conftest import member_ref, services_for
from tests.fakes import FakeClock


def group(key: str, weekday: int, start: date, capacity: int) -> Group:
    return Group(id=0, topic="anxiety", kind="therapy", title="Anxiety group", weekday=weekday,
                 start_time=time(18), timezone="America/New_York", capacity=capacity, taken=0,
                 start_date=start, facilitator="Jordan Lee", key=key)


async def test_move_cancel_remove_and_audit_on_the_real_store(sql_uow: SqlUnitOfWorkFactory, clock: FakeClock,
                                                              engine: AsyncEngine) -> None:
    async with sql_uow() as uow:
        tue = await uow.groups.add(group("anx-tue", 1, date(2027, 1, 5), 1))
        thu = await uow.groups.add(group("anx-thu", 3, date(2027, 1, 7), 2))
        await uow.commit()
    core = Core(sql_uow, clock, services_for(CoreConfig(staff_ids=frozenset({"boss"}))))
    one, two, boss = Chat(core, "one"), Chat(core, "two"), Chat(core, "boss")
    for member in (one, two):
        await member.say("NJ")
        await member.act(actions.encode("book", tue.id))
    async with sql_uow() as uow:
        [first, second] = await uow.bookings.for_group(tue.id)
    await boss.say(f"staff move {first.ref} anx-thu")
    assert f"Moved {first.ref}" in boss.text
    await boss.say("staff cancel anx-thu 2027-01-14 snow")
    assert "Told 1 confirmed member" in boss.text
    await boss.say(f"staff remove {second.ref}")
    async with sql_uow() as uow:
        moved = await uow.bookings.by_ref(first.ref)
        old, new = await uow.groups.get(tue.id), await uow.groups.get(thu.id)
        cancelled = await uow.groups.cancelled_sessions(thu.id)
    assert moved is not None and moved.group_id == thu.id and moved.status == "confirmed"
    assert old is not None and new is not None and (old.taken, new.taken) == (0, 1)
    assert cancelled == {date(2027, 1, 14)}
    async with engine.connect() as conn:
        rows = (await conn.execute(text("SELECT action, actor, subject FROM audit ORDER BY id"))).all()
    assert [tuple(r) for r in rows] == [
        ("booking_moved", member_ref("console:boss"), first.ref),
        ("session_cancelled", member_ref("console:boss"), "anx-thu@2027-01-14"),
        ("booking_removed", member_ref("console:boss"), second.ref)]
