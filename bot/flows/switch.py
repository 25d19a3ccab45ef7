"""The member's own switch: "can I move to the other session", "switch me to Thursdays".

The seat moves in one transaction (``Bookings.move``: new seat taken, old one released);
the released seat goes to the old session's waitlist; staff get one "moved" notice. When
the new session is full the member may join its waitlist and keeps the current seat.

Only a plain request moves at once ("switch me to Thursdays"). A question or a hypothetical
("if i switch to thursday will i lose my seat", "should i switch or stay") is answered and
offered as a button; a retraction ("... actually no, keep tuesday") keeps the seat; someone
else's plan ("my friend might move to thursdays") moves nothing of the member's
(``bot.language.pick_tone``).
"""

from __future__ import annotations

from dataclasses import replace

from bot import actions
from bot.actions import Action, Verb
from bot.dialogue_state import WaitlistOffer
from bot.domain import Booking, Group
from bot.flows import booking as booking_flow
from bot.flows import followup, menu, residency, session_life
from bot.identity import new_booking_ref
from bot.language import choices, pick_tone
from bot.language.normalise import words
from bot.messages import Button
from bot.seats import fill_from_waitlist
from bot.sessions import takes_new_members
from bot.turn import Turn




async def _held(turn: Turn) -> list[tuple[Booking, Group]]:
    held = []
    for b in await turn.uow.bookings.for_member(turn.member.key):
        group = await turn.uow.groups.get(b.group_id)
        if group is not None:
            held.append((b, group))
    return held


async def typed(turn: Turn, text: str, topic: str | None) -> None:
    """Work out which booking and which session the member means, then confirm."""
    held = await _held(turn)
    if topic:
        held = [h for h in held if h[1].topic == topic] or held
    if not held and topic:  # "book the thursday anxiety group": nothing to move, so its sessions
        await booking_flow.sessions(turn, topic)
        return
    if not held:
        turn.say("You don't have a booking to move yet. Here are the groups you can join:")
        await booking_flow.list_groups(turn)
        return
    if len(held) > 1:
        turn.say("Which booking would you like to move?",
                 [Button(f"Move {g.title}, {g.when()}"[:75], actions.encode("moveask", b.ref)) for b, g in held[:10]])
        return
    await offer(turn, held[0][0].ref, text)


async def offer(turn: Turn, ref: str, text: str = "") -> None:
    """The other sessions of the same group, narrowed by what the member said."""
    own = await turn.uow.bookings.by_ref(ref)
    current = await turn.uow.groups.get(own.group_id) if own and own.member_key == turn.member.key else None
    if own is None or current is None:
        menu.expired_option(turn)
        return
    others = [g for g in await turn.uow.groups.all() if g.topic == current.topic and g.id != current.id]
    if not others:
        turn.say(f"{current.title} has only one session right now ({current.when()}), so there's "
                 "nothing to move to. I can ask a person on our team if that time doesn't work.",
                 [Button("Talk to a person", actions.encode("handoff"))])
        return
    hits = choices.pick(text, others) if text else []
    targets = [others[i] for i in hits] or others
    said = words(text)
    tone = pick_tone.tone(said, text) if text else "pick"
    if tone == "someone_else":
        turn.say("I can only change your own bookings. If a friend or family member wants to move theirs, "
                 "they're welcome to message us here themselves. Your seat stays as it is.",
                 [Button("My bookings", actions.encode("mine"))])
        return
    if tone == "negated" and ({"keep", "stay"} & set(said) or ("actually", "no") in zip(said, said[1:])):
        turn.clear_flow()
        turn.say(f"Okay, nothing is moved: you keep your seat in {current.title}, {current.when()}.",
                 [Button("My bookings", actions.encode("mine"))])
        return
    named = len(hits) == 1 or (len(others) == 1 and "other" in said)
    if named and len(targets) == 1 and tone == "pick":  # a clear request: "switch me to Thursdays"
        await move(turn, f"{own.ref}-{targets[0].id}")
        return
    if tone == "question":
        followup.remember(turn, targets)
        turn.member.dialogue = replace(turn.member.dialogue, moving=own.ref)
        turn.say(f"You wouldn't lose your place: a move is one step. I take the new seat and free your "
                 f"{current.when()} seat at the same moment, and if the new session is full you keep your "
                 "seat and can join its waitlist. Nothing is moved until you tap:",
                 _move_buttons(own, targets))
        return
    followup.remember(turn, targets)
    turn.member.dialogue = replace(turn.member.dialogue, moving=own.ref)  # a typed pick moves this one
    lines = [f"- {g.when()}, with {g.facilitator}: "
             f"{'full, waitlist open' if not g.seats_left else str(g.seats_left) + ' seats left'}" for g in targets]
    turn.say(f"You're booked into {current.title}, {current.when()}. Move to:\n" + "\n".join(lines),
             _move_buttons(own, targets))


