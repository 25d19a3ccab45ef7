"""Filling freed or added seats from a group's waitlist, in order, telling each member.

This is the one promotion path (a cancel, a removal, a capacity raise, a move, a schedule
change all end here). A member who joined a full session's waitlist to switch to it kept
their old seat while waiting; when the new seat opens, the switch completes: the old seat is
released (and fills from its own waitlist), so nobody ever holds two places in one group topic.

A group that runs in cycles and doesn't take members part-way through (``join_mid_cycle``
false) promotes nobody once its cycle has begun: a seat that opens then is held for the next
cycle (staff are told), and the waitlist is promoted, in order, when the schedule gives the
group its next cycle's dates (``frontdoor schedule apply`` ends here too); those members are
told their seat is in the next cycle, with its first date and their calendar file.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot import times
from bot.calendar_file import calendar_file
from bot.domain import Booking, Group, Notice
from bot.notices import NoticeWriter
from bot.ports import UnitOfWork
from bot.sessions import (
    cycle_started,
    day_text,
    first_date,
    next_cycle_start,
    takes_new_members,
)


async def fill_from_waitlist(uow: UnitOfWork, group: Group, notices: NoticeWriter,
                             now: datetime) -> list[Booking]:
    """Promote waitlisted members (oldest first) while the group has seats; returns them.

    Nobody is promoted into a cycle under way that doesn't take members part-way through:
    the free seats are held for the next cycle (see ``held_for_next_cycle``)."""
    if not takes_new_members(group, now):
        if group.seats_left > 0:
            waiting = await uow.bookings.first_waitlisted(group.id)
            if waiting is not None:
                held = notices.held_for_next_cycle(group, waiting, next_cycle_start(group))
                await uow.outbox.add(held, now)
        return []
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
            when = await times.group_when_of(uow, group, waiting.member_key, now)
            told = _told(notices, group, waiting, now, when)
            await uow.outbox.add(await _with_calendar(uow, told, group, waiting, now), now)
            continue
        old_group, old = kept
        status = await uow.bookings.delete(old.id)
        await uow.outbox.add(notices.moved(old_group, group, waiting), now)
        when = await times.group_when_of(uow, group, waiting.member_key, now)
        await uow.outbox.add(await _with_calendar(uow, notices.member_switched(old_group, group, waiting, when),
                                                  group, waiting, now), now)
        if status == "confirmed":
            await uow.groups.release_seat(old_group.id)
            fresh = await uow.groups.get(old_group.id)
            if fresh is not None:
                promoted += await fill_from_waitlist(uow, fresh, notices, now)


def held_for_next_cycle(group: Group, now: datetime) -> str:
    """For a staff reply: '' when freed seats go to the waitlist now, else where they go."""
    if takes_new_members(group, now):
        return ""
    nxt = next_cycle_start(group)
    when = f" (from {day_text(nxt)})" if nxt else ""
    return (f"{group.key} doesn't take members part-way through a cycle, so a free seat is "
            f"held for the next cycle{when}: its waitlist is promoted, in order, when the next "
            "cycle's dates are applied (frontdoor schedule apply).")


def _told(notices: NoticeWriter, group: Group, booking: Booking, now: datetime, when: str) -> Notice:
    """'A seat is yours' (its time as the member reads it): in a group in cycles whose cycle
    is still to begin, a seat in that cycle."""
    if group.last_session_day() is not None and not cycle_started(group, now):
        return notices.member_promoted_to_cycle(group, booking, first_date(group), when)
    return notices.member_promoted(group, booking, when)


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
