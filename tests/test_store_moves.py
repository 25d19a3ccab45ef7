"""Issue 8 on the real store (SQLite or PostgreSQL): the member's own switch moves a seat
in one transaction, and the member's time zone is kept."""

from __future__ import annotations

from dataclasses import replace
from datetime import time

from bot import actions
from bot.config import CoreConfig
from bot.core import Core
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.chat import Chat
from tests.conftest import services_for
from tests.fakes import FakeClock
from tests.test_store import a_group


async def _two_sessions(sql_uow: SqlUnitOfWorkFactory, capacity: int = 1) -> tuple[int, int]:
    async with sql_uow() as uow:
        tuesday = await uow.groups.add(a_group(capacity=capacity))
        thursday = await uow.groups.add(replace(a_group(capacity=capacity), weekday=3, start_time=time(12, 0),
                                                facilitator="Priya Raman, PhD"))
        await uow.commit()
    return tuesday.id, thursday.id


async def test_move_takes_the_new_seat_releases_the_old_and_promotes(
        sql_uow: SqlUnitOfWorkFactory, clock: FakeClock) -> None:
    tuesday, thursday = await _two_sessions(sql_uow)
    core = Core(sql_uow, clock, services_for(CoreConfig()))
    mover, waiter = Chat(core, "mover"), Chat(core, "waiter")
    for member in (mover, waiter):
        await member.act(actions.encode("state", "NJ"))
        await member.act(actions.encode("book", tuesday))
    await mover.say("switch me to thursdays")
    assert "you're now in" in mover.text
    async with sql_uow() as uow:
        assert (await uow.groups.get(tuesday)).taken == 1  # type: ignore[union-attr]
        assert (await uow.groups.get(thursday)).taken == 1  # type: ignore[union-attr]
        [moved] = await uow.bookings.for_member("console:mover")
        [promoted] = await uow.bookings.for_member("console:waiter")
        kinds = [i.notice.kind for i in await uow.outbox.for_member("console:mover")]
    assert moved.group_id == thursday and moved.status == "confirmed"
    assert promoted.group_id == tuesday and promoted.status == "confirmed"
    assert kinds.count("move") == 1 and "cancellation" not in kinds


async def test_move_into_a_full_session_changes_nothing(sql_uow: SqlUnitOfWorkFactory) -> None:
    tuesday, thursday = await _two_sessions(sql_uow)
    async with sql_uow() as uow:
        assert await uow.groups.take_seat(thursday)  # someone else has the last seat
        seat = await uow.groups.take_seat(tuesday)
        assert seat
        from datetime import UTC, datetime
        from bot.domain import Member
        now = datetime(2026, 12, 1, tzinfo=UTC)
        await uow.members.add(Member("console:x", "console", "x", "M-X", now))
        booking = await uow.bookings.add("console:x", tuesday, "confirmed", "FD-MOVE01", now)
        assert await uow.bookings.move(booking.id, thursday) is None
        await uow.commit()
    async with sql_uow() as uow:
        assert (await uow.bookings.by_ref("FD-MOVE01")).group_id == tuesday  # type: ignore[union-attr]
        assert (await uow.groups.get(tuesday)).taken == 1  # type: ignore[union-attr]
        assert (await uow.groups.get(thursday)).taken == 1  # type: ignore[union-attr]


async def test_the_members_time_zone_is_stored(sql_uow: SqlUnitOfWorkFactory, clock: FakeClock) -> None:
    core = Core(sql_uow, clock, services_for(CoreConfig()))
    chat = Chat(core, "tz")
    await chat.say("I live in Florida")
    await chat.say("what time is that for me")
    await chat.press("Central")
    async with sql_uow() as uow:
        member = await uow.members.get("console:tz")
    assert member is not None and member.timezone == "America/Chicago"
