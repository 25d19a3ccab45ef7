"""Repositories: the core's store ports, written as SQL over one open connection."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Row, bindparam, delete, exists, func, insert, literal_column, or_, select, true, update
from sqlalchemy.dialects import postgresql, sqlite

from bot import dialogue_state
from bot.domain import (
    Booking,
    BookingStatus,
    Group,
    Member,
    Notice,
    OutboxItem,
    StaffRequest,
)
from storage.connection import SqlConnection
from storage.outbox_extra import extra_from_json, extra_json
from storage.tables import (
    audit,
    bookings,
    cancelled_sessions,
    groups,
    members,
    outbox,
    processed_events,
    staff_requests,
)

MAX_ID = 2**31 - 1  # integer primary keys are 32-bit on PostgreSQL

# Statements on the hot path are built once, here, and run with bind parameters: building
# a statement and its cache key on every call cost more than SQLite running it. (On
# SQLite every unit of work already holds the write lock from its BEGIN IMMEDIATE, see
# storage/sqlite_loop.py, so a plain SELECT reads a member "for update".)
_MEMBER = select(members).where(members.c.key == bindparam("key"))
_MEMBER_FOR_UPDATE = _MEMBER.with_for_update()
_MEMBER_INSERT = insert(members)
_MEMBER_SAVE = update(members).where(members.c.key == bindparam("b_key"))
_GROUP = select(groups).where(groups.c.id == bindparam("id"))
_GROUPS = select(groups).order_by(groups.c.id)
_GROUP_LOCK = select(groups.c.id).where(groups.c.id == bindparam("id")).with_for_update()
_TAKE_SEAT = (update(groups).where(groups.c.id == bindparam("b_id"), groups.c.taken < groups.c.capacity)
              .values(taken=groups.c.taken + 1).returning(groups.c.id))
_MEMBER_BOOKINGS = (select(bookings).where(bookings.c.member_key == bindparam("member_key"))
                    .order_by(bookings.c.id))
_BOOKING_FIND = select(bookings).where(bookings.c.member_key == bindparam("member_key"),
                                       bookings.c.group_id == bindparam("group_id"))
_BOOKING_INSERT = insert(bookings).returning(bookings.c.id)
_WAITLIST_POSITION = (select(func.count()).select_from(bookings)
                      .where(bookings.c.group_id == bindparam("group_id"),
                             bookings.c.status == "waitlisted", bookings.c.id <= bindparam("id")))
_CANCELLED_DATES = (select(cancelled_sessions.c.session_date)
                    .where(cancelled_sessions.c.group_id == bindparam("group_id")))
_OUTBOX_INSERT = insert(outbox)
_REQUEST_OPEN = {
    name: maker(staff_requests).on_conflict_do_nothing(index_elements=["ref"])
    for name, maker in (("postgresql", postgresql.insert), ("sqlite", sqlite.insert))}
_EVENT_RECORD = {
    name: (maker(processed_events).on_conflict_do_nothing(index_elements=["event_id"])
           .returning(processed_events.c.event_id))
    for name, maker in (("postgresql", postgresql.insert), ("sqlite", sqlite.insert))}
# PostgreSQL: the event id's record and the member's lock in one statement (one round trip
# less). The member is read "for update" only when the insert happened (the one-time filter
# on ``ev`` runs after it): a duplicate event locks nothing, and the order (event, then
# member) is the order of the two statements it replaces. No row: a duplicate; a row with
# no member columns: a new event from someone not stored yet.
_EVENT_INSERTED = (postgresql.insert(processed_events)
                   .values(event_id=bindparam("event_id"), seen_at=bindparam("seen_at"))
                   .on_conflict_do_nothing(index_elements=["event_id"])
                   .returning(literal_column("1").label("fresh")).cte("ev"))
_EVENT_MEMBER = (select(members).where(members.c.key == bindparam("key"),
                                       exists(select(literal_column("1")).select_from(_EVENT_INSERTED)))
                 .with_for_update().cte("m"))
_EVENT_AND_MEMBER = (select(_EVENT_INSERTED.c.fresh, *_EVENT_MEMBER.c)
                     .select_from(_EVENT_INSERTED.outerjoin(_EVENT_MEMBER, true())))
_OUTBOX_DUE_FILTER = (outbox.c.platform == bindparam("platform"), outbox.c.sent_at.is_(None),
                      outbox.c.next_attempt_at <= bindparam("now"),
                      or_(outbox.c.claimed_until.is_(None), outbox.c.claimed_until <= bindparam("now")))
_OUTBOX_ANY_DUE = select(outbox.c.id).where(*_OUTBOX_DUE_FILTER).limit(1)


def event_digest(event_id: str) -> str:
    """What is stored of an event id: a digest (a client-supplied id could carry anything)."""
    return hashlib.blake2b(event_id.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _member(row: Row[Any]) -> Member:
    return Member(key=row.key, platform=row.platform, user_id=row.user_id, ref=row.ref,
                  created_at=row.created_at, residence_code=row.residence_code,
                  residence_confirmed_at=row.residence_confirmed_at, at_risk=row.at_risk,
                  notice_seen=row.notice_seen, dialogue=dialogue_state.decode(row.dialogue),
                  dialogue_updated_at=row.dialogue_updated_at, timezone=row.timezone,
                  adult=row.adult, risk_flagged_at=row.risk_flagged_at,
                  risk_category=row.risk_category, abroad_place=row.abroad_place)


def _member_values(member: Member) -> dict[str, Any]:
    return {"platform": member.platform, "user_id": member.user_id, "ref": member.ref,
            "created_at": member.created_at, "residence_code": member.residence_code,
            "residence_confirmed_at": member.residence_confirmed_at, "at_risk": member.at_risk,
            "notice_seen": member.notice_seen, "dialogue": dialogue_state.encode(member.dialogue),
            "dialogue_updated_at": member.dialogue_updated_at, "timezone": member.timezone,
            "adult": member.adult, "risk_flagged_at": member.risk_flagged_at,
            "risk_category": member.risk_category, "abroad_place": member.abroad_place}


class SqlMembers:
    def __init__(self, conn: SqlConnection) -> None:
        self._conn = conn

    async def get(self, key: str, *, for_update: bool = False) -> Member | None:
        """The member; ``for_update`` locks the row (PostgreSQL; on SQLite the unit of work
        holds the write lock from its first statement)."""
        result = await self._conn.execute(_MEMBER_FOR_UPDATE if for_update else _MEMBER, {"key": key})
        row = result.first()
        return _member(row) if row else None

    async def lock_for_event(self, key: str, event_id: str, at: datetime) -> tuple[bool, Member | None]:
        """Record the event id; if it is new, the member locked as by ``get(for_update=True)``.

        PostgreSQL: one statement (``_EVENT_AND_MEMBER``); SQLite: the two statements (the
        unit of work already holds the write lock from its BEGIN IMMEDIATE).
        """
        if self._conn.dialect.name != "postgresql":
            if not await SqlEvents(self._conn).record(event_id, at):
                return False, None
            return True, await self.get(key, for_update=True)
        row = (await self._conn.execute(_EVENT_AND_MEMBER, {"event_id": event_digest(event_id),
                                                            "seen_at": at, "key": key})).first()
        if row is None:
            return False, None
        return True, _member(row) if row.key is not None else None

    async def by_ref(self, ref: str) -> Member | None:
        row = (await self._conn.execute(select(members).where(members.c.ref == ref))).first()
        return _member(row) if row else None

    async def add(self, member: Member) -> None:
        await self._conn.execute(_MEMBER_INSERT, {"key": member.key, **_member_values(member)})

    async def save(self, member: Member) -> None:
        await self._conn.execute(_MEMBER_SAVE, {"b_key": member.key, **_member_values(member)})

    async def delete(self, key: str) -> None:
        await self._conn.execute(delete(members).where(members.c.key == key))

    async def clear_risk(self, ref: str) -> bool:
        result = await self._conn.execute(update(members).where(
            members.c.ref == ref, members.c.at_risk.is_(True))
            .values(at_risk=False, risk_flagged_at=None, risk_category=None)
            .returning(members.c.key))
        return result.first() is not None

    async def flagged(self) -> list[Member]:
        rows = await self._conn.execute(select(members).where(members.c.at_risk.is_(True))
                                        .order_by(members.c.created_at))
        return [_member(r) for r in rows]


def _group(row: Row[Any]) -> Group:
    return Group(id=row.id, topic=row.topic, kind=row.kind, title=row.title, weekday=row.weekday,
                 start_time=row.start_time, timezone=row.timezone, capacity=row.capacity,
                 taken=row.taken, start_date=row.start_date, facilitator=row.facilitator,
                 duration_minutes=row.duration_minutes, key=row.key or f"group-{row.id}",
                 end_date=row.end_date, weeks=row.weeks, join_link=row.join_link,
                 join_mid_cycle=bool(row.join_mid_cycle), is_open=bool(row.is_open))


SCHEDULE_FIELDS = ("topic", "kind", "title", "weekday", "start_time", "timezone", "start_date",
                   "facilitator", "duration_minutes", "key", "end_date", "weeks", "join_link",
                   "join_mid_cycle", "is_open")


class SqlGroups:
    def __init__(self, conn: SqlConnection) -> None:
        self._conn = conn

    async def get(self, group_id: int) -> Group | None:
        if not 0 < group_id <= MAX_ID:  # from a forged action id: no such row can exist
            return None
        row = (await self._conn.execute(_GROUP, {"id": group_id})).first()
        return _group(row) if row else None

    async def all(self) -> list[Group]:
        rows = await self._conn.execute(_GROUPS)
        return [_group(r) for r in rows]

    async def add(self, group: Group) -> Group:
        values: dict[str, Any] = {c: getattr(group, c) for c in (*SCHEDULE_FIELDS, "capacity", "taken")}
        result = await self._conn.execute(insert(groups).values(**values).returning(groups.c.id))
        new_id = result.scalar_one()
        if not group.key:
            values["key"] = f"group-{new_id}"
            await self._conn.execute(update(groups).where(groups.c.id == new_id).values(key=values["key"]))
        return Group(**{**values, "id": new_id})

    async def by_key(self, key: str) -> Group | None:
        row = (await self._conn.execute(select(groups).where(groups.c.key == key))).first()
        return _group(row) if row else None

    async def set_capacity(self, group_id: int, capacity: int) -> bool:
        """One conditional UPDATE: a booking committing meanwhile is counted, never overrun."""
        result = await self._conn.execute(
            update(groups).where(groups.c.id == group_id, groups.c.taken <= capacity)
            .values(capacity=capacity).returning(groups.c.id))
        return result.first() is not None

    async def set_open(self, group_id: int, is_open: bool) -> None:
        await self._conn.execute(update(groups).where(groups.c.id == group_id).values(is_open=is_open))

    async def update(self, group: Group) -> None:
        await self._conn.execute(update(groups).where(groups.c.id == group.id)
                                 .values(**{c: getattr(group, c) for c in SCHEDULE_FIELDS}))

    async def cancel_session(self, group_id: int, day: date, at: datetime) -> bool:
        maker = postgresql.insert if self._conn.dialect.name == "postgresql" else sqlite.insert
        statement = (maker(cancelled_sessions).values(group_id=group_id, session_date=day, at=at)
                     .on_conflict_do_nothing(index_elements=["group_id", "session_date"])
                     .returning(cancelled_sessions.c.id))
        return (await self._conn.execute(statement)).first() is not None

    async def cancelled_sessions(self, group_id: int) -> set[date]:
        rows = await self._conn.execute(_CANCELLED_DATES, {"group_id": group_id})
        return set(rows.scalars())

    async def take_seat(self, group_id: int) -> bool:
        """Race-free: only one writer can move ``taken`` past ``capacity`` - none can.

        On PostgreSQL the group row stays locked to the end of the transaction, seat or
        not, so one group's bookings queue: a waitlist place counted after a full
        ``take_seat`` is the place the booking keeps (ids are drawn in lock order).
        SQLite already lets one writer in at a time.
        """
        if self._conn.dialect.name == "postgresql":
            await self._conn.execute(_GROUP_LOCK, {"id": group_id})
        result = await self._conn.execute(_TAKE_SEAT, {"b_id": group_id})
        return result.first() is not None

    async def release_seat(self, group_id: int) -> None:
        await self._conn.execute(update(groups).where(groups.c.id == group_id, groups.c.taken > 0)
                                 .values(taken=groups.c.taken - 1))


def _booking(row: Row[Any]) -> Booking:
    return Booking(id=row.id, ref=row.ref, member_key=row.member_key, group_id=row.group_id,
                   status=row.status, created_at=row.created_at)


class SqlBookings:
    def __init__(self, conn: SqlConnection) -> None:
        self._conn = conn

    async def for_member(self, member_key: str) -> list[Booking]:
        rows = await self._conn.execute(_MEMBER_BOOKINGS, {"member_key": member_key})
        return [_booking(r) for r in rows]

    async def find(self, member_key: str, group_id: int) -> Booking | None:
        row = (await self._conn.execute(_BOOKING_FIND,
                                        {"member_key": member_key, "group_id": group_id})).first()
        return _booking(row) if row else None

    async def by_ref(self, ref: str) -> Booking | None:
        row = (await self._conn.execute(select(bookings).where(bookings.c.ref == ref))).first()
        return _booking(row) if row else None

    async def add(self, member_key: str, group_id: int, status: BookingStatus, ref: str,
                  at: datetime) -> Booking:
        result = await self._conn.execute(_BOOKING_INSERT, {
            "ref": ref, "member_key": member_key, "group_id": group_id, "status": status,
            "created_at": at})
        return Booking(result.scalar_one(), ref, member_key, group_id, status, at)

    async def delete(self, booking_id: int) -> BookingStatus | None:
        result = await self._conn.execute(delete(bookings).where(bookings.c.id == booking_id)
                                          .returning(bookings.c.status))
        return result.scalar_one_or_none()

    async def first_waitlisted(self, group_id: int) -> Booking | None:
        row = (await self._conn.execute(
            select(bookings).where(bookings.c.group_id == group_id, bookings.c.status == "waitlisted")
            .order_by(bookings.c.id).limit(1).with_for_update())).first()
        return _booking(row) if row else None

    async def confirm(self, booking_id: int) -> None:
        await self._conn.execute(update(bookings).where(bookings.c.id == booking_id)
                                 .values(status="confirmed"))

    async def waitlist_position(self, booking: Booking) -> int:
        result = await self._conn.execute(_WAITLIST_POSITION, {"group_id": booking.group_id,
                                                               "id": booking.id})
        return int(result.scalar_one())

    async def move(self, booking_id: int, to_group_id: int) -> BookingStatus | None:
        """Take a seat in the new group, move the booking there, release the old seat.

        All in the caller's transaction; the seat is taken with the same conditional
        UPDATE as a booking, so a full group is never overfilled. None (nothing changed)
        when the booking is gone or the new group is full; else the booking's old status.
        """
        row = (await self._conn.execute(select(bookings.c.group_id, bookings.c.status)
                                        .where(bookings.c.id == booking_id).with_for_update())).first()
        if row is None:
            return None
        taken = await self._conn.execute(update(groups).where(
            groups.c.id == to_group_id, groups.c.taken < groups.c.capacity)
            .values(taken=groups.c.taken + 1))
        if taken.rowcount != 1:
            return None
        await self._conn.execute(update(bookings).where(bookings.c.id == booking_id)
                                 .values(group_id=to_group_id, status="confirmed"))
        if row.status == "confirmed":
            await self._conn.execute(update(groups).where(groups.c.id == row.group_id, groups.c.taken > 0)
                                     .values(taken=groups.c.taken - 1))
        status: BookingStatus = row.status
        return status
    async def for_group(self, group_id: int) -> list[Booking]:
        rows = await self._conn.execute(select(bookings).where(bookings.c.group_id == group_id)
                                        .order_by(bookings.c.id))
        return [_booking(r) for r in rows]


class SqlEvents:
    def __init__(self, conn: SqlConnection) -> None:
        self._conn = conn

    async def record(self, event_id: str, at: datetime) -> bool:
        """Stored as a digest: an event id supplied by a client could carry anything."""
        statement = _EVENT_RECORD[self._conn.dialect.name]
        return (await self._conn.execute(statement, {"event_id": event_digest(event_id),
                                                     "seen_at": at})).first() is not None

    async def purge(self, before: datetime, limit: int) -> int:
        """Delete at most ``limit`` ids seen before ``before`` (oldest first), in one statement."""
        old = (select(processed_events.c.event_id).where(processed_events.c.seen_at < before)
               .order_by(processed_events.c.seen_at).limit(limit))
        result = await self._conn.execute(delete(processed_events)
                                          .where(processed_events.c.event_id.in_(old)))
        return int(result.rowcount or 0)


def _item(row: Row[Any]) -> OutboxItem:
    buttons, files = extra_from_json(row.extra)
    notice = Notice(audience=row.audience, kind=row.kind, text=row.text,
                    member_key=row.member_key, urgent=row.urgent, platform=row.platform, ref=row.ref,
                    buttons=buttons, files=files)
    return OutboxItem(id=row.id, notice=notice, attempts=row.attempts, created_at=row.created_at,
                      message_id=row.message_id)


class SqlOutbox:
    def __init__(self, conn: SqlConnection) -> None:
        self._conn = conn

    async def add(self, notice: Notice, at: datetime) -> None:
        """Queue a notice; a new urgent or handoff reference also opens its staff request."""
        await self._conn.execute(_OUTBOX_INSERT, dict(
            audience=notice.audience, kind=notice.kind, text=notice.text,
            member_key=notice.member_key, platform=notice.platform, urgent=notice.urgent, created_at=at,
            attempts=0, next_attempt_at=at, ref=notice.ref, extra=extra_json(notice)))
        if notice.ref and notice.kind in ("crisis", "handoff"):
            await self._conn.execute(_REQUEST_OPEN[self._conn.dialect.name], dict(
                ref=notice.ref, kind=notice.kind, urgent=notice.urgent, member_key=notice.member_key,
                platform=notice.platform, created_at=at, escalations=0))

    async def add_many(self, notices: Sequence[Notice], at: datetime) -> None:
        """Queue many notices in one executemany; any that opens a staff request goes by ``add``."""
        plain = [n for n in notices if not (n.ref and n.kind in ("crisis", "handoff"))]
        if plain:
            await self._conn.execute(insert(outbox), [dict(
                audience=n.audience, kind=n.kind, text=n.text, member_key=n.member_key,
                platform=n.platform, urgent=n.urgent, created_at=at, attempts=0, next_attempt_at=at,
                ref=n.ref, extra=extra_json(n)) for n in plain])
        for notice in notices:
            if notice.ref and notice.kind in ("crisis", "handoff"):
                await self.add(notice, at)

    async def claim_due(self, now: datetime, limit: int, lease_seconds: float,
                        platform: str) -> list[OutboxItem]:
        """Lease due rows to this relay; other relays skip locked and leased rows.

        A plain read first: with nothing due (nearly always) nothing is written or locked.
        A row that falls due just after it is found by the next round, as it would be anyway.
        """
        if (await self._conn.execute(_OUTBOX_ANY_DUE, {"platform": platform, "now": now})).first() is None:
            return []
        due = (select(outbox.c.id)
               .where(outbox.c.platform == platform, outbox.c.sent_at.is_(None),
                      outbox.c.next_attempt_at <= now,
                      or_(outbox.c.claimed_until.is_(None), outbox.c.claimed_until <= now))
               .order_by(outbox.c.urgent.desc(), outbox.c.id).limit(limit)
               .with_for_update(skip_locked=True))
        rows = await self._conn.execute(
            update(outbox).where(outbox.c.id.in_(due))
            .values(claimed_until=now + timedelta(seconds=lease_seconds))
            .returning(*outbox.c))
        return sorted((_item(r) for r in rows), key=lambda i: (not i.notice.urgent, i.id))

    async def mark_sent(self, item_id: int, at: datetime, message_id: str | None = None) -> None:
        await self._conn.execute(update(outbox).where(outbox.c.id == item_id)
                                 .values(sent_at=at, claimed_until=None, message_id=message_id))

    async def posted(self, ref: str, platform: str) -> list[OutboxItem]:
        rows = await self._conn.execute(select(outbox).where(
            outbox.c.ref == ref, outbox.c.platform == platform, outbox.c.sent_at.is_not(None),
            outbox.c.message_id.is_not(None)).order_by(outbox.c.id))
        return [_item(r) for r in rows]

    async def mark_failed(self, item_id: int, next_attempt_at: datetime, error: str) -> None:
        await self._conn.execute(update(outbox).where(outbox.c.id == item_id).values(
            attempts=outbox.c.attempts + 1, next_attempt_at=next_attempt_at,
            claimed_until=None, last_error=error[:200]))

    async def forget_member(self, member_key: str, member_ref: str) -> None:
        await self._conn.execute(delete(outbox).where(
            outbox.c.member_key == member_key,
            or_(outbox.c.sent_at.is_not(None), outbox.c.audience == "member")))
        await self._conn.execute(update(outbox).where(outbox.c.member_key == member_key).values(
            member_key=None, text=func.replace(outbox.c.text, member_ref, "a deleted member")))

    async def for_member(self, member_key: str) -> list[OutboxItem]:
        rows = await self._conn.execute(select(outbox).where(outbox.c.member_key == member_key)
                                        .order_by(outbox.c.id))
        return [_item(r) for r in rows]


class SqlAudit:
    def __init__(self, conn: SqlConnection) -> None:
        self._conn = conn

    async def record(self, action: str, at: datetime, *, actor: str | None = None,
                     subject: str | None = None) -> None:
        await self._conn.execute(insert(audit).values(action=action, at=at, actor=actor,
                                                      subject=subject))


_UNANSWERED_FILTER = (staff_requests.c.urgent.is_(True), staff_requests.c.acked_at.is_(None),
                      staff_requests.c.done_at.is_(None),
                      staff_requests.c.escalations <= bindparam("max"),
                      staff_requests.c.created_at <= bindparam("before"))
_UNANSWERED = (select(staff_requests).where(*_UNANSWERED_FILTER).order_by(staff_requests.c.id)
               .limit(bindparam("limit")))
_UNANSWERED_LOCKED = _UNANSWERED.with_for_update(skip_locked=True)
_ANY_UNANSWERED = select(staff_requests.c.id).where(*_UNANSWERED_FILTER).limit(1)


def _request(row: Row[Any]) -> StaffRequest:
    return StaffRequest(id=row.id, ref=row.ref, kind=row.kind, urgent=row.urgent,
                        member_key=row.member_key, platform=row.platform, created_at=row.created_at,
                        acked_by=row.acked_by, acked_at=row.acked_at, done_at=row.done_at,
                        escalations=row.escalations)


class SqlStaffRequests:
    def __init__(self, conn: SqlConnection) -> None:
        self._conn = conn

    async def get(self, ref: str) -> StaffRequest | None:
        row = (await self._conn.execute(select(staff_requests).where(staff_requests.c.ref == ref))).first()
        return _request(row) if row else None

    async def ack(self, ref: str, staff_key: str, at: datetime) -> StaffRequest | None:
        """Only the first acknowledgement is written (conditional UPDATE), so two presses at
        once agree on who took it."""
        await self._conn.execute(update(staff_requests).where(
            staff_requests.c.ref == ref, staff_requests.c.acked_at.is_(None))
            .values(acked_by=staff_key, acked_at=at))
        return await self.get(ref)

    async def done(self, ref: str, staff_key: str, at: datetime) -> StaffRequest | None:
        await self.ack(ref, staff_key, at)
        await self._conn.execute(update(staff_requests).where(
            staff_requests.c.ref == ref, staff_requests.c.done_at.is_(None)).values(done_at=at))
        return await self.get(ref)

    async def ack_open_for_member(self, member_key: str, staff_key: str, at: datetime) -> list[str]:
        result = await self._conn.execute(update(staff_requests).where(
            staff_requests.c.member_key == member_key, staff_requests.c.urgent.is_(True),
            staff_requests.c.acked_at.is_(None)).values(acked_by=staff_key, acked_at=at)
            .returning(staff_requests.c.ref))
        return sorted(result.scalars())

    async def open_queue(self) -> list[StaffRequest]:
        rows = await self._conn.execute(select(staff_requests).where(
            staff_requests.c.kind == "handoff", staff_requests.c.done_at.is_(None))
            .order_by(staff_requests.c.created_at, staff_requests.c.id))
        return [_request(r) for r in rows]

    async def claim_unanswered(self, created_before: datetime, max_escalations: int,
                               limit: int) -> list[StaffRequest]:
        params = {"before": created_before, "max": max_escalations, "limit": limit}
        if self._conn.dialect.name == "sqlite":
            # The unit of work holds SQLite's write lock from its BEGIN IMMEDIATE, so no other
            # process can escalate from a stale read.
            return [_request(r) for r in await self._conn.execute(_UNANSWERED, params)]
        # A plain read first: with nothing due (nearly always) no row is locked.
        if (await self._conn.execute(_ANY_UNANSWERED, params)).first() is None:
            return []
        return [_request(r) for r in await self._conn.execute(_UNANSWERED_LOCKED, params)]

    async def escalate(self, request_id: int, seen: int, to: int | None = None) -> bool:
        result = await self._conn.execute(
            update(staff_requests).where(staff_requests.c.id == request_id,
                                         staff_requests.c.escalations == seen)
            .values(escalations=seen + 1 if to is None else to).returning(staff_requests.c.id))
        return result.first() is not None

    async def open_urgent_for_member(self, member_key: str) -> StaffRequest | None:
        row = (await self._conn.execute(select(staff_requests).where(
            staff_requests.c.member_key == member_key, staff_requests.c.urgent.is_(True),
            staff_requests.c.acked_at.is_(None), staff_requests.c.done_at.is_(None))
            .order_by(staff_requests.c.id).limit(1))).first()
        return _request(row) if row else None



