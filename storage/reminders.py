"""The reminder schedule in SQL: one slot per (group, offset), skipped weeks, opt-outs.

A tick reads only the slots that are due, through ``ix_session_reminders_due`` (at most
groups x offsets rows exist: 200 for 100 groups and two offsets), locks them with
``FOR UPDATE SKIP LOCKED`` on PostgreSQL after a plain read finds any (nearly always none:
then nothing is locked; on SQLite the unit of work holds the write lock from its ``BEGIN
IMMEDIATE``, so a plain read claims), and fans out to one group's confirmed bookings through
``ix_bookings_group_status``. Nothing scans every member. The claim's statements are built
once (a tick runs after every JSON-lines input line).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, and_, bindparam, delete, exists, not_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from bot.domain import ReminderSlot, ReminderTarget
from storage.connection import SqlConnection
from storage.tables import bookings, members, reminder_optouts, session_reminders, skipped_sessions


_DUE = (session_reminders.c.due_at <= bindparam("now"),
        session_reminders.c.offset_minutes.in_(bindparam("offsets", expanding=True)))
_ANY_DUE = select(session_reminders.c.id).where(*_DUE).limit(1)
_CLAIM = select(session_reminders).where(*_DUE).order_by(session_reminders.c.due_at).limit(bindparam("limit"))
_CLAIM_LOCKED = _CLAIM.with_for_update(skip_locked=True)


def _slot(row: Row[Any]) -> ReminderSlot:
    return ReminderSlot(id=row.id, group_id=row.group_id, offset_minutes=row.offset_minutes,
                        session_at=row.session_at, due_at=row.due_at)


class SqlReminders:
    def __init__(self, conn: SqlConnection) -> None:
        self._conn = conn

    def _insert(self) -> Any:
        return postgresql.insert if self._conn.dialect.name == "postgresql" else sqlite.insert

    async def slots(self) -> list[ReminderSlot]:
        rows = await self._conn.execute(select(session_reminders).order_by(session_reminders.c.id))
        return [_slot(r) for r in rows]

    async def put(self, group_id: int, offset_minutes: int, session_at: datetime,
                  due_at: datetime) -> None:
        statement = self._insert()(session_reminders).values(
            group_id=group_id, offset_minutes=offset_minutes, session_at=session_at, due_at=due_at)
        await self._conn.execute(statement.on_conflict_do_update(
            index_elements=["group_id", "offset_minutes"],
            set_={"session_at": session_at, "due_at": due_at}))

    async def drop(self, slot_id: int) -> None:
        await self._conn.execute(delete(session_reminders).where(session_reminders.c.id == slot_id))

    async def claim_due(self, now: datetime, offsets: list[int], limit: int) -> list[ReminderSlot]:
        params = {"now": now, "offsets": offsets, "limit": limit}
        if self._conn.dialect.name == "sqlite":  # the unit of work holds the write lock
            rows = await self._conn.execute(_CLAIM, params)
            return sorted((_slot(r) for r in rows), key=lambda s: (s.due_at, s.id))
        if (await self._conn.execute(_ANY_DUE, params)).first() is None:
            return []
        return [_slot(r) for r in await self._conn.execute(_CLAIM_LOCKED, params)]

    async def advance(self, slot: ReminderSlot, session_at: datetime, due_at: datetime) -> bool:
        result = await self._conn.execute(
            update(session_reminders).where(session_reminders.c.id == slot.id,
                                            session_reminders.c.session_at == slot.session_at)
            .values(session_at=session_at, due_at=due_at).returning(session_reminders.c.id))
        return result.first() is not None

    async def targets(self, group_id: int, session_date: date) -> list[ReminderTarget]:
        opted_out = exists().where(reminder_optouts.c.member_key == bookings.c.member_key)
        skipped = exists().where(and_(skipped_sessions.c.booking_id == bookings.c.id,
                                      skipped_sessions.c.session_date == session_date))
        query = (select(bookings.c.id, bookings.c.ref, bookings.c.member_key, members.c.timezone,
                        members.c.residence_code)
                 .join(members, members.c.key == bookings.c.member_key)
                 .where(bookings.c.group_id == group_id, bookings.c.status == "confirmed",
                        not_(opted_out), not_(skipped))
                 .order_by(bookings.c.id))
        return [ReminderTarget(r.id, r.ref, r.member_key, r.timezone, r.residence_code)
                for r in await self._conn.execute(query)]

    async def skip(self, booking_id: int, session_date: date, at: datetime) -> bool:
        statement = (self._insert()(skipped_sessions)
                     .values(booking_id=booking_id, session_date=session_date, at=at)
                     .on_conflict_do_nothing(index_elements=["booking_id", "session_date"])
                     .returning(skipped_sessions.c.id))
        return (await self._conn.execute(statement)).first() is not None

    async def skipped(self, booking_id: int) -> set[date]:
        rows = await self._conn.execute(select(skipped_sessions.c.session_date)
                                        .where(skipped_sessions.c.booking_id == booking_id))
        return set(rows.scalars())

    async def set_reminders(self, member_key: str, on: bool, at: datetime) -> bool:
        if on:
            result = await self._conn.execute(delete(reminder_optouts)
                                              .where(reminder_optouts.c.member_key == member_key)
                                              .returning(reminder_optouts.c.member_key))
        else:
            result = await self._conn.execute(
                self._insert()(reminder_optouts).values(member_key=member_key, at=at)
                .on_conflict_do_nothing(index_elements=["member_key"])
                .returning(reminder_optouts.c.member_key))
        return result.first() is not None

    async def reminders_on(self, member_key: str) -> bool:
        row = (await self._conn.execute(select(reminder_optouts.c.member_key)
                                        .where(reminder_optouts.c.member_key == member_key))).first()
        return row is None
