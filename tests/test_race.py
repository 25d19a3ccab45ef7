"""Real concurrency on the real store: tasks and separate processes racing for seats."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.clock import SystemClock
from bot import actions
from bot.config import CoreConfig
from bot.core import Core
from bot.messages import Inbound, MemberKey
from storage.tables import bookings, groups
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.conftest import services_for
from tests.test_store import a_group

ROOT = Path(__file__).resolve().parent.parent


async def _group_with_last_seats(sql_uow: SqlUnitOfWorkFactory, seats_left: int) -> int:
    async with sql_uow() as uow:
        group = await uow.groups.add(a_group(capacity=20))
        for _ in range(20 - seats_left):
            await uow.groups.take_seat(group.id)
        await uow.commit()
    return group.id


async def _counts(engine: AsyncEngine, group_id: int) -> tuple[int, int, int]:
    async with engine.connect() as conn:
        taken = (await conn.execute(select(groups.c.taken).where(groups.c.id == group_id))).scalar_one()
        rows = (await conn.execute(select(bookings.c.status, func.count()).where(
            bookings.c.group_id == group_id).group_by(bookings.c.status))).all()
    by_status: dict[str, int] = dict(rows)
    return taken, by_status.get("confirmed", 0), by_status.get("waitlisted", 0)


async def test_fifty_tasks_race_for_the_last_five_seats(sql_uow: SqlUnitOfWorkFactory,
                                                         engine: AsyncEngine) -> None:
    group_id = await _group_with_last_seats(sql_uow, 5)
    core = Core(sql_uow, SystemClock(), services_for(CoreConfig()))
    members = [MemberKey("console", f"racer{n}") for n in range(50)]
    await asyncio.gather(*(core.handle(Inbound(m, text="NJ")) for m in members))
    outcomes = await asyncio.gather(*(core.handle(Inbound(m, action=actions.encode("book", group_id)))
                                      for m in members))
    texts = [o.replies[-1].text for o in outcomes]
    assert sum("You're booked" in t for t in texts) == 5
    assert sum("waitlist" in t for t in texts) == 45
    assert await _counts(engine, group_id) == (20, 5, 45)


async def test_fifty_members_in_separate_processes(sql_uow: SqlUnitOfWorkFactory, engine: AsyncEngine,
                                                   db_url: str) -> None:
    group_id = await _group_with_last_seats(sql_uow, 5)
    start_at = time.time() + 6
    procs = [subprocess.Popen([sys.executable, "-m", "tests.race_worker", db_url, str(group_id),
                               str(start_at), *[f"p{p}m{m}" for m in range(10)]],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for p in range(5)]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err[-2000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    assert sum(r["errors"] for r in results) == 0
    assert sum(r["booked"] for r in results) == 5
    assert sum(r["waitlisted"] for r in results) == 45
    assert await _counts(engine, group_id) == (20, 5, 45)


async def test_ten_duplicate_deliveries_make_one_booking(sql_uow: SqlUnitOfWorkFactory,
                                                         engine: AsyncEngine) -> None:
    group_id = await _group_with_last_seats(sql_uow, 5)
    core_a = Core(sql_uow, SystemClock(), services_for(CoreConfig()))
    core_b = Core(sql_uow, SystemClock(), services_for(CoreConfig()))  # a second replica
    member = MemberKey("slack", "U123")
    await core_a.handle(Inbound(member, text="NJ"))
    inbound = Inbound(member, action=actions.encode("book", group_id), event_id="Ev0DUP")
    outcomes = await asyncio.gather(*((core_a if n % 2 else core_b).handle(inbound) for n in range(10)))
    assert sum(not o.duplicate for o in outcomes) == 1
    assert await _counts(engine, group_id) == (16, 1, 0)
