"""Waitlist places under concurrency: what members and staff are told matches the stored order."""

from __future__ import annotations

import asyncio
import re

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.clock import SystemClock
from bot import actions
from bot.config import CoreConfig
from bot.core import Core
from bot.messages import Inbound, MemberKey
from storage.tables import bookings, outbox
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.conftest import services_for
from tests.test_race import _group_with_last_seats

PLACE = re.compile(r"you're number (\d+)")
STAFF_PLACE = re.compile(r"Waitlist (FD-\w+): .* number (\d+) on the waitlist")


async def race_for_places(sql_uow: SqlUnitOfWorkFactory, engine: AsyncEngine, members: int,
                          seats: int) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """Members told place, staff told place, stored place (by booking ref)."""
    group_id = await _group_with_last_seats(sql_uow, seats)
    core = Core(sql_uow, SystemClock(), services_for(CoreConfig(rate_limit_per_minute=0)))
    refs = [MemberKey("console", f"w{n}") for n in range(members)]
    await asyncio.gather(*(core.handle(Inbound(m, text="NJ")) for m in refs))
    outcomes = await asyncio.gather(*(core.handle(Inbound(m, action=actions.encode("book", group_id)))
                                      for m in refs))
    told: dict[str, int] = {}
    for outcome in outcomes:
        text = outcome.replies[-1].text
        found = PLACE.search(text)
        if found:
            ref = re.search(r"Reference: (FD-\w+)", text)
            assert ref, text
            told[ref.group(1)] = int(found.group(1))
    async with engine.connect() as conn:
        rows = (await conn.execute(select(bookings.c.ref).where(
            bookings.c.group_id == group_id, bookings.c.status == "waitlisted")
            .order_by(bookings.c.id))).all()
        notices = (await conn.execute(select(outbox.c.text).where(outbox.c.kind == "waitlist"))).all()
    stored = {row.ref: n for n, row in enumerate(rows, start=1)}
    staff = {m.group(1): int(m.group(2)) for m in (STAFF_PLACE.search(r.text) for r in notices) if m}
    return told, staff, stored


async def test_members_joining_a_waitlist_at_once_are_told_their_stored_places(
        sql_uow: SqlUnitOfWorkFactory, engine: AsyncEngine) -> None:
    told, staff, stored = await race_for_places(sql_uow, engine, members=60, seats=5)
    assert len(stored) == 55
    assert told == stored
    assert staff == stored