def _move_buttons(own: Booking, targets: list[Group]) -> list[Button]:
    return [*(Button(f"Move to {g.when()}"[:75], actions.encode("move", f"{own.ref}-{g.id}"), "primary")
              for g in targets[:10]), Button("Keep my seat", actions.encode("keep"))]


async def move(turn: Turn, arg: str) -> None:
    ref, _, target_id = arg.rpartition("-")
    own = await turn.uow.bookings.by_ref(ref)
    target = await turn.uow.groups.get(int(target_id)) if target_id.isdigit() else None
    old = await turn.uow.groups.get(own.group_id) if own else None
    if (own is None or own.member_key != turn.member.key or target is None or old is None
            or target.topic != old.topic or target.id == old.id):
        menu.expired_option(turn)
        return
    if not residency.may_join(turn, target.kind):
        turn.say(residency.licence_note(turn, target.title))
        return
    turn.clear_flow()
    if not takes_new_members(target, turn.now):
        turn.say(f"{target.title} ({target.when()}) is part-way through a cycle and doesn't take new "
                 "members until the next one, so I can't move you there now. You keep your seat on "
                 f"{old.when()}.", [Button("My bookings", actions.encode("mine"))])
        return
    status = await turn.uow.bookings.move(own.id, target.id)
    if status is None:
        turn.expect(WaitlistOffer(Action(Verb.WAITMOVE, str(target.id))))
        turn.say(f"{target.title} ({target.when()}) is full right now. I can put you on its "
                 f"waitlist and you keep your seat on {old.when()} until a place opens.",
                 [Button("Join its waitlist, keep my seat", actions.encode("waitmove", target.id), "primary"),
                  Button("Keep things as they are", actions.encode("keep"))])
        return
    moved = await turn.uow.bookings.by_ref(ref)
    assert moved is not None
    await turn.notify(turn.deps.notices.moved(old, target, moved))
    if status == "confirmed":
        await _promote(turn, old)
    turn.say(f"Done: you're now in {target.title}, {target.when()}, with {target.facilitator}. "
             f"Your {target.next_session_phrase(turn.now, await turn.uow.groups.cancelled_sessions(target.id), lead='next session is')}. Booking reference: {moved.ref}. "
             "The attached calendar update moves the sessions in your calendar.",
             [Button("My bookings", actions.encode("mine"))],
             files=(await session_life.calendar_for(turn, target, moved, update=True),))


async def _promote(turn: Turn, group: Group) -> None:
    fresh = await turn.uow.groups.get(group.id)
    await fill_from_waitlist(turn.uow, fresh or group, turn.deps.notices, turn.now)


async def wait_for(turn: Turn, group_id: int) -> None:
    """Join a full session's waitlist while keeping the seat already held."""
    target = await turn.uow.groups.get(group_id)
    if target is None:
        menu.expired_option(turn)
        return
    turn.clear_flow()
    if await turn.uow.bookings.find(turn.member.key, target.id) is not None:
        turn.say("You're already on that session's list.", [Button("My bookings", actions.encode("mine"))])
        return
    booking = await turn.uow.bookings.add(turn.member.key, target.id, "waitlisted", new_booking_ref(), turn.now)
    position = await turn.uow.bookings.waitlist_position(booking)
    await turn.notify(turn.deps.notices.waitlisted(target, booking, position))
    turn.say(f"You're number {position} on the waitlist for {target.title}, {target.when()} "
             f"({booking.ref}), and you keep your current seat. If a place opens, our team will "
             "help you switch.", [Button("My bookings", actions.encode("mine"))])
