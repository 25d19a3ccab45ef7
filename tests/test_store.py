"""The SQL store on SQLite or PostgreSQL: migrations, repositories, the core end to end."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

import storage
from bot import actions
from bot.config import CoreConfig
from bot.core import Core
from bot.domain import Group, Notice
from bot.ports import StoreConflict
from bot.relay import OutboxRelay
from storage.engine import create_engine
from storage.migrate import alembic_config, migrate
from storage.seed import ScheduleError, load_schedule
from storage.tables import groups, outbox
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.chat import Chat
from tests.conftest import services_for
from tests.fakes import FakeClock, RecordingNotifier

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


def a_group(capacity: int = 5, topic: str = "anxiety") -> Group:
    return Group(id=0, topic=topic, kind="therapy", title="Anxiety group", weekday=1,
                 start_time=time(18), timezone="America/New_York", capacity=capacity, taken=0,
                 start_date=date(2027, 1, 5), facilitator="Jordan Lee")


async def test_migrations_apply_twice_and_seed_every_topic(db_url: str) -> None:
    engine = create_engine(db_url)
    await migrate(engine)
    await migrate(engine)
    async with engine.connect() as conn:
        topics = set((await conn.execute(select(groups.c.topic))).scalars())
        version = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar_one()
    await engine.dispose()
    assert version == ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert topics == {"anger_management", "anxiety", "borderline_personality", "chronic_illness",
                      "depression", "dbt", "grief_loss", "ocd", "relationships", "trauma_ptsd",
                      "dbt_skills"}


def test_broken_schedule_file_names_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "schedule.yaml"
    path.write_text("groups:\n  - {key: a-tue, topic: anxiety, kind: therapy, title: A, weekday: 9, time: '18:00', "
                    "timezone: America/New_York, capacity: 3, start_date: 2027-01-01, facilitator: X}\n")
    with pytest.raises(ScheduleError, match=r"group 1 \(a-tue\): weekday: "):
        load_schedule(path)


async def test_sqlite_pragmas(db_url: str, engine: AsyncEngine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    async with engine.connect() as conn:
        assert (await conn.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
        assert (await conn.execute(text("PRAGMA foreign_keys"))).scalar() == 1
        assert (await conn.execute(text("PRAGMA busy_timeout"))).scalar() == 10000


async def test_seat_taking_stops_at_capacity(sql_uow: SqlUnitOfWorkFactory) -> None:
    async with sql_uow() as uow:
        group = await uow.groups.add(a_group(capacity=2))
        results = [await uow.groups.take_seat(group.id) for _ in range(3)]
        await uow.commit()
    assert results == [True, True, False]


async def test_unique_member_group_is_a_conflict(sql_uow: SqlUnitOfWorkFactory, clock: FakeClock) -> None:
    core = Core(sql_uow, clock, services_for(CoreConfig()))
    await Chat(core, "x").say("hi")
    async with sql_uow() as uow:
        group = await uow.groups.add(a_group())
        await uow.commit()
    with pytest.raises(StoreConflict):
        async with sql_uow() as uow:
            await uow.bookings.add("console:x", group.id, "confirmed", "FD-AAAAAA", NOW)
            await uow.bookings.add("console:x", group.id, "waitlisted", "FD-BBBBBB", NOW)
            await uow.commit()


async def test_event_ids_are_recorded_once(sql_uow: SqlUnitOfWorkFactory) -> None:
    async with sql_uow() as uow:
        first = await uow.events.record("evt-1", NOW)
        second = await uow.events.record("evt-1", NOW)
        await uow.commit()
    assert (first, second) == (True, False)


async def test_whole_conversation_on_the_real_store(sql_uow: SqlUnitOfWorkFactory, clock: FakeClock) -> None:
    async with sql_uow() as uow:
        group = await uow.groups.add(a_group(capacity=1))
        await uow.commit()
    core = Core(sql_uow, clock, services_for(CoreConfig()))
    ann, bob = Chat(core, "ann"), Chat(core, "bob")
    for member in (ann, bob):
        await member.say("New Jersey")
        await member.act(actions.encode("book", group.id))
    assert "You're booked" in ann.text and "number 1" in bob.text
    await ann.say("cancel")
    await ann.press("Yes, cancel")
    await bob.say("my bookings")
    assert "booked" in bob.text and "waitlist" not in bob.text
    notifier = RecordingNotifier()
    relay = OutboxRelay(sql_uow, notifier, clock, platform="console")
    assert await relay.drain() == 5
    kinds = [i.notice.kind for i in notifier.delivered]
    assert kinds == ["booking", "waitlist", "cancellation", "promotion", "promotion"]
    assert await relay.drain() == 0


async def test_resume_after_restart_on_the_real_store(db_url: str, clock: FakeClock) -> None:
    services = services_for(CoreConfig())
    engine = create_engine(db_url)
    await migrate(engine)
    await Chat(Core(SqlUnitOfWorkFactory(engine), clock, services)).act(actions.encode("groups"))
    await engine.dispose()
    engine = create_engine(db_url)
    chat = Chat(Core(SqlUnitOfWorkFactory(engine), clock, services))
    await chat.say("Florida")
    await engine.dispose()
    assert "Got it: Florida." in chat.text and "Pick one" in chat.text


async def test_relay_delivers_after_a_crash_between_commit_and_delivery(
        sql_uow: SqlUnitOfWorkFactory, clock: FakeClock) -> None:
    async with sql_uow() as uow:
        await uow.outbox.add(Notice("staff", "booking", "one", None, platform="console"), clock.now())
        await uow.outbox.add(Notice("staff", "crisis", "two", None, urgent=True, platform="console"), clock.now())
        await uow.commit()
    async with sql_uow() as uow:
        await uow.outbox.claim_due(clock.now(), 10, 30, "console")  # this relay "crashes" here
        await uow.commit()
    notifier = RecordingNotifier()
    relay = OutboxRelay(sql_uow, notifier, clock, platform="console")
    assert await relay.run_once() == 0
    clock.advance(seconds=31)
    assert await relay.run_once() == 2
    assert [i.notice.text for i in notifier.delivered] == ["two", "one"]  # urgent first


async def test_unreachable_database_still_sends_crisis_reply(clock: FakeClock) -> None:
    engine = create_engine("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    core = Core(SqlUnitOfWorkFactory(engine), clock, services_for(CoreConfig()))
    chat = Chat(core)
    await chat.say("i'm going to kill myself tonight")
    assert chat.last.crisis and "988" in chat.text
    await chat.act(actions.encode("groups"))
    assert "trouble reaching our booking system" in chat.text
    await engine.dispose()


async def test_outbox_row_count_matches_changes(sql_uow: SqlUnitOfWorkFactory, clock: FakeClock,
                                                engine: AsyncEngine) -> None:
    async with sql_uow() as uow:
        group = await uow.groups.add(a_group())
        await uow.commit()
    chat = Chat(Core(sql_uow, clock, services_for(CoreConfig())))
    await chat.say("NY")
    await chat.act(actions.encode("book", group.id))
    async with engine.connect() as conn:
        count = (await conn.execute(select(func.count()).select_from(outbox))).scalar_one()
    assert count == 1


async def test_delete_my_data_leaves_no_row_naming_the_member(
        sql_uow: SqlUnitOfWorkFactory, clock: FakeClock, engine: AsyncEngine) -> None:
    async with sql_uow() as uow:
        group = await uow.groups.add(a_group(capacity=1))
        await uow.commit()
    core = Core(sql_uow, clock, services_for(CoreConfig()))
    leaver, other = Chat(core, "leaver-7731"), Chat(core, "other")
    for member in (leaver, other):
        await member.say("Florida")
        await member.act(actions.encode("book", group.id), event_id=f"evt-{member.member.user_id}")
    await leaver.say("I keep thinking about ending my life")
    await OutboxRelay(sql_uow, RecordingNotifier(), clock, platform="console").drain()
    await leaver.say("delete my data")
    await leaver.say("yes")
    assert "deleted your data" in leaver.text
    dump = []
    async with engine.connect() as conn:
        for table in ("members", "bookings", "outbox", "processed_events", "audit", "staff_requests"):
            dump += [repr(tuple(row)) for row in (await conn.execute(text(f"SELECT * FROM {table}"))).all()]
        audit_rows = (await conn.execute(text("SELECT action FROM audit"))).scalars().all()
    assert not [row for row in dump if "leaver-7731" in row]
    assert audit_rows == ["member_data_deleted"]


async def test_cancel_frees_the_seat_a_promotion_gave_in_the_meantime(
        sql_uow: SqlUnitOfWorkFactory, clock: FakeClock) -> None:
    """A 'leave waitlist' that read its booking before a promotion committed must free the seat."""
    from bot.flows.booking import cancel_booking
    from bot.turn import Turn
    core = Core(sql_uow, clock, services_for(CoreConfig()))
    async with sql_uow() as uow:
        group = await uow.groups.add(a_group(capacity=1))
        await uow.commit()
    holder, waiter = Chat(core, "holder"), Chat(core, "waiter")
    for chat in (holder, waiter):
        await chat.say("NJ")
        await chat.act(actions.encode("book", group.id))
    async with sql_uow() as uow:
        stale = await uow.bookings.find("console:waiter", group.id)  # read: waitlisted
    assert stale is not None and stale.status == "waitlisted"
    await holder.say("cancel")
    await holder.press("Yes, cancel")  # promotes the waiter
    async with sql_uow() as uow:
        member = await uow.members.get("console:waiter", for_update=True)
        assert member is not None
        await cancel_booking(Turn(uow, member, clock.now(), core.deps), stale)
        await uow.commit()
    async with sql_uow() as uow:
        assert (await uow.groups.get(group.id)).taken == 0  # type: ignore[union-attr]
        assert await uow.bookings.for_member("console:waiter") == []


async def test_a_failing_check_constraint_is_not_retried_as_a_conflict(
        sql_uow: SqlUnitOfWorkFactory) -> None:
    from storage.errors import translate
    async with sql_uow() as uow:
        group = await uow.groups.add(a_group(capacity=1))
        await uow.commit()
    with pytest.raises(Exception) as caught:
        async with sql_uow() as uow:
            await uow.bookings.add("console:nobody", group.id, "confirmed", "FD-ZZZZZZ", NOW)
            await uow.commit()
    assert translate(caught.value.__cause__ or caught.value) is None or not isinstance(
        translate(caught.value), StoreConflict)
    assert not isinstance(caught.value, StoreConflict)


async def test_staff_clear_touches_only_the_flag(sql_uow: SqlUnitOfWorkFactory, clock: FakeClock) -> None:
    core = Core(sql_uow, clock, services_for(CoreConfig(staff_ids=frozenset({"boss"}))))
    member = Chat(core, "m1")
    await member.say("I want to die")
    await member.say("Florida")
    async with sql_uow() as uow:
        ref = (await uow.members.get("console:m1")).ref  # type: ignore[union-attr]
    staff = Chat(core, "boss")
    await staff.say(f"staff clear {ref.lower()}")
    assert "cleared" in staff.text
    async with sql_uow() as uow:
        stored = await uow.members.get("console:m1")
    assert stored is not None and not stored.at_risk and stored.residence_code == "FL"
    await staff.say(f"staff clear {ref}")
    assert "has no risk flag" in staff.text
