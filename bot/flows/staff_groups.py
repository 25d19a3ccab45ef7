"""Staff commands about groups: list, roster, capacity, close/open, cancel a session, remove,
move, export. Each change is one transaction (the turn's) and writes an audit row. A member a
change touches is told by DM, with the calendar update it needs (a removed seat or a cancelled
session: METHOD:CANCEL; a move: the same UID with a higher SEQUENCE)."""

from __future__ import annotations

import csv
import io
from datetime import date

from bot import staff_notices, times
from bot.domain import Booking, Group, open_to
from bot.calendar_file import session_cancelled_file
from bot.flows.booking import cancel_booking
from bot.flows.session_life import calendar_for
from bot.flows.staff_common import (
    Command,
    audit,
    group_by_key,
    in_public,
    mention_handle,
    normalise_ref,
)
from bot.language.residence import residence_from_code
from bot.messages import Attachment, MemberKey, Reply
from bot.seats import fill_from_waitlist, held_for_next_cycle
from bot.sessions import day_text, is_session_day, next_session_after, session_start, takes_new_members
from bot.turn import Turn

SENT_BY_DM = ("A roster isn't something I post in a channel, so I'm answering you in a direct "
              "message instead.")
MAX_CAPACITY = 10_000


async def groups(turn: Turn, command: Command) -> None:
    all_groups = await turn.uow.groups.all()
    if not all_groups:
        turn.say("There are no groups yet. Add them with `frontdoor schedule apply FILE`.")
        return
    lines = []
    for group in all_groups:
        waiting = sum(1 for b in await turn.uow.bookings.for_group(group.id) if b.status == "waitlisted")
        state = "open" if group.is_open else "closed"
        lines.append(f"- {group.key}: {group.title}, {group.when()}, {group.taken}/{group.capacity} "
                     f"seats taken, {waiting} waiting, {state}")
    turn.say("Groups:\n" + "\n".join(lines))


async def _booking_lines(turn: Turn, group: Group) -> list[Booking]:
    return await turn.uow.bookings.for_group(group.id)


async def roster(turn: Turn, command: Command) -> None:
    group = await group_by_key(turn, command.args[0] if command.args else None, "staff roster KEY")
    if group is None:
        return
    if in_public(turn):
        turn.say(SENT_BY_DM)
    bookings = await _booking_lines(turn, group)
    await audit(turn, "roster_viewed", group.key)
    if not bookings:
        turn.say(f"{group.key} ({group.title}, {group.when()}) has no bookings yet.")
        return
    confirmed = [b for b in bookings if b.status == "confirmed"]
    waiting = [b for b in bookings if b.status == "waitlisted"]
    lines = [f"Roster of {group.key} ({group.title}, {group.when()}): "
             f"{len(confirmed)}/{group.capacity} confirmed, {len(waiting)} waiting"]
    lines += [f"- {b.ref} confirmed: {MemberKey.parse(b.member_key).platform} {mention_handle(b.member_key)}"
              for b in confirmed]
    lines += [f"- {b.ref} waitlist {n}: {MemberKey.parse(b.member_key).platform} {mention_handle(b.member_key)}"
              for n, b in enumerate(waiting, 1)]
    # Slack and Discord turn each handle into a real mention staff can click.
    mentions = tuple((mention_handle(b.member_key), b.member_key) for b in bookings)
    turn.replies.append(Reply("\n".join(lines), mentions=mentions))


async def export(turn: Turn, command: Command) -> None:
    group = await group_by_key(turn, command.args[0] if command.args else None, "staff export KEY")
    if group is None:
        return
    if in_public(turn):
        turn.say(SENT_BY_DM)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["reference", "status", "platform", "mention", "booked_at"])
    bookings = await _booking_lines(turn, group)
    for booking in bookings:
        writer.writerow([booking.ref, booking.status, MemberKey.parse(booking.member_key).platform,
                         mention_handle(booking.member_key), booking.created_at.isoformat()])
    await audit(turn, "roster_exported", group.key)
    name = f"{group.key}-{turn.now:%Y-%m-%d}.csv"
    turn.say(f"The roster of {group.key} ({len(bookings)} bookings) is attached as {name}.",
             files=(Attachment(name, "text/csv", out.getvalue()),))


