"""``Members.lock_for_event``: the event id's record and the member's lock, one statement on
PostgreSQL (a round trip less a platform turn), two on SQLite; a duplicate locks nothing."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import CoreConfig
from bot.core import Core
from bot.messages import Inbound, MemberKey
from storage.tables import processed_events
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.conftest import services_for
from tests.fakes import FakeClock

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
ANN = MemberKey("slack", "U-ANN")


async def test_new_event_new_member_then_duplicate(sql_uow: SqlUnitOfWorkFactory, clock: FakeClock) -> None:
    async with sql_uow() as uow:
        assert await uow.members.lock_for_event(ANN.key, "ev-1", NOW) == (True, None)
        assert await uow.members.lock_for_event(ANN.key, "ev-1", NOW) == (False, None)
        await uow.commit()
    core = Core(sql_uow, clock, services_for(CoreConfig()))
    await core.handle(Inbound(ANN, text="hi", event_id="ev-2"))
    async with sql_uow() as uow:
        fresh, member = await uow.members.lock_for_event(ANN.key, "ev-3", NOW)
        assert fresh and member is not None and member.key == ANN.key and member.notice_seen
        assert await uow.members.lock_for_event(ANN.key, "ev-2", NOW) == (False, None)
        count = (await uow.members._conn.execute(
            select(func.count()).select_from(processed_events))).scalar_one()
        await uow.rollback()
    assert count == 3  # ev-1, ev-2, ev-3 (rolled back: ev-3 not kept, but counted inside)


def _count_statements(engine: AsyncEngine) -> list[str]:
    seen: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", before)
    return seen


async def test_a_platform_turn_costs_no_statement_for_its_event_id_on_postgres(
        engine: AsyncEngine, sql_uow: SqlUnitOfWorkFactory, clock: FakeClock) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL: one statement for the event id and the member lock")
    core = Core(sql_uow, clock, services_for(CoreConfig()))
    await core.handle(Inbound(ANN, text="hi", event_id="ev-0"))
    seen = _count_statements(engine)
    await core.handle(Inbound(ANN, text="how much does it cost"))
    without = len(seen)
    seen.clear()
    await core.handle(Inbound(ANN, text="how much does it cost", event_id="ev-1"))
    assert len(seen) == without, seen
    seen.clear()
    duplicate = await core.handle(Inbound(ANN, text="how much does it cost", event_id="ev-1"))
    assert duplicate.duplicate and len(seen) == 1, seen


async def test_a_duplicate_locks_nothing_and_a_new_event_waits_for_the_member(
        engine: AsyncEngine, sql_uow: SqlUnitOfWorkFactory, clock: FakeClock) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("row locks: PostgreSQL (SQLite lets one unit of work write at a time)")
    core = Core(sql_uow, clock, services_for(CoreConfig()))
    await core.handle(Inbound(ANN, text="hi", event_id="ev-seen"))
    async with sql_uow() as holder:
        member = await holder.members.get(ANN.key, for_update=True)  # another turn holds Ann
        assert member is not None

        async def claim(event_id: str) -> tuple[bool, object]:
            async with sql_uow() as uow:
                fresh, locked = await uow.members.lock_for_event(ANN.key, event_id, NOW)
                await uow.commit()
                return fresh, locked

        assert await asyncio.wait_for(claim("ev-seen"), 5) == (False, None)  # did not wait
        waiting = asyncio.ensure_future(claim("ev-new"))
        await asyncio.sleep(0.5)
        assert not waiting.done()  # queued behind the holder's lock on Ann
        member.residence_code = "NJ"
        await holder.members.save(member)
        await holder.commit()
    fresh, locked = await asyncio.wait_for(waiting, 10)
    assert fresh and getattr(locked, "residence_code") == "NJ"  # it read Ann after the holder
