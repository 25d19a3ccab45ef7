"""Urgent notices that someone answers: escalation with a manual clock, on fakes and the real store."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import actions
from bot.config import CoreConfig
from bot.core import Core
from bot.urgent import UrgentEscalation
from storage.engine import create_engine
from storage.tables import outbox
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.chat import Chat
from tests.conftest import services_for
from tests.fakes import FakeClock, FakeStore

STAFF = CoreConfig(staff_ids=frozenset({"boss"}))


def escalations(store: FakeStore) -> list[str]:
    return [s.item.notice.text for s in store.data.outbox.values()
            if s.item.notice.kind in ("escalation", "unanswered")]


async def run_minutes(escalation: UrgentEscalation, clock: FakeClock, minutes: range) -> None:
    for _ in minutes:
        clock.advance(minutes=1)
        await escalation.run_due(clock.now())


async def test_unacknowledged_escalates_at_10_20_30_then_a_final_line(store: FakeStore, clock: FakeClock) -> None:
    core = Core(store, clock, services_for(STAFF))
    await Chat(core, "m1").say("I want to kill myself")
    [ref] = store.data.requests
    escalation = UrgentEscalation(store, escalate_minutes=10, max_escalations=3)
    seen: dict[int, int] = {}
    for minute in range(1, 61):
        clock.advance(minutes=1)
        await escalation.run_due(clock.now())
        seen[minute] = len(escalations(store))
    assert [m for m in range(1, 61) if seen[m] != seen.get(m - 1, 0)] == [10, 20, 30, 40]
    texts = escalations(store)
    assert all(t.startswith("{oncall} URGENT " + ref) for t in texts)
    assert ["reminder 1 of 3" in texts[0], "reminder 2 of 3" in texts[1], "reminder 3 of 3" in texts[2]] == [True] * 3
    assert "still unanswered after 40 minutes" in texts[3]
    urgent = [s.item.notice for s in store.data.outbox.values() if s.item.notice.kind == "escalation"]
    assert all(n.urgent and n.ref == ref and n.member_key == "console:m1" for n in urgent)


async def test_acknowledged_at_minute_5_never_escalates(store: FakeStore, clock: FakeClock) -> None:
    core = Core(store, clock, services_for(STAFF))
    await Chat(core, "m1").say("I want to kill myself")
    [ref] = store.data.requests
    escalation = UrgentEscalation(store)
    await run_minutes(escalation, clock, range(5))
    await Chat(core, "boss").act(actions.encode("ack", ref))
    await run_minutes(escalation, clock, range(60))
    assert escalations(store) == []


async def test_clearing_the_flag_takes_the_members_urgent_notices(store: FakeStore, clock: FakeClock) -> None:
    """Staff who clear a flag have reached the member: nobody is paged about them again."""
    core = Core(store, clock, services_for(STAFF))
    await Chat(core, "m1").say("I want to kill myself")
    [ref] = store.data.requests
    escalation = UrgentEscalation(store)
    await run_minutes(escalation, clock, range(3))
    member = store.data.members["console:m1"]
    boss = Chat(core, "boss")
    await boss.say(f"staff clear {member.ref}")
    assert "Risk flag cleared" in boss.text and ref in boss.text
    assert store.data.requests[ref].acked_by == "console:boss"
    await run_minutes(escalation, clock, range(60))
    assert escalations(store) == []


async def test_an_urgent_handoff_escalates_until_done(store: FakeStore, clock: FakeClock) -> None:
    core = Core(store, clock, services_for(STAFF))
    member = Chat(core, "m1")
    await member.say("I want to kill myself")
    [crisis] = store.data.requests
    await Chat(core, "boss").say(f"staff ack {crisis}")  # taken: a later handoff opens its own notice
    await member.say("can I talk to a real person please")
    handoff = next(r for r in store.data.requests.values() if r.kind == "handoff")
    assert handoff.urgent and handoff.ref.startswith("U-")
    escalation = UrgentEscalation(store)
    await run_minutes(escalation, clock, range(10))
    assert sum(handoff.ref in t for t in escalations(store)) == 1
    await Chat(core, "boss").say(f"staff done {handoff.ref}")
    await run_minutes(escalation, clock, range(60))
    assert sum(handoff.ref in t for t in escalations(store)) == 1


async def urgent_on_real_store(sql_uow: SqlUnitOfWorkFactory, clock: FakeClock) -> str:
    core = Core(sql_uow, clock, services_for(STAFF))
    await Chat(core, "m1").say("I want to kill myself")
    async with sql_uow() as uow:
        rows = await uow.outbox.for_member("console:m1")
    [ref] = [i.notice.ref for i in rows if i.notice.kind == "crisis"]
    assert ref is not None
    return ref


async def real_escalations(sql_uow: SqlUnitOfWorkFactory) -> list[str]:
    async with sql_uow() as uow:
        rows = await uow.outbox.for_member("console:m1")
    return [i.notice.text for i in rows if i.notice.kind in ("escalation", "unanswered")]


async def test_escalation_on_the_real_store_survives_a_restart(db_url: str, engine: AsyncEngine, clock: FakeClock) -> None:
    sql_uow = SqlUnitOfWorkFactory(engine)
    await urgent_on_real_store(sql_uow, clock)
    first = UrgentEscalation(sql_uow)
    await run_minutes(first, clock, range(14))
    assert len(await real_escalations(sql_uow)) == 1
    # The process is killed mid-wait; a new one (new engine, new object) carries on on time.
    restarted_engine = create_engine(db_url)
    try:
        restarted = SqlUnitOfWorkFactory(restarted_engine)
        again = UrgentEscalation(restarted)
        await run_minutes(again, clock, range(5))
        assert len(await real_escalations(restarted)) == 1
        await run_minutes(again, clock, range(1))
        assert len(await real_escalations(restarted)) == 2
    finally:
        await restarted_engine.dispose()


async def test_two_processes_post_each_escalation_exactly_once(db_url: str, engine: AsyncEngine, clock: FakeClock) -> None:
    sql_uow = SqlUnitOfWorkFactory(engine)
    ref = await urgent_on_real_store(sql_uow, clock)
    other_engine = create_engine(db_url)
    try:
        workers = [UrgentEscalation(sql_uow), UrgentEscalation(SqlUnitOfWorkFactory(other_engine))]
        for _ in range(45):
            clock.advance(minutes=1)
            now = clock.now()
            await asyncio.gather(*(w.run_due(now) for w in workers for _ in range(3)))
        async with engine.connect() as conn:
            texts = list((await conn.execute(select(outbox.c.text).where(
                outbox.c.kind.in_(("escalation", "unanswered"))).order_by(outbox.c.id))).scalars())
    finally:
        await other_engine.dispose()
    assert len(texts) == 4 and all(ref in t for t in texts)
    assert [("reminder 1" in texts[0]), ("reminder 2" in texts[1]), ("reminder 3" in texts[2]),
            ("still unanswered" in texts[3])] == [True] * 4


async def test_the_real_store_records_the_first_ack_only(sql_uow: SqlUnitOfWorkFactory, clock: FakeClock) -> None:
    ref = await urgent_on_real_store(sql_uow, clock)
    async with sql_uow() as uow:
        first = await uow.requests.ack(ref, "console:a", clock.now())
        second = await uow.requests.ack(ref, "console:b", clock.now() + timedelta(minutes=1))
        await uow.commit()
    assert first is not None and second is not None
    assert first.acked_by == second.acked_by == "console:a" and second.acked_at == clock.now()


async def test_two_real_processes_on_postgresql_post_each_escalation_once(
        db_url: str, engine: AsyncEngine, clock: FakeClock) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("several processes share one store only on PostgreSQL")
    sql_uow = SqlUnitOfWorkFactory(engine)
    ref = await urgent_on_real_store(sql_uow, clock)
    start_at = time.time() + 3
    root = Path(__file__).resolve().parent.parent
    procs = [subprocess.Popen([sys.executable, "-m", "tests.escalation_worker", db_url,
                               clock.now().isoformat(), "45", str(start_at)],
                              cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0 and "done" in out, err[-2000:]
    texts = await real_escalations(sql_uow)
    assert len(texts) == 4 and all(ref in t for t in texts)
    assert "still unanswered" in texts[-1]


async def test_the_real_store_takes_a_members_urgent_notices_when_the_flag_is_cleared(
        sql_uow: SqlUnitOfWorkFactory, clock: FakeClock) -> None:
    ref = await urgent_on_real_store(sql_uow, clock)
    async with sql_uow() as uow:
        assert await uow.requests.ack_open_for_member("console:m1", "console:boss", clock.now()) == [ref]
        assert await uow.requests.ack_open_for_member("console:m1", "console:other", clock.now()) == []
        request = await uow.requests.get(ref)
        await uow.commit()
    assert request is not None and request.acked_by == "console:boss"
    clock.advance(minutes=30)
    await UrgentEscalation(sql_uow).run_due(clock.now())
    assert await real_escalations(sql_uow) == []
