"""A booked member's weekly life: "can't make it this week", reminders off and on, calendar
files, and the files that follow a booking when it is made, moved or cancelled."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot import actions, times
from bot.calendar_file import calendar_file
from bot.domain import Booking, Group, Notice
from bot.flows import menu
from bot.language.session_talk import SessionTalk
from bot.messages import Attachment, Button
from bot.sessions import day_text, first_session_after, is_session_day, session_start
from bot.turn import Turn


async def calendar_for(turn: Turn, group: Group, booking: Booking, *, update: bool = False,
                       cancel: bool = False) -> Attachment:
    cancelled = await turn.uow.groups.cancelled_sessions(group.id)
    return calendar_file(group, booking, turn.now, cancelled=cancelled, update=update, cancel=cancel)


async def on_talk(turn: Turn, talk: SessionTalk) -> None:
    match talk.kind:
        case "reminders_off":
            await set_reminders(turn, False)
        case "reminders_on":
            await set_reminders(turn, True)
        case "calendar":
            await send_calendar(turn)
        case "skip":
            await typed_skip(turn, talk)


async def set_reminders(turn: Turn, on: bool) -> None:
    turn.intent = "reminders_on" if on else "reminders_off"
    changed = await turn.uow.reminders.set_reminders(turn.member.key, on, turn.now)
    if on:
        said = ("Reminders are on again: I'll message you before each of your sessions."
                if changed else "Your reminders are already on: I message you before each session.")
        turn.say(said, [Button("Stop reminders", actions.encode("remindoff"))])
    else:
        said = ("Okay, no more reminders. Your seats stay as they are; say \"reminders on\" any time."
                if changed else "Reminders are already off for you. Say \"reminders on\" to have them back.")
        turn.say(said, [Button("Reminders on", actions.encode("remindon")),
                        Button("Add to my calendar", actions.encode("calendar"))])


async def _held(turn: Turn) -> list[tuple[Booking, Group]]:
    held = []
    for booking in await turn.uow.bookings.for_member(turn.member.key):
        group = await turn.uow.groups.get(booking.group_id)
        if group is not None:
            held.append((booking, group))
    return held


async def send_calendar(turn: Turn) -> None:
    turn.intent = "add_calendar"
    held = await _held(turn)
    confirmed = [(b, g) for b, g in held if b.status == "confirmed"]
    if not confirmed:
        waiting = " You're on a waitlist: once a seat is yours I'll send its calendar file." if held else ""
        turn.say(f"You don't have a confirmed seat yet, so there's nothing to add.{waiting}",
                 [Button("Book a seat", actions.encode("groups"), "primary")])
        return
    files = tuple([await calendar_for(turn, g, b) for b, g in confirmed[:5]])
    names = ", ".join(g.title for _, g in confirmed[:5])
    turn.say(f"Here is a calendar file for {names}: open it to add every weekly session to your "
             "calendar (it updates itself if the booking changes).", files=files)


async def typed_skip(turn: Turn, talk: SessionTalk) -> None:
    """Offer the session(s) the member probably means; the button records it (no guessing)."""
    turn.intent = "skip_week"
    confirmed = [(b, g) for b, g in await _held(turn) if b.status == "confirmed"]
    if not confirmed:
        turn.say("You don't have a booked seat, so there's nothing to skip. If you'd like one:",
                 [Button("Book a seat", actions.encode("groups"), "primary")])
        return
    if talk.weekday is not None:
        confirmed = [(b, g) for b, g in confirmed if g.weekday == talk.weekday] or confirmed
    buttons = []
    for booking, group in confirmed[:5]:
        start = _meant_session(turn, group, talk.next_week)
        if start is None:
            continue
        zone = times.zone_for(turn.member.timezone, turn.member.residence_code)
        label = f"Skip {group.title}, {times.day(start.astimezone(ZoneInfo(zone or group.timezone)))}"
        local_day = start.astimezone(ZoneInfo(group.timezone)).date()
        buttons.append(Button(label[:75], actions.encode("skip", f"{booking.ref}-{local_day:%Y%m%d}"), "primary"))
    if not buttons:
        turn.say("Your group has no more sessions in this cycle, so there's nothing to skip.")
        return
    turn.say("Sorry you can't make it. Which session will you miss? Your seat stays yours either way.",
             [*buttons, Button("Never mind", actions.encode("keep"))])


def _meant_session(turn: Turn, group: Group, next_week: bool) -> datetime | None:
    start = first_session_after(group, turn.now)
    if start is None or not next_week:
        return start
    this_week = turn.now.astimezone(ZoneInfo(group.timezone)).isocalendar()[:2]
    while start is not None and start.isocalendar()[:2] <= this_week:
        start = first_session_after(group, start)
    return start


async def skip(turn: Turn, arg: str) -> None:
    """fd:skip:FD-XXXXXX-YYYYMMDD: keep the seat, tell staff (reference and date), once."""
    turn.intent = "skip_week"
    ref, _, raw_day = arg.rpartition("-")
    try:
        day = date(int(raw_day[:4]), int(raw_day[4:6]), int(raw_day[6:8])) if len(raw_day) == 8 else None
    except ValueError:
        day = None
    booking = await turn.uow.bookings.by_ref(ref) if ref else None
    group = await turn.uow.groups.get(booking.group_id) if booking else None
    if (booking is None or group is None or day is None or booking.member_key != turn.member.key
            or not is_session_day(group, day)):
        menu.expired_option(turn)
        return
    turn.clear_flow()
    if booking.status != "confirmed":
        turn.say("You're on the waitlist for that group, so there's no seat to keep free: nothing to do.")
        return
    if session_start(group, day) + timedelta(minutes=group.duration_minutes) <= turn.now:
        turn.say(f"The session on {day_text(day)} is already over, so there's nothing to change.")
        return
    if day in await turn.uow.groups.cancelled_sessions(group.id):
        turn.say(f"The {group.title} session on {day_text(day)} is cancelled anyway, so you won't miss "
                 "anything. Your seat stays yours.")
        return
    if not await turn.uow.reminders.skip(booking.id, day, turn.now):
        turn.say(f"I've already noted you'll miss {day_text(day)}; nothing more to do. Your seat stays yours.",
                 [Button("My bookings", actions.encode("mine"))])
        return
    await turn.notify(Notice("staff", "skip", f"Can't make it: {booking.ref} will miss the session "
                                              f"on {day_text(day)}. Seat kept.",
                             member_key=turn.member.key))
    following = first_session_after(group, session_start(group, day))
    then = ""
    if following is not None:
        zone = times.zone_for(turn.member.timezone, turn.member.residence_code)
        then = f" See you the week after, {times.when(following, group.timezone, zone)}."
    turn.say(f"Thanks for letting us know, and no problem at all. I've told the team you'll miss "
             f"{group.title} on {day_text(day)}; your seat stays yours.{then}",
             [Button("My bookings", actions.encode("mine"))])


async def promoted_with_calendar(turn: Turn, group: Group, waiting: Booking) -> Notice:
    """The "a seat is yours" message to a promoted member, with their calendar file."""
    notice = turn.deps.notices.member_promoted(group, waiting)
    confirmed = replace(waiting, status="confirmed")
    return replace(notice, files=(await calendar_for(turn, group, confirmed),))


def your_time(turn: Turn, group: Group) -> str:
    """' (3:00 PM PT for you)' when the member's zone differs from the group's, else ''."""
    zone = times.zone_for(turn.member.timezone, turn.member.residence_code)
    start = first_session_after(group, turn.now)
    if zone is None or start is None:
        return ""
    shown = times.both(start, group.timezone, zone)
    return f" ({shown.partition(' / ')[0]} for you)" if " / " in shown else ""
