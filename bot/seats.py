"""Filling freed or added seats from a group's waitlist, in order, telling each member.

This is the one promotion path (a cancel, a removal, a capacity raise, a move all end
here). A member who joined a full session's waitlist to switch to it kept their old seat
while waiting; when the new seat opens, the switch completes: the old seat is released
(and fills from its own waitlist), so nobody ever holds two places in one group topic.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.calendar_file import calendar_file
from bot.domain import Booking, Group, Notice
from bot.notices import NoticeWriter
from bot.ports import UnitOfWork


async def fill_from_waitlist(uow: UnitOfWork, group: Group, notices: NoticeWriter,
                             now: datetime) -> list[Booking]:
    """Promote waitlisted members (oldest first) while the group has seats; returns them."""
    promoted: list[Booking] = []
    while True:
        waiting = await uow.bookings.first_waitlisted(group.id)
        if waiting is None or not await uow.groups.take_seat(group.id):
            return promoted
        await uow.bookings.confirm(waiting.id)
        promoted.append(waiting)
        kept = await _seat_kept_while_waiting(uow, group, waiting)
        if kept is None:
            await uow.outbox.add(notices.promoted(group, waiting), now)
            await uow.outbox.add(await _with_calendar(uow, notices.member_promoted(group, waiting),
                                                      group, waiting, now), now)
            continue
        old_group, old = kept
        status = await uow.bookings.delete(old.id)
        await uow.outbox.add(notices.moved(old_group, group, waiting), now)
        await uow.outbox.add(await _with_calendar(uow, notices.member_switched(old_group, group, waiting),
                                                  group, waiting, now), now)
        if status == "confirmed":
            await uow.groups.release_seat(old_group.id)
            fresh = await uow.groups.get(old_group.id)
            if fresh is not None:
                promoted += await fill_from_waitlist(uow, fresh, notices, now)


async def _with_calendar(uow: UnitOfWork, notice: Notice, group: Group, booking: Booking,
                         now: datetime) -> Notice:
    """A promoted member's "a seat is yours" message carries their calendar file."""
    cancelled = await uow.groups.cancelled_sessions(group.id)
    confirmed = replace(booking, status="confirmed")
    return replace(notice, files=(calendar_file(group, confirmed, now, cancelled=cancelled),))


async def _seat_kept_while_waiting(uow: UnitOfWork, group: Group,
                                   promoted: Booking) -> tuple[Group, Booking] | None:
    """The member's other place in the same topic: the seat they kept while waiting to switch."""
    for held in await uow.bookings.for_member(promoted.member_key):
        if held.id == promoted.id:
            continue
        other = await uow.groups.get(held.group_id)
        if other is not None and other.topic == group.topic:
            return other, held
    return None
