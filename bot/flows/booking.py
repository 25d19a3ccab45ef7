"""Seats in weekly groups: listing, booking, waitlist, my bookings, cancelling.

Also where a booking step goes on after a question interrupted it (``carry_on``), and,
once the member has said where they live, its fall-back to the DBT skills group (open
to everyone) when what they were after is not open to them (``after_residence``).
"""

from __future__ import annotations

from dataclasses import replace

from bot import actions, times
from bot.actions import Action, Verb
from bot.dialogue_state import CancelConfirm
from bot.domain import WEEKDAYS, Booking, Group
from bot.flows import age, cycles, followup, limits, menu, residency, session_life
from bot.identity import new_booking_ref
from bot.language import choices
from bot.language.normalise import Said
from bot.messages import Attachment, Button
from bot.seats import fill_from_waitlist
from bot.turn import Turn

MAX_LIST_BUTTONS = 20


async def _visible_groups(turn: Turn) -> list[Group] | None:
    """Groups this member may book, or None after asking where they live."""
    where = residency.current(turn)
    if where is None:
        return None
    states = turn.deps.config.eligible_states
    return [g for g in await turn.uow.groups.all() if g.is_open and g.open_to(where, states)]


def _weekly(turn: Turn, group: Group) -> str:
    """The group's weekly time as this member reads it: their zone first, the group's
    alongside when different ("Tuesdays 5:00 PM CT / 6:00 PM ET")."""
    zone = times.zone_for(turn.member.timezone, turn.member.residence_code)
    return times.group_when(group, zone, turn.now) if zone else group.when()


def _seats(count: int) -> str:
    return followup.seats_phrase(count)


async def list_groups(turn: Turn) -> None:
    groups = await _visible_groups(turn)
    if groups is None:
        residency.ask(turn, Action(Verb.GROUPS))
        return
    by_topic: dict[str, list[Group]] = {}
    for group in groups:
        by_topic.setdefault(group.topic, []).append(group)
    topics = turn.deps.knowledge.topics
    lines: list[str] = []
    buttons: list[Button] = []
    for slug, members in by_topic.items():
        name = topics[slug].name if slug in topics else members[0].title
        seats = sum(g.seats_left for g in members)
        lines.append(f"- {name}: {_seats(seats)}")
        if len(buttons) < MAX_LIST_BUTTONS:
            buttons.append(Button(f"{name} ({'full' if seats == 0 else seats})"[:75],
                                  actions.encode("sessions", slug)))
    if not lines:
        turn.say("There are no groups open for booking right now. I'm sorry; please check "
                 "back soon, or ask to talk to a person.", [Button("Talk to a person", actions.encode("handoff"))])
        return
    turn.say("Here are the groups you can join. Space is limited. Pick one to see its "
             "sessions:\n" + "\n".join(lines), buttons)


async def sessions(turn: Turn, topic: str) -> None:
    groups = await _visible_groups(turn)
    if groups is None:
        residency.ask(turn, Action(Verb.SESSIONS, topic))
        return
    known = turn.deps.knowledge.topics.get(topic)
    if known is None:
        menu.expired_option(turn)
        return
    mine = [g for g in groups if g.topic == topic]
    if not mine:
        if residency.may_join(turn, known.kind):
            limits.closed_topic(turn, known.name)  # open to them, but enrolment is closed
        else:
            _not_open_to_member(turn, known.name)
        return
    lead = ("led by a licensed therapist" if known.kind == "therapy"
            else "led by a therapist-instructor, open to everyone")
    lines, buttons = [], []
    for group in mine[:MAX_LIST_BUTTONS]:
        cycle = cycles.cycle_line(group, turn.now)
        lines.append(f"- {_weekly(turn, group)}, {group.next_session_phrase(turn.now, await turn.uow.groups.cancelled_sessions(group.id), lead='first session')}, "
                     f"with {group.facilitator}: {_seats(group.seats_left)}"
                     + (f" ({cycle})" if cycle else ""))
        verb = "Book" if group.seats_left else "Join waitlist"
        buttons.append(Button(f"{verb}: {_weekly(turn, group)}"[:75], actions.encode("book", group.id),
                              "primary" if group.seats_left else None))
    buttons.append(Button("All groups", actions.encode("groups")))
    note = await limits.at_limit_note(turn)
    if note:
        buttons.insert(len(buttons) - 1, Button("My bookings", actions.encode("mine")))
    turn.say(f"{known.name} meets weekly online, {lead}:\n" + "\n".join(lines) + note, buttons)
    followup.remember(turn, mine[:MAX_LIST_BUTTONS])


async def after_residence(turn: Turn, then: Action) -> None:
    """Where they live is known now: go on, or show the DBT skills sessions when what they
    were after (a list of groups, a topic, a therapy group) is not open to them."""
    if not residency.may_join(turn, "therapy"):
        group_id = then.arg or ""
        group = await turn.uow.groups.get(int(group_id)) if then.verb == "book" and group_id.isdigit() else None
        if group is None or not residency.may_join(turn, group.kind):
            await sessions(turn, "dbt_skills")
            return
    await carry_on(turn, then)


