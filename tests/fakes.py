"""Fakes of the core's ports (not mocks): an in-memory store, a settable clock, a notifier."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Self

from bot.domain import (
    Booking,
    BookingStatus,
    Group,
    Member,
    Notice,
    OutboxItem,
    ReminderSlot,
    ReminderTarget,
    StaffRequest,
)
from bot.ports import DeliveryError, StoreConflict, StoreUnavailable


class FakeClock:
    def __init__(self, start: datetime = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)) -> None:
        self.current = start

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@dataclass
class StoredOutbox:
    item: OutboxItem
    next_attempt_at: datetime
    claimed_until: datetime | None = None
    sent_at: datetime | None = None


@dataclass
class StoreData:
    members: dict[str, Member] = field(default_factory=dict)
    groups: dict[int, Group] = field(default_factory=dict)
    bookings: dict[int, Booking] = field(default_factory=dict)
    events: dict[str, datetime] = field(default_factory=dict)  # event id -> seen at
    outbox: dict[int, StoredOutbox] = field(default_factory=dict)
    audit: list[tuple[str, datetime]] = field(default_factory=list)
    audit_rows: list[tuple[str, datetime, str | None, str | None]] = field(default_factory=list)
    requests: dict[str, StaffRequest] = field(default_factory=dict)
    cancelled: set[tuple[int, date]] = field(default_factory=set)
    reminder_slots: dict[tuple[int, int], ReminderSlot] = field(default_factory=dict)
    skipped: set[tuple[int, date]] = field(default_factory=set)
    reminders_off: set[str] = field(default_factory=set)


class FakeStore:
    """Committed data plus switches to make the store fail like a real one."""

    def __init__(self) -> None:
        self.data = StoreData()
        self.ids = itertools.count(1)
        self.unavailable = False
        self.fail_with: Exception | None = None  # any other failure the store might raise

    def __call__(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self)

    def add_group(self, **overrides: object) -> Group:
        from datetime import date, time
        values: dict[str, object] = dict(id=next(self.ids), topic="anxiety", kind="therapy",
                                         title="Anxiety group", weekday=1, start_time=time(18, 0),
                                         timezone="America/New_York", capacity=10, taken=0,
                                         start_date=date(2027, 1, 5), facilitator="Jordan Lee, LMHC")
        values.update(overrides)
        values.setdefault("key", f"{values['topic']}-{values['id']}".replace("_", "-"))
        group = Group(**values)  # type: ignore[arg-type]
        self.data.groups[group.id] = group
        return group

    def staff_texts(self) -> list[str]:
        return [s.item.notice.text for s in self.data.outbox.values() if s.item.notice.audience == "staff"]


class _Repo:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self.uow = uow

    @property
    def d(self) -> StoreData:
        self.uow.check()
        return self.uow.data


class FakeMembers(_Repo):
    async def get(self, key: str, *, for_update: bool = False) -> Member | None:
        member = self.d.members.get(key)
        return copy.deepcopy(member)

    async def lock_for_event(self, key: str, event_id: str, at: datetime) -> tuple[bool, Member | None]:
        if event_id in self.d.events:
            return False, None
        self.d.events[event_id] = at
        return True, await self.get(key, for_update=True)

    async def by_ref(self, ref: str) -> Member | None:
        return next((copy.deepcopy(m) for m in self.d.members.values() if m.ref == ref), None)

    async def add(self, member: Member) -> None:
        if member.key in self.d.members:
            raise StoreConflict("duplicate member")
        self.d.members[member.key] = copy.deepcopy(member)

    async def save(self, member: Member) -> None:
        self.d.members[member.key] = copy.deepcopy(member)

    async def delete(self, key: str) -> None:
        self.d.members.pop(key, None)
        self.d.reminders_off.discard(key)
        for ref, request in list(self.d.requests.items()):
            if request.member_key == key:
                self.d.requests[ref] = replace(request, member_key=None)
        for booking_id in [b.id for b in self.d.bookings.values() if b.member_key == key]:
            del self.d.bookings[booking_id]

    async def clear_risk(self, ref: str) -> bool:
        member = next((m for m in self.d.members.values() if m.ref == ref and m.at_risk), None)
        if member is None:
            return False
        member.at_risk = False
        member.risk_flagged_at = member.risk_category = None
        return True

    async def flagged(self) -> list[Member]:
        return [copy.deepcopy(m) for m in self.d.members.values() if m.at_risk]


class FakeGroups(_Repo):
    async def get(self, group_id: int) -> Group | None:
        return self.d.groups.get(group_id)

    async def all(self) -> list[Group]:
        return sorted(self.d.groups.values(), key=lambda g: g.id)

    async def add(self, group: Group) -> Group:
        group = replace(group, id=next(self.uow.store.ids))
        self.d.groups[group.id] = group
        return group

    async def take_seat(self, group_id: int) -> bool:
        group = self.d.groups[group_id]
        if group.taken >= group.capacity:
            return False
        self.d.groups[group_id] = replace(group, taken=group.taken + 1)
        return True

    async def release_seat(self, group_id: int) -> None:
        group = self.d.groups[group_id]
        self.d.groups[group_id] = replace(group, taken=max(0, group.taken - 1))

    async def by_key(self, key: str) -> Group | None:
        return next((g for g in self.d.groups.values() if g.key == key), None)

    async def set_capacity(self, group_id: int, capacity: int) -> bool:
        group = self.d.groups[group_id]
        if group.taken > capacity:
            return False
        self.d.groups[group_id] = replace(group, capacity=capacity)
        return True

    async def set_open(self, group_id: int, is_open: bool) -> None:
        self.d.groups[group_id] = replace(self.d.groups[group_id], is_open=is_open)

    async def update(self, group: Group) -> None:
        stored = self.d.groups[group.id]
        self.d.groups[group.id] = replace(group, capacity=stored.capacity, taken=stored.taken)

    async def cancel_session(self, group_id: int, day: date, at: datetime) -> bool:
        if (group_id, day) in self.d.cancelled:
            return False
        self.d.cancelled.add((group_id, day))
        return True

    async def cancelled_sessions(self, group_id: int) -> set[date]:
        return {day for gid, day in self.d.cancelled if gid == group_id}


class FakeBookings(_Repo):
    async def for_member(self, member_key: str) -> list[Booking]:
        return sorted((b for b in self.d.bookings.values() if b.member_key == member_key), key=lambda b: b.id)

    async def find(self, member_key: str, group_id: int) -> Booking | None:
        return next((b for b in self.d.bookings.values()
                     if b.member_key == member_key and b.group_id == group_id), None)

    async def by_ref(self, ref: str) -> Booking | None:
        return next((b for b in self.d.bookings.values() if b.ref == ref), None)

    async def add(self, member_key: str, group_id: int, status: BookingStatus, ref: str,
                  at: datetime) -> Booking:
        if await self.find(member_key, group_id) is not None:
            raise StoreConflict("unique (member, group)")
        booking = Booking(next(self.uow.store.ids), ref, member_key, group_id, status, at)
        self.d.bookings[booking.id] = booking
        return booking

    async def delete(self, booking_id: int) -> BookingStatus | None:
        gone = self.d.bookings.pop(booking_id, None)
        return gone.status if gone else None

    async def first_waitlisted(self, group_id: int) -> Booking | None:
        waiting = sorted((b for b in self.d.bookings.values()
                          if b.group_id == group_id and b.status == "waitlisted"), key=lambda b: b.id)
        return waiting[0] if waiting else None

    async def confirm(self, booking_id: int) -> None:
        self.d.bookings[booking_id] = replace(self.d.bookings[booking_id], status="confirmed")

    async def move(self, booking_id: int, to_group_id: int) -> BookingStatus | None:
        booking = self.d.bookings.get(booking_id)
        target = self.d.groups.get(to_group_id)
        if booking is None or target is None or target.taken >= target.capacity:
            return None
        self.d.groups[to_group_id] = replace(target, taken=target.taken + 1)
        self.d.bookings[booking_id] = replace(booking, group_id=to_group_id, status="confirmed")
        if booking.status == "confirmed":
            old = self.d.groups[booking.group_id]
            self.d.groups[old.id] = replace(old, taken=max(0, old.taken - 1))
        return booking.status

    async def waitlist_position(self, booking: Booking) -> int:
        return sum(1 for b in self.d.bookings.values() if b.group_id == booking.group_id
                   and b.status == "waitlisted" and b.id <= booking.id)

    async def for_group(self, group_id: int) -> list[Booking]:
        return sorted((b for b in self.d.bookings.values() if b.group_id == group_id), key=lambda b: b.id)


class FakeEvents(_Repo):
    async def record(self, event_id: str, at: datetime) -> bool:
        if event_id in self.d.events:
            return False
        self.d.events[event_id] = at
        return True

    async def purge(self, before: datetime, limit: int) -> int:
        old = sorted((at, e) for e, at in self.d.events.items() if at < before)[:limit]
        for _, event_id in old:
            del self.d.events[event_id]
        return len(old)


class FakeOutbox(_Repo):
    async def add(self, notice: Notice, at: datetime) -> None:
        item = OutboxItem(next(self.uow.store.ids), notice, 0, at)
        self.d.outbox[item.id] = StoredOutbox(item, at)
        if notice.ref and notice.kind in ("crisis", "handoff") and notice.ref not in self.d.requests:
            self.d.requests[notice.ref] = StaffRequest(
                next(self.uow.store.ids), notice.ref, notice.kind,  # type: ignore[arg-type]
                notice.urgent, notice.member_key, notice.platform, at)

    async def add_many(self, notices: Sequence[Notice], at: datetime) -> None:
        for notice in notices:
            await self.add(notice, at)

    async def claim_due(self, now: datetime, limit: int, lease_seconds: float,
                        platform: str) -> list[OutboxItem]:
        due = [s for s in sorted(self.d.outbox.values(), key=lambda s: (not s.item.notice.urgent, s.item.id))
               if s.item.notice.platform == platform and s.sent_at is None and s.next_attempt_at <= now
               and (s.claimed_until is None or s.claimed_until <= now)][:limit]
        for stored in due:
            stored.claimed_until = now + timedelta(seconds=lease_seconds)
        return [s.item for s in due]

    async def mark_sent(self, item_id: int, at: datetime, message_id: str | None = None) -> None:
        stored = self.d.outbox[item_id]
        stored.sent_at, stored.claimed_until = at, None
        stored.item = replace(stored.item, message_id=message_id)

    async def posted(self, ref: str, platform: str) -> list[OutboxItem]:
        return [s.item for s in sorted(self.d.outbox.values(), key=lambda s: s.item.id)
                if s.item.notice.ref == ref and s.item.notice.platform == platform
                and s.sent_at is not None and s.item.message_id is not None]

    async def mark_failed(self, item_id: int, next_attempt_at: datetime, error: str) -> None:
        stored = self.d.outbox[item_id]
        stored.item = replace(stored.item, attempts=stored.item.attempts + 1)
        stored.next_attempt_at, stored.claimed_until = next_attempt_at, None

    async def forget_member(self, member_key: str, member_ref: str) -> None:
        for item_id, stored in list(self.d.outbox.items()):
            notice = stored.item.notice
            if notice.member_key != member_key:
                continue
            if stored.sent_at is not None or notice.audience == "member":
                del self.d.outbox[item_id]
            else:
                text = notice.text.replace(member_ref, "a deleted member")
                stored.item = replace(stored.item, notice=replace(notice, member_key=None, text=text))

    async def for_member(self, member_key: str) -> list[OutboxItem]:
        return [s.item for s in self.d.outbox.values() if s.item.notice.member_key == member_key]


class FakeAudit(_Repo):
    async def record(self, action: str, at: datetime, *, actor: str | None = None,
                     subject: str | None = None) -> None:
        self.d.audit.append((action, at))
        self.d.audit_rows.append((action, at, actor, subject))


class FakeStaffRequests(_Repo):
    async def get(self, ref: str) -> StaffRequest | None:
        return self.d.requests.get(ref)

    async def ack(self, ref: str, staff_key: str, at: datetime) -> StaffRequest | None:
        request = self.d.requests.get(ref)
        if request is not None and request.acked_at is None:
            request = self.d.requests[ref] = replace(request, acked_by=staff_key, acked_at=at)
        return request

    async def done(self, ref: str, staff_key: str, at: datetime) -> StaffRequest | None:
        request = await self.ack(ref, staff_key, at)
        if request is not None and request.done_at is None:
            request = self.d.requests[ref] = replace(request, done_at=at)
        return request

    async def ack_open_for_member(self, member_key: str, staff_key: str, at: datetime) -> list[str]:
        taken = sorted(ref for ref, r in self.d.requests.items()
                       if r.member_key == member_key and r.urgent and r.acked_at is None)
        for ref in taken:
            self.d.requests[ref] = replace(self.d.requests[ref], acked_by=staff_key, acked_at=at)
        return taken

    async def open_queue(self) -> list[StaffRequest]:
        return sorted((r for r in self.d.requests.values() if r.kind == "handoff" and r.done_at is None),
                      key=lambda r: (r.created_at, r.id))

    async def claim_unanswered(self, created_before: datetime, max_escalations: int,
                               limit: int) -> list[StaffRequest]:
        due = [r for r in self.d.requests.values() if r.urgent and r.acked_at is None
               and r.done_at is None and r.escalations <= max_escalations
               and r.created_at <= created_before]
        return sorted(due, key=lambda r: r.id)[:limit]

    async def escalate(self, request_id: int, seen: int, to: int | None = None) -> bool:
        for ref, request in self.d.requests.items():
            if request.id == request_id and request.escalations == seen:
                self.d.requests[ref] = replace(request, escalations=seen + 1 if to is None else to)
                return True
        return False

    async def open_urgent_for_member(self, member_key: str) -> StaffRequest | None:
        open_ = [r for r in self.d.requests.values() if r.member_key == member_key and r.urgent
                 and r.acked_at is None and r.done_at is None]
        return min(open_, key=lambda r: r.id, default=None)


class FakeReminders(_Repo):
    async def slots(self) -> list[ReminderSlot]:
        return sorted(self.d.reminder_slots.values(), key=lambda s: s.id)

    async def put(self, group_id: int, offset_minutes: int, session_at: datetime,
                  due_at: datetime) -> None:
        old = self.d.reminder_slots.get((group_id, offset_minutes))
        slot_id = old.id if old else next(self.uow.store.ids)
        self.d.reminder_slots[(group_id, offset_minutes)] = ReminderSlot(
            slot_id, group_id, offset_minutes, session_at, due_at)

    async def drop(self, slot_id: int) -> None:
        for key, slot in list(self.d.reminder_slots.items()):
            if slot.id == slot_id:
                del self.d.reminder_slots[key]

    async def claim_due(self, now: datetime, offsets: list[int], limit: int) -> list[ReminderSlot]:
        due = [s for s in self.d.reminder_slots.values()
               if s.due_at <= now and s.offset_minutes in offsets and s.group_id in self.d.groups]
        return sorted(due, key=lambda s: (s.due_at, s.id))[:limit]

    async def advance(self, slot: ReminderSlot, session_at: datetime, due_at: datetime) -> bool:
        key = (slot.group_id, slot.offset_minutes)
        current = self.d.reminder_slots.get(key)
        if current is None or current.session_at != slot.session_at:
            return False
        self.d.reminder_slots[key] = replace(current, session_at=session_at, due_at=due_at)
        return True

    async def targets(self, group_id: int, session_date: date) -> list[ReminderTarget]:
        found = []
        for booking in sorted(self.d.bookings.values(), key=lambda b: b.id):
            member = self.d.members.get(booking.member_key)
            if (booking.group_id != group_id or booking.status != "confirmed" or member is None
                    or member.key in self.d.reminders_off or (booking.id, session_date) in self.d.skipped):
                continue
            found.append(ReminderTarget(booking.id, booking.ref, member.key, member.timezone,
                                        member.residence_code))
        return found

    async def skip(self, booking_id: int, session_date: date, at: datetime) -> bool:
        if (booking_id, session_date) in self.d.skipped:
            return False
        self.d.skipped.add((booking_id, session_date))
        return True

    async def skipped(self, booking_id: int) -> set[date]:
        return {day for b, day in self.d.skipped if b == booking_id}

    async def set_reminders(self, member_key: str, on: bool, at: datetime) -> bool:
        was_on = member_key not in self.d.reminders_off
        if on:
            self.d.reminders_off.discard(member_key)
        else:
            self.d.reminders_off.add(member_key)
        return was_on != on

    async def reminders_on(self, member_key: str) -> bool:
        return member_key not in self.d.reminders_off


class FakeUnitOfWork:
    def __init__(self, store: FakeStore) -> None:
        self.store = store
        self.members = FakeMembers(self)
        self.groups = FakeGroups(self)
        self.bookings = FakeBookings(self)
        self.events = FakeEvents(self)
        self.outbox = FakeOutbox(self)
        self.audit = FakeAudit(self)
        self.requests = FakeStaffRequests(self)
        self.reminders = FakeReminders(self)

    def check(self) -> None:
        if self.store.unavailable:
            raise StoreUnavailable("fake store is down")
        if self.store.fail_with is not None:
            raise self.store.fail_with

    async def __aenter__(self) -> Self:
        self.check()
        self.data = copy.deepcopy(self.store.data)
        return self

    async def __aexit__(self, exc_type: object, error: object, tb: object) -> None:
        self.data = StoreData()

    async def commit(self) -> None:
        self.check()
        self.store.data = self.data
        self.data = copy.deepcopy(self.data)

    async def rollback(self) -> None:
        self.data = copy.deepcopy(self.store.data)


class RecordingNotifier:
    """Delivers into a list; can be told to fail the next N deliveries."""

    def __init__(self, failures: list[DeliveryError] | None = None) -> None:
        self.delivered: list[OutboxItem] = []
        self.failures = list(failures or [])
        self.attempts = 0

    async def deliver(self, item: OutboxItem, earlier: Sequence[OutboxItem] = ()) -> None:
        self.attempts += 1
        if self.failures:
            raise self.failures.pop(0)
        self.delivered.append(item)
