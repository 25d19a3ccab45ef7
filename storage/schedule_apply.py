"""Making the database match a schedule file (``frontdoor schedule apply``), and exporting it.

Idempotent and all-or-nothing: one transaction; a capacity below the seats already
taken is refused (and then nothing changes); a group missing from the file is closed
(no new bookings), never deleted; a capacity raise, or the next cycle's dates for a group
that holds seats for its next cycle, fills seats from the waitlist in order and tells those
members (through the outbox). A change to what a calendar shows (day, time, zone, dates,
title, facilitator, joining link) sends each confirmed member the new schedule with an
updated calendar file (same UID, higher SEQUENCE).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot import staff_notices, times
from bot.calendar_file import calendar_file
from bot.domain import Group
from bot.notices import NoticeWriter
from bot.ports import UnitOfWork, UnitOfWorkFactory
from bot.seats import fill_from_waitlist
from storage.schedule_file import GroupEntry, dump_schedule

_IN_CALENDAR = ("title", "weekday", "start_time", "timezone", "duration_minutes", "start_date",
                "end_date", "weeks", "facilitator", "join_link")
_COMPARED = ("topic", "kind", "title", "weekday", "time", "timezone", "duration_minutes", "capacity",
             "start_date", "end_date", "weeks", "facilitator", "join_link", "join_mid_cycle", "open")


@dataclass
class ApplyResult:
    changes: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refused


def _show(value: object) -> str:
    return "none" if value is None else str(value)


def _differences(current: GroupEntry, wanted: GroupEntry) -> list[str]:
    return [f"{name} {_show(getattr(current, name))} -> {_show(getattr(wanted, name))}"
            for name in _COMPARED if getattr(current, name) != getattr(wanted, name)]


async def apply_schedule(uow_factory: UnitOfWorkFactory, entries: list[GroupEntry], now: datetime,
                         *, dry_run: bool = False, notices: NoticeWriter | None = None) -> ApplyResult:
    notices = notices or NoticeWriter()
    result = ApplyResult()
    async with uow_factory() as uow:
        existing: dict[str, Group] = {g.key: g for g in await uow.groups.all()}
        for entry in entries:
            group = existing.get(entry.key)
            if group is None:
                await uow.groups.add(entry.group())
                result.changes.append(f"created {entry.key}: {entry.title}, capacity {entry.capacity}")
                continue
            changed = _differences(GroupEntry.of(group), entry)
            if not changed:
                continue
            if entry.capacity != group.capacity:
                if not await uow.groups.set_capacity(group.id, entry.capacity):
                    result.refused.append(
                        f"refused {entry.key}: capacity {entry.capacity} is below the "
                        f"{group.taken} seats already taken")
                    continue
            await uow.groups.update(entry.group(group_id=group.id))
            result.changes.append(f"updated {entry.key}: {', '.join(changed)}")
            fresh = await uow.groups.get(group.id)
            if fresh is not None and _calendar_changed(group, fresh):
                told = await _send_calendar_updates(uow, fresh, now)
                if told:
                    result.changes.append(f"sent {told} updated calendar file"
                                          f"{'s' if told != 1 else ''} for {entry.key}")
            fresh = await uow.groups.get(group.id)  # more seats, or a next cycle's dates
            if fresh is not None:
                promoted = await fill_from_waitlist(uow, fresh, notices, now)
                if promoted:
                    result.changes.append(f"promoted {len(promoted)} from the waitlist of {entry.key}: "
                                          + ", ".join(b.ref for b in promoted))
        wanted = {entry.key for entry in entries}
        for key, group in existing.items():
            if key not in wanted and group.is_open:
                await uow.groups.set_open(group.id, False)
                result.changes.append(f"closed {key}: not in the file (its members keep their places)")
        if result.refused or dry_run:
            await uow.rollback()
        else:
            await uow.commit()
    return result


def _calendar_changed(old: Group, new: Group) -> bool:
    """Does a member's calendar file for this group say something else now?"""
    return any(getattr(old, name) != getattr(new, name) for name in _IN_CALENDAR)


async def _send_calendar_updates(uow: UnitOfWork, group: Group, now: datetime) -> int:
    """Each confirmed member gets the new schedule with its calendar file (same UID, higher
    SEQUENCE); a waitlist place was never in a calendar."""
    cancelled = await uow.groups.cancelled_sessions(group.id)
    confirmed = [b for b in await uow.bookings.for_group(group.id) if b.status == "confirmed"]
    for booking in confirmed:
        calendar = calendar_file(group, booking, now, cancelled=cancelled, update=True)
        when = await times.group_when_of(uow, group, booking.member_key, now)
        await uow.outbox.add(staff_notices.schedule_changed(group, booking, now, calendar, cancelled, when), now)
    return len(confirmed)


async def export_schedule(uow_factory: UnitOfWorkFactory) -> str:
    async with uow_factory() as uow:
        groups = await uow.groups.all()
    return dump_schedule([GroupEntry.of(g) for g in groups])
