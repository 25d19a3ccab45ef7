"""Filling freed or added seats from a group's waitlist, in order, telling each member."""

from __future__ import annotations

from datetime import datetime

from bot.domain import Booking, Group
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
        await uow.outbox.add(notices.promoted(group, waiting), now)
        await uow.outbox.add(notices.member_promoted(group, waiting), now)
        promoted.append(waiting)