async def carry_on(turn: Turn, then: Action) -> None:
    """Go on with the booking step a question interrupted (still there? the age gate, a pick)."""
    match then.verb, then.arg or "":
        case "groups", _:
            await list_groups(turn)
        case "sessions", topic:
            await sessions(turn, topic)
        case "book", group_id if group_id.isdigit():
            await book(turn, int(group_id))
        case _:
            menu.expired_option(turn)


def _not_open_to_member(turn: Turn, name: str) -> None:
    turn.say(residency.licence_note(turn, name),
             [Button("See DBT skills sessions", actions.encode("sessions", "dbt_skills"), "primary")])


async def book(turn: Turn, group_id: int) -> None:
    group = await turn.uow.groups.get(group_id)
    if not limits.bookable(turn, group):
        return
    assert group is not None
    then = Action(Verb.BOOK, str(group_id))
    where = residency.current(turn)
    if where is None:
        residency.ask(turn, then)
        return
    if not residency.recently_confirmed(turn):
        residency.ask_still_there(turn, where, then)
        return
    if not group.open_to(where, turn.deps.config.eligible_states):
        turn.clear_flow()
        _not_open_to_member(turn, group.title)
        return
    held = await _held_in_topic(turn, group)
    if held is not None:
        turn.clear_flow()
        state = "a seat" if held[0].status == "confirmed" else "a place on the waitlist"
        turn.say(f"You already have {state} in {held[1].title} ({held[1].when()}), booking "
                 f"{held[0].ref}. It's one place per group; cancel that one first if you'd "
                 "rather switch.", [Button("My bookings", actions.encode("mine"))])
        return
    if not age.allowed(turn, then):
        return
    turn.clear_flow()
    if await limits.over_limit(turn):
        return
    if cycles.refuse_mid_cycle(turn, group):
        return
    ref = new_booking_ref()
    if await turn.uow.groups.take_seat(group.id):
        booking = await turn.uow.bookings.add(turn.member.key, group.id, "confirmed", ref, turn.now)
        await turn.notify(turn.deps.notices.booked(group, booking, turn.now, flagged=turn.member.at_risk))
        turn.say(f"You're booked into {group.title}, {group.when()}{session_life.your_time(turn, group)}. "
                 f"Your {group.next_session_phrase(turn.now, await turn.uow.groups.cancelled_sessions(group.id), lead='first session is')}, online from home, with "
                 f"{group.facilitator}.{cycles.joining_note(group, turn.now)} Booking reference: "
                 f"{booking.ref}. {limits.joining(group)} The calendar file adds every weekly session "
                 "to your calendar; I'll also remind you before each one (say \"stop reminders\" "
                 "if you'd rather not).",
                 [Button("My bookings", actions.encode("mine")),
                  Button("Cancel this booking", actions.encode("cancel", booking.ref), "danger")],
                 files=(await session_life.calendar_for(turn, group, booking),))
        return
    booking = await turn.uow.bookings.add(turn.member.key, group.id, "waitlisted", ref, turn.now)
    position = await turn.uow.bookings.waitlist_position(booking)
    await turn.notify(turn.deps.notices.waitlisted(group, booking, position, flagged=turn.member.at_risk))
    turn.say(f"{group.title} ({_weekly(turn, group)}) is full right now, so I've put you on the "
             f"waitlist: you're number {position}. If a seat opens it's yours, and I'll tell "
             f"you straight away.{cycles.waitlist_note(group)} Reference: {booking.ref}.",
             [Button("My bookings", actions.encode("mine")),
              Button("Leave the waitlist", actions.encode("cancel", booking.ref))])


async def _held_in_topic(turn: Turn, group: Group) -> tuple[Booking, Group] | None:
    """The member's place (seat or waitlist) in this group or another session of its topic."""
    for held in await turn.uow.bookings.for_member(turn.member.key):
        other = group if held.group_id == group.id else await turn.uow.groups.get(held.group_id)
        if other is not None and other.topic == group.topic:
            return held, other
    return None


async def my_bookings(turn: Turn) -> None:
    bookings = await turn.uow.bookings.for_member(turn.member.key)
    if not bookings:
        turn.say("You don't have any bookings yet.", [Button("Book a seat", actions.encode("groups"), "primary")])
        return
    lines: list[str] = []
    buttons: list[Button] = []
    for booking in bookings:
        group = await turn.uow.groups.get(booking.group_id)
        if group is None:
            continue
        if booking.status == "confirmed":
            lines.append(f"- {group.title}, {_weekly(turn, group)}, {group.next_session_phrase(turn.now, await turn.uow.groups.cancelled_sessions(group.id), lead='next')} "
                         f"(booked, {booking.ref})")
            label = f"Cancel {group.title}, {WEEKDAYS[group.weekday][:3]}"
        else:
            position = await turn.uow.bookings.waitlist_position(booking)
            lines.append(f"- {group.title}, {_weekly(turn, group)} (waitlist number {position}, {booking.ref})")
            label = f"Leave waitlist: {group.title}, {WEEKDAYS[group.weekday][:3]}"
        if len(buttons) < MAX_LIST_BUTTONS:
            buttons.append(Button(label[:75], actions.encode("cancel", booking.ref)))
    turn.say("Your bookings:\n" + "\n".join(lines), buttons)


