"""The ports the core needs from the outside world: store, clock, notifier."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from types import TracebackType
from typing import Protocol, Self

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


class StoreUnavailable(Exception):
    """The store cannot be reached (connection refused, timed out, gone away)."""


class StoreConflict(Exception):
    """A write clashed with another (unique constraint); the transaction was rolled back."""


class DeliveryError(Exception):
    """A notice could not be delivered now; ``retry_after`` is the platform's hint in seconds."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class Clock(Protocol):
    def now(self) -> datetime: ...


class Members(Protocol):
    async def get(self, key: str, *, for_update: bool = False) -> Member | None: ...
    async def lock_for_event(self, key: str, event_id: str, at: datetime) -> tuple[bool, Member | None]:
        """Record a platform event id (as ``Events.record``) and, only if it is new, lock the
        member (as ``get(key, for_update=True)``): ``(False, None)`` for a duplicate, which
        locks nothing; ``(True, None)`` for a new event from a member not stored yet. One
        round trip on PostgreSQL."""
        ...
    async def by_ref(self, ref: str) -> Member | None: ...
    async def add(self, member: Member) -> None: ...
    async def save(self, member: Member) -> None: ...
    async def delete(self, key: str) -> None: ...
    async def flagged(self) -> list[Member]: ...
    async def clear_risk(self, ref: str) -> bool:
        """Clear the risk flag of the member with this reference; False if none was set."""
        ...


class Groups(Protocol):
    async def get(self, group_id: int) -> Group | None: ...
    async def all(self) -> list[Group]: ...
    async def add(self, group: Group) -> Group: ...
    async def take_seat(self, group_id: int) -> bool: ...
    async def release_seat(self, group_id: int) -> None: ...
    async def by_key(self, key: str) -> Group | None: ...
    async def set_capacity(self, group_id: int, capacity: int) -> bool:
        """Change the capacity unless it is below the seats taken (race-free); False if refused."""
        ...
    async def set_open(self, group_id: int, is_open: bool) -> None: ...
    async def update(self, group: Group) -> None:
        """Write every schedule field of ``group`` (not ``taken``, not ``capacity``)."""
        ...
    async def cancel_session(self, group_id: int, day: date, at: datetime) -> bool:
        """Record one cancelled session; False if that date was already cancelled."""
        ...
    async def cancelled_sessions(self, group_id: int) -> set[date]: ...


class Bookings(Protocol):
    async def for_member(self, member_key: str) -> list[Booking]: ...
    async def find(self, member_key: str, group_id: int) -> Booking | None: ...
    async def by_ref(self, ref: str) -> Booking | None: ...
    async def add(self, member_key: str, group_id: int, status: BookingStatus,
                  ref: str, at: datetime) -> Booking: ...
    async def delete(self, booking_id: int) -> BookingStatus | None:
        """Remove a booking; its status as it was when removed (None if already gone)."""
        ...
    async def first_waitlisted(self, group_id: int) -> Booking | None: ...
    async def confirm(self, booking_id: int) -> None: ...
    async def waitlist_position(self, booking: Booking) -> int: ...
    async def move(self, booking_id: int, to_group_id: int) -> BookingStatus | None:
        """Atomically: take a seat in ``to_group_id``, move the booking there (confirmed),
        release its old seat. None, changing nothing, if it is gone or the new group is full;
        else its status before the move (a released seat is the caller's to pass on)."""
    async def for_group(self, group_id: int) -> list[Booking]:
        """Every booking in a group, oldest first (confirmed and waitlisted)."""
        ...


class Events(Protocol):
    async def record(self, event_id: str, at: datetime) -> bool:
        """True the first time an event id is seen; False for a duplicate."""
        ...
    async def purge(self, before: datetime, limit: int) -> int:
        """Forget at most ``limit`` event ids seen before ``before``; how many went."""
        ...


class Outbox(Protocol):
    async def add(self, notice: Notice, at: datetime) -> None: ...
    async def add_many(self, notices: Sequence[Notice], at: datetime) -> None:
        """Queue many notices in one batched statement (a reminder tick's fan-out)."""
        ...
    async def claim_due(self, now: datetime, limit: int, lease_seconds: float,
                        platform: str) -> list[OutboxItem]: ...
    async def mark_sent(self, item_id: int, at: datetime, message_id: str | None = None) -> None:
        """Delivered; ``message_id`` is the platform's id of the posted message, if it may be
        updated later."""
        ...
    async def posted(self, ref: str, platform: str) -> list[OutboxItem]:
        """Delivered notices with this reference whose message id was recorded, oldest first."""
        ...
    async def mark_failed(self, item_id: int, next_attempt_at: datetime, error: str) -> None: ...
    async def forget_member(self, member_key: str, member_ref: str) -> None:
        """Drop delivered notices about the member; unlink and redact undelivered ones."""
        ...
    async def for_member(self, member_key: str) -> list[OutboxItem]: ...