async def capacity(turn: Turn, command: Command) -> None:
    usage = "staff capacity KEY N"
    group = await group_by_key(turn, command.args[0] if command.args else None, usage)
    if group is None:
        return
    raw = command.args[1] if len(command.args) > 1 else ""
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_CAPACITY:
        turn.say(f"Give the new capacity as a whole number from 1 to {MAX_CAPACITY}. Usage: {usage}.")
        return
    wanted = int(raw)
    if wanted == group.capacity:
        turn.say(f"{group.key} already has capacity {wanted} ({group.taken} taken).")
        return
    if not await turn.uow.groups.set_capacity(group.id, wanted):
        fresh = await turn.uow.groups.get(group.id)
        taken = fresh.taken if fresh else group.taken
        turn.say(f"Can't set {group.key} to {wanted}: {taken} seats are already taken. Move or "
                 "remove bookings first (staff roster, staff move, staff remove).")
        return
    await audit(turn, "capacity_changed", group.key)
    promoted: list[Booking] = []
    if wanted > group.capacity:
        fresh = await turn.uow.groups.get(group.id)
        if fresh is not None:
            promoted = await fill_from_waitlist(turn.uow, fresh, turn.deps.notices, turn.now)
    fresh = await turn.uow.groups.get(group.id) or group
    told = (f" Promoted from the waitlist and told: {', '.join(b.ref for b in promoted)}."
            if promoted else "")
    held = held_for_next_cycle(fresh, turn.now) if wanted > group.capacity else ""
    turn.say(f"{group.key} capacity changed from {group.capacity} to {wanted} ({fresh.taken} taken)."
             f"{told}{' ' + held if held else ''}")


async def close(turn: Turn, command: Command) -> None:
    await _set_open(turn, command, False)


async def reopen(turn: Turn, command: Command) -> None:
    await _set_open(turn, command, True)


async def _set_open(turn: Turn, command: Command, is_open: bool) -> None:
    verb = "open" if is_open else "close"
    group = await group_by_key(turn, command.args[0] if command.args else None, f"staff {verb} KEY")
    if group is None:
        return
    if group.is_open == is_open:
        turn.say(f"{group.key} is already {'open' if is_open else 'closed'}.")
        return
    await turn.uow.groups.set_open(group.id, is_open)
    await audit(turn, "group_opened" if is_open else "group_closed", group.key)
    if is_open:
        turn.say(f"{group.key} is open for bookings again.")
    else:
        turn.say(f"{group.key} is closed: no new bookings or waitlist places. Members keep theirs.")


async def cancel_session(turn: Turn, command: Command) -> None:
    usage = "staff cancel KEY YYYY-MM-DD [reason]"
    group = await group_by_key(turn, command.args[0] if command.args else None, usage)
    if group is None:
        return
    try:
        day = date.fromisoformat(command.args[1]) if len(command.args) > 1 else None
    except ValueError:
        day = None
    if day is None:
        turn.say(f"Give the session date as YYYY-MM-DD. Usage: {usage}.")
        return
    if not is_session_day(group, day):
        turn.say(f"{group.key} has no session on {day_text(day)} (it meets {group.when()}, "
                 f"from {day_text(group.start_date)}).")
        return
    if day < turn.now.date():
        turn.say(f"{day_text(day)} is in the past.")
        return
    if not await turn.uow.groups.cancel_session(group.id, day, turn.now):
        turn.say(f"The {group.key} session on {day_text(day)} was already cancelled.")
        return
    cancelled = await turn.uow.groups.cancelled_sessions(group.id)
    following = next_session_after(group, day, cancelled)
    reason = command.rest(2)[:300]
    confirmed = [b for b in await turn.uow.bookings.for_group(group.id) if b.status == "confirmed"]
    for booking in confirmed:
        zone = await times.zone_of(turn.uow, booking.member_key)
        await turn.notify(staff_notices.session_cancelled(
            group, booking, day, following, reason, session_cancelled_file(group, booking, day, turn.now),
            times.weekly(session_start(group, day), group.timezone, zone)))
    await audit(turn, "session_cancelled", f"{group.key}@{day.isoformat()}")
    then = f" Next session: {day_text(following)}." if following else " It was the last one of the cycle."
    turn.say(f"Cancelled the {group.key} session on {day_text(day)}. Told {len(confirmed)} "
             f"confirmed member{'s' if len(confirmed) != 1 else ''} by DM.{then}")