async def typed_cancel(turn: Turn, said: Said | None = None, topic: str | None = None) -> None:
    """"cancel my booking": the one booking, or the one the words name among several ("cancel the
    depression one", "cancel thursdays"), asked to confirm; otherwise the list to pick from."""
    bookings = await turn.uow.bookings.for_member(turn.member.key)
    if len(bookings) == 1:
        await ask_cancel(turn, bookings[0].ref)
        return
    named = await _named_booking(turn, bookings, said, topic) if said is not None else None
    if named is not None:
        await ask_cancel(turn, named.ref)
    else:
        await my_bookings(turn)


async def _named_booking(turn: Turn, bookings: list[Booking], said: Said, topic: str | None) -> Booking | None:
    """The one booking of several that the message names by group or by day and time, if exactly one."""
    groups = [await turn.uow.groups.get(b.group_id) for b in bookings]
    held = [(b, g) for b, g in zip(bookings, groups) if g is not None]
    in_topic = [(b, g) for b, g in held if g.topic == topic] if topic is not None else []
    if len(in_topic) == 1:
        return in_topic[0][0]
    held = in_topic or held
    picked = choices.pick_said(said, [g for _, g in held])
    return held[picked[0]][0] if len(picked) == 1 else None


async def another_named(turn: Turn, said: Said, topic: str | None, current: str) -> Booking | None:
    """While "Cancel X?" waits: the one other booking the message names ("wait no, cancel
    depression instead"), which the question then moves to; None if it names no other."""
    others = [b for b in await turn.uow.bookings.for_member(turn.member.key) if b.ref != current]
    return await _named_booking(turn, others, said, topic) if others else None


async def _own_booking(turn: Turn, ref: str) -> Booking | None:
    booking = await turn.uow.bookings.by_ref(ref)
    if booking is None or booking.member_key != turn.member.key:
        return None
    return booking


async def ask_cancel(turn: Turn, ref: str) -> None:
    booking = await _own_booking(turn, ref)
    group = await turn.uow.groups.get(booking.group_id) if booking else None
    if booking is None or group is None:
        menu.expired_option(turn)
        return
    what = "your seat" if booking.status == "confirmed" else "your place on the waitlist"
    turn.expect(CancelConfirm(booking.ref))
    turn.say(f"Cancel {what} in {group.title} ({_weekly(turn, group)})?",
             [Button("Yes, cancel it", actions.encode("cancelyes", booking.ref), "danger"),
              Button("Keep it", actions.encode("keep"))])


async def confirm_cancel(turn: Turn, ref: str) -> None:
    turn.clear_flow()
    booking = await _own_booking(turn, ref)
    if booking is None:
        turn.say("That booking is already cancelled or no longer exists.",
                 [Button("My bookings", actions.encode("mine"))])
        return
    group = await cancel_booking(turn, booking)
    title = group.title if group else "the group"
    done = (f"Done: your seat in {title} ({booking.ref}) is cancelled." if booking.status == "confirmed"
            else f"Done: you've left the waitlist for {title} ({booking.ref}).")
    files: tuple[Attachment, ...] = ()
    if booking.status == "confirmed" and group is not None:  # takes it out of their calendar
        files = (await session_life.calendar_for(turn, group, booking, cancel=True),)
        done += " The attached calendar update removes the sessions from your calendar."
    turn.say(f"{done} You're welcome back any time.",
             [Button("Book a seat", actions.encode("groups")), Button("My bookings", actions.encode("mine"))],
             files=files)


def keep(turn: Turn) -> None:
    turn.clear_flow()
    turn.say("Okay, I've kept it as it is.", [Button("My bookings", actions.encode("mine"))])


async def cancel_booking(turn: Turn, booking: Booking) -> Group | None:
    """Remove a booking, free its seat and promote the first waitlisted member."""
    uow, notices = turn.uow, turn.deps.notices
    group = await uow.groups.get(booking.group_id)
    status = await uow.bookings.delete(booking.id)  # as it really was: a promotion may have won
    if status is None:
        return group
    booking = replace(booking, status=status)
    if group is not None:
        await turn.notify(notices.cancelled(group, booking))
    if status != "confirmed" or group is None:
        return group
    await uow.groups.release_seat(group.id)
    fresh = await uow.groups.get(group.id)
    await fill_from_waitlist(uow, fresh or group, notices, turn.now)
    return group