class Audit(Protocol):
    async def record(self, action: str, at: datetime, *, actor: str | None = None,
                     subject: str | None = None) -> None:
        """What happened and when; ``actor`` a hashed staff id, ``subject`` a reference. No text."""
        ...


class StaffRequests(Protocol):
    """Urgent notices and "talk to a person" requests (opened by ``Outbox.add`` for a notice
    that carries a reference)."""

    async def get(self, ref: str) -> StaffRequest | None: ...
    async def ack(self, ref: str, staff_key: str, at: datetime) -> StaffRequest | None:
        """Record the first acknowledgement (later ones change nothing); the request as it is now."""
        ...
    async def done(self, ref: str, staff_key: str, at: datetime) -> StaffRequest | None:
        """Mark a request done (and acknowledged, if it was not); the request as it is now."""
        ...
    async def open_queue(self) -> list[StaffRequest]:
        """Open "talk to a person" requests, oldest first."""
        ...
    async def ack_open_for_member(self, member_key: str, staff_key: str, at: datetime) -> list[str]:
        """Acknowledge every unacknowledged urgent request about this member (staff have
        reached them); the references acknowledged."""
        ...
    async def claim_unanswered(self, created_before: datetime, max_escalations: int,
                               limit: int) -> list[StaffRequest]:
        """Lock urgent requests nobody acknowledged that may be due an escalation; other
        processes skip the locked rows."""
        ...
    async def escalate(self, request_id: int, seen: int, to: int | None = None) -> bool:
        """Set the escalation count to ``to`` (default ``seen + 1``) if it is still ``seen``;
        False if another process won."""
        ...
    async def open_urgent_for_member(self, member_key: str) -> StaffRequest | None:
        """The member's oldest urgent request nobody has taken (acknowledged or done), if any."""
        ...


class Reminders(Protocol):
    """The reminder schedule (one slot per group and offset), skipped weeks, and opt-outs."""

    async def slots(self) -> list[ReminderSlot]:
        """Every slot (at most groups x offsets rows), for re-syncing with the schedule."""
        ...
    async def put(self, group_id: int, offset_minutes: int, session_at: datetime,
                  due_at: datetime) -> None:
        """Create or re-aim the slot of (group, offset)."""
        ...
    async def drop(self, slot_id: int) -> None: ...
    async def claim_due(self, now: datetime, offsets: list[int], limit: int) -> list[ReminderSlot]:
        """Lock due slots (earliest first); other processes skip the locked rows."""
        ...
    async def advance(self, slot: ReminderSlot, session_at: datetime, due_at: datetime) -> bool:
        """Move a slot on to its next session if it is still as claimed; False if another
        process already did."""
        ...
    async def targets(self, group_id: int, session_date: date) -> list[ReminderTarget]:
        """Confirmed bookings of the group whose members want reminders and did not skip that date."""
        ...
    async def skip(self, booking_id: int, session_date: date, at: datetime) -> bool:
        """Record "can't make it" for one date; False if it was already recorded."""
        ...
    async def skipped(self, booking_id: int) -> set[date]: ...
    async def set_reminders(self, member_key: str, on: bool, at: datetime) -> bool:
        """Turn a member's reminders on or off; False if they already were."""
        ...
    async def reminders_on(self, member_key: str) -> bool: ...


class UnitOfWork(Protocol):
    """One transaction: everything written through it commits or rolls back together."""

    @property
    def members(self) -> Members: ...
    @property
    def groups(self) -> Groups: ...
    @property
    def bookings(self) -> Bookings: ...
    @property
    def events(self) -> Events: ...
    @property
    def outbox(self) -> Outbox: ...
    @property
    def audit(self) -> Audit: ...
    @property
    def requests(self) -> StaffRequests: ...
    @property
    def reminders(self) -> Reminders: ...

    async def __aenter__(self) -> Self: ...
    async def __aexit__(self, exc_type: type[BaseException] | None, error: BaseException | None,
                        tb: TracebackType | None) -> None: ...
    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


class Notifier(Protocol):
    """Delivers one stored notice (to the staff channel or to a member).

    Returns the platform's id of the posted message when it may be updated later (a staff
    notice with buttons), else None. ``earlier``: for an "urgent_taken" notice, the delivered
    notices of its reference (``Outbox.posted``), whose messages it marks taken, best effort.
    """

    async def deliver(self, item: OutboxItem, earlier: Sequence[OutboxItem] = ()) -> str | None: ...
