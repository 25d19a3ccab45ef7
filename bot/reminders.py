"""Session reminders as due work: each confirmed member hears before each session, once.

The schedule is one *slot* per (group, offset), due at ``session - offset``. A tick claims
only the slots that are due (an indexed range, locked so other processes skip them),
moves each on to the group's next session in the same transaction as the outbox rows it
writes, and so sends every (booking, session, offset) at most once, across restarts and
processes. Fan-out is one group's confirmed bookings, never every member.

Nothing is sent for a session staff cancelled, a session already begun (a reminder
more than its offset late), or a larger offset whose nearer one is also due (the member
gets the nearer one); cancelled bookings and deleted members have no rows to remind;
waitlisted members and members who said "stop reminders" or "can't make it" that week
are left out.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot import actions, times
from bot.domain import Group, Notice, ReminderSlot, ReminderTarget
from bot.messages import Button
from bot.ports import UnitOfWork, UnitOfWorkFactory
from bot.sessions import first_session_after

log = logging.getLogger("frontdoor.reminders")

DEFAULT_OFFSETS = (24 * 60, 60)
_OFFSET = re.compile(r"^\s*(\d{1,5})\s*([mhd])\s*$")


def parse_offsets(raw: str) -> tuple[int, ...]:
    """'24h,1h' -> (1440, 60) minutes, largest first; ValueError naming the bad part."""
    found: set[int] = set()
    for part in raw.split(","):
        if not part.strip():
            continue
        match = _OFFSET.match(part.lower())
        if match is None:
            raise ValueError(f"{part.strip()!r} is not an offset like 24h, 90m or 2d")
        minutes = int(match.group(1)) * {"m": 1, "h": 60, "d": 1440}[match.group(2)]
        if not 1 <= minutes <= 14 * 1440:
            raise ValueError(f"{part.strip()!r} must be between 1 minute and 14 days")
        found.add(minutes)
    return tuple(sorted(found, reverse=True))


def reminder_notices(group: Group, targets: list[ReminderTarget], session_at: datetime,
                     now: datetime) -> list[Notice]:
    """One session's reminders, one per target; the time as each zone shows it is worked out
    once per zone (a group's members share a handful), not once per member."""
    said: dict[str | None, str] = {}
    day = f"{session_at.astimezone(ZoneInfo(group.timezone)):%Y%m%d}"
    link = (f" Joining link: {group.join_link}" if group.join_link
            else " Our team will send the joining details.")
    notices = []
    for target in targets:
        zone = times.zone_for(target.timezone, target.residence_code)
        if zone not in said:
            said[zone] = (f"Reminder: {group.title} is {_how_soon(session_at, now, zone or group.timezone)}, "
                          f"{times.when(session_at, group.timezone, zone)}, with {group.facilitator}.{link}")
        buttons = (Button("Can't make it this week", actions.encode("skip", f"{target.booking_ref}-{day}")),
                   Button("Cancel my seat", actions.encode("cancel", target.booking_ref), "danger"))
        notices.append(Notice("member", "reminder", f"{said[zone]} Booking {target.booking_ref}.",
                              member_key=target.member_key, buttons=buttons))
    return notices


def reminder_notice(group: Group, target: ReminderTarget, session_at: datetime,
                    now: datetime) -> Notice:
    [notice] = reminder_notices(group, [target], session_at, now)
    return notice


def _how_soon(session_at: datetime, now: datetime, zone: str) -> str:
    """'in an hour', 'in 40 minutes', 'today', 'tomorrow' or 'on Tue 12 Jan' (as the member's
    calendar counts days), from what is really left: a late reminder says it right."""
    minutes = round((session_at - now).total_seconds() / 60)
    if minutes <= 75:
        return "in an hour" if 55 <= minutes <= 65 else f"in {max(1, minutes)} minutes"
    local = ZoneInfo(zone)
    days = (session_at.astimezone(local).date() - now.astimezone(local).date()).days
    if days == 0:
        return "today"
    return "tomorrow" if days == 1 else f"on {times.day(session_at.astimezone(local))}"


class SessionReminders:
    """Due work: sync slots with the schedule now and then, send the reminders that are due."""

    def __init__(self, uow_factory: UnitOfWorkFactory, offsets: tuple[int, ...] = DEFAULT_OFFSETS,
                 *, batch: int = 50, sync_every: timedelta = timedelta(minutes=10)) -> None:
        self._uow_factory = uow_factory
        self._offsets = tuple(sorted(set(offsets), reverse=True))
        self._batch = batch
        self._sync_every = sync_every
        self._synced_at: datetime | None = None
        self.sent = 0  # reminders written to the outbox by this process (for benchmarks)

    async def run_due(self, now: datetime) -> None:
        if not self._offsets:
            return
        if self._synced_at is None or now - self._synced_at >= self._sync_every or now < self._synced_at:
            await self.sync(now)
        await self.send_due(now)

    async def sync(self, now: datetime) -> None:
        """Give every group a slot per offset aimed at its next session; re-aim slots whose
        session no longer matches the schedule (staff moved the time, the cycle ended)."""
        async with self._uow_factory() as uow:
            groups = {g.id: g for g in await uow.groups.all()}
            slots = {(s.group_id, s.offset_minutes): s for s in await uow.reminders.slots()}
            for group in groups.values():
                upcoming = first_session_after(group, now)
                for offset in self._offsets:
                    slot = slots.get((group.id, offset))
                    if slot is not None and slot.session_at > now and _still_a_session(group, slot):
                        continue
                    if slot is not None and slot.session_at <= now:
                        continue  # a due slot: the sender moves it on (sending nothing this late)
                    if upcoming is None:
                        if slot is not None:
                            await uow.reminders.drop(slot.id)
                        continue
                    await uow.reminders.put(group.id, offset, upcoming,
                                            upcoming - timedelta(minutes=offset))
            await uow.commit()
        self._synced_at = now

    async def send_due(self, now: datetime) -> int:
        """Send what is due by ``now``; returns how many reminders were written.

        One transaction: the claimed slots move on and their reminders are queued together,
        in one batched outbox insert, so a tick is kept whole or not at all."""
        notices: list[Notice] = []
        async with self._uow_factory() as uow:
            for slot in await uow.reminders.claim_due(now, list(self._offsets), self._batch):
                notices += await self._one(uow, slot, now)
            await uow.outbox.add_many(notices, now)
            await uow.commit()
        if notices:
            log.info("session reminders queued: %d", len(notices))
        self.sent += len(notices)
        return len(notices)

    async def _one(self, uow: UnitOfWork, slot: ReminderSlot, now: datetime) -> list[Notice]:
        """Move one claimed slot on; the reminders it is due to send (none if another process
        moved it first, or it is too late, or staff cancelled that session)."""
        group = await uow.groups.get(slot.group_id)
        if group is None:
            await uow.reminders.drop(slot.id)
            return []
        following = first_session_after(group, slot.session_at)
        if following is None:
            following = slot.session_at + timedelta(days=3650)  # parked until the schedule says more
        if not await uow.reminders.advance(slot, following, following - timedelta(minutes=slot.offset_minutes)):
            return []  # another process took it
        if not self._should_send(group, slot, now):
            return []
        local_day = slot.session_at.astimezone(ZoneInfo(group.timezone)).date()
        if local_day in await uow.groups.cancelled_sessions(group.id):
            return []
        return reminder_notices(group, await uow.reminders.targets(group.id, local_day), slot.session_at, now)

    def _should_send(self, group: Group, slot: ReminderSlot, now: datetime) -> bool:
        if now >= slot.session_at or not _still_a_session(group, slot):
            return False  # more than its offset late, or the schedule changed under it
        nearer = [o for o in self._offsets if o < slot.offset_minutes]
        return not any(now >= slot.session_at - timedelta(minutes=o) for o in nearer)


def _still_a_session(group: Group, slot: ReminderSlot) -> bool:
    """Is the slot's session still one the schedule holds (same weekday, time, zone, cycle)?"""
    return first_session_after(group, slot.session_at - timedelta(seconds=1)) == slot.session_at