async def _booking(turn: Turn, raw: str | None, usage: str) -> Booking | None:
    if not raw:
        turn.say(f"Which booking? Usage: {usage}.")
        return None
    ref = normalise_ref(raw)
    booking = await turn.uow.bookings.by_ref(ref)
    if booking is None:
        turn.say(f"No booking with reference {ref}.")
    return booking


async def remove(turn: Turn, command: Command) -> None:
    booking = await _booking(turn, command.args[0] if command.args else None,
                             "staff remove FD-XXXXXX [reason]")
    if booking is None:
        return
    group = await cancel_booking(turn, booking)
    if group is not None:  # a seat leaves their calendar (a waitlist place was never in it)
        calendar = (await calendar_for(turn, group, booking, cancel=True)
                    if booking.status == "confirmed" else None)
        await turn.notify(staff_notices.removed(group, booking, command.rest(1)[:300], calendar))
    await audit(turn, "booking_removed", booking.ref)
    where = group.key if group else "its group"
    if booking.status != "confirmed":
        turn.say(f"Removed {booking.ref}, a waitlist place in {where}; the member was told. "
                 "No seat was freed.")
        return
    held = held_for_next_cycle(group, turn.now) if group is not None else ""
    turn.say(f"Removed {booking.ref} from {where}; the member was told. "
             + (held or "The freed seat goes to the first on the waitlist."))


async def move(turn: Turn, command: Command) -> None:
    usage = "staff move FD-XXXXXX KEY"
    booking = await _booking(turn, command.args[0] if command.args else None, usage)
    if booking is None:
        return
    target = await group_by_key(turn, command.args[1] if len(command.args) > 1 else None, usage)
    if target is None:
        return
    source = await turn.uow.groups.get(booking.group_id)
    if source is None or source.id == target.id:
        turn.say(f"{booking.ref} is already in {target.key}.")
        return
    if await turn.uow.bookings.find(booking.member_key, target.id) is not None:
        turn.say(f"That member already has a place in {target.key}; remove one of the two instead.")
        return
    forced = len(command.args) > 2 and command.args[2].casefold() == "force"
    member = await turn.uow.members.get(booking.member_key)
    code = member.residence_code if member is not None else None
    residence = residence_from_code(code) if code else None
    if not forced and not open_to(target.kind, residence, turn.deps.config.eligible_states):
        where = "lives outside the US" if residence is not None and residence.kind == "outside_us" else (
            f"lives in {residence.name}" if residence is not None else "hasn't told us where they live")
        turn.say(f"{booking.ref} stays where it is: the member {where}, and {target.key} is licensed group "
                 f"therapy, open only to residents of {turn.deps.eligible_states_text}. To move them anyway "
                 f"(for instance after checking their residence with them), type: staff move {booking.ref} "
                 f"{target.key} force")
        return
    if not await turn.uow.groups.take_seat(target.id):
        turn.say(f"{target.key} is full ({target.taken}/{target.capacity}). Raise its capacity "
                 f"first (staff capacity {target.key} N); {booking.ref} stays where it is.")
        return
    # One transaction: the seat in the target is taken above, the old place is given up here
    # (its seat promotes the waitlist), and the booking keeps its reference.
    status = await turn.uow.bookings.delete(booking.id)
    if status == "confirmed":
        await turn.uow.groups.release_seat(source.id)
        fresh = await turn.uow.groups.get(source.id)
        if fresh is not None:
            await fill_from_waitlist(turn.uow, fresh, turn.deps.notices, turn.now)
    moved = await turn.uow.bookings.add(booking.member_key, target.id, "confirmed", booking.ref,
                                        booking.created_at)
    calendar = await calendar_for(turn, target, moved, update=True)  # same UID, higher SEQUENCE
    await turn.notify(staff_notices.moved(source, target, moved, turn.now, calendar,
                                          await turn.uow.groups.cancelled_sessions(target.id),
                                          await times.group_when_of(turn.uow, target, moved.member_key, turn.now)))
    await turn.notify(staff_notices.moved_staff(source, target, moved))
    await audit(turn, "booking_moved", booking.ref)
    was = "seat" if status == "confirmed" else "waitlist place"
    mid = (f" Note: {target.key}'s cycle is under way and it doesn't take members part-way through; "
           "this move overrides that." if not takes_new_members(target, turn.now) else "")
    turn.say(f"Moved {booking.ref} ({was} in {source.key}) to a seat in {target.key}; the member was told.{mid}")

