"""The dialogue: routes a button press or typed text to the flow that owns it."""

from __future__ import annotations

import re
from typing import assert_never

from bot import actions
from bot.actions import Action, Verb
from bot.dialogue_state import (AfterCrisis, AskAge, AskResidence, AskTimezone, CancelConfirm,
                                 DeleteConfirm, PickConfirm, StillHere, WaitlistOffer)
from bot.domain import Group
from bot.messages import Button, Reply
from bot.flows import (after_crisis, age, booking, cycles, data_rights, followup, guesses, menu, residency,
                       schedule_info, session_life, staff, switch)
from bot.language import session_talk, spanish
from bot.language.answers import clear_yes, stated_age, weak_yes
from bot.language.zones import zone_in_text
from bot.language.normalise import Said, words
from bot.language.intents import Understanding, asks
from bot.language.residence import Reading, Residence, moving_later, read_places, states_own_residence
from bot.turn import Turn

MAX_BUTTONS = 10
BOOKING_REF = re.compile(r"\bFD[-\s]?([A-Z0-9]{6})\b", re.IGNORECASE)  # "FD-7K3Q9M", "fd 7k3q9m"
CONFIDENT = 0.6  # above this, a question wins over the answer the flow was waiting for
#: Intents that only answer a question: asked while a question waits, they are answered
#: and the pending question is asked again.
SCHEDULE_INTENTS = frozenset({"facilitators", "group_size", "session_length", "local_time"})
SPANISH = ("Hola. Por ahora solo puedo conversar en inglés; pronto podré hacerlo en español. "
           "Si lo prefiere, una persona de nuestro equipo puede ayudarle. (Hello: for now I "
           "speak English only. A person on our team can help you.)")


async def on_action(turn: Turn, action: Action | None) -> None:
    if action is None:
        turn.intent = None
        menu.expired_option(turn)
        return
    turn.intent = action.arg if action.verb == Verb.ASK else str(action.verb)
    await _run_action(turn, action)


async def _run_action(turn: Turn, action: Action) -> None:
    """The routing table of button verbs: every verb has its case (the type checker proves it)."""
    verb, arg = action.verb, action.arg or ""
    match verb:
        case Verb.MENU:
            menu.help_menu(turn)
        case Verb.ASK:
            if not menu.answer(turn, arg):
                menu.expired_option(turn)
        case Verb.TOPIC:
            if not menu.describe_topic(turn, arg):
                menu.expired_option(turn)
        case Verb.GROUPS:
            await booking.list_groups(turn)
        case Verb.SESSIONS:
            await booking.sessions(turn, arg)
        case Verb.BOOK:
            if arg.isdigit():
                await booking.book(turn, int(arg))
            else:
                menu.expired_option(turn)
        case Verb.MINE:
            await booking.my_bookings(turn)
        case Verb.CANCEL:
            await booking.ask_cancel(turn, arg)
        case Verb.CANCELYES:
            await booking.confirm_cancel(turn, arg)
        case Verb.KEEP:
            booking.keep(turn)
        case Verb.WHERE:
            residency.ask(turn)
        case Verb.STATE:
            where = residency.from_button(arg)
            if where is None:
                menu.expired_option(turn)
            else:
                await _residence_given(turn, where, topic=None)
        case Verb.NOTNOW:
            turn.clear_flow()
            turn.say(residency.NOT_NOW, menu.main_menu())
        case Verb.STILLYES:
            await _still_here(turn, True)
        case Verb.STILLNO:
            await _still_here(turn, False)
        case Verb.HANDOFF:
            await menu.handoff(turn)
        case Verb.PRIVACY:
            menu.privacy(turn)
        case Verb.EXPORT:
            await data_rights.export(turn)
        case Verb.DELETE:
            await data_rights.ask_delete(turn)
        case Verb.DELETEYES:
            await data_rights.confirm_delete(turn)
        case Verb.DELETENO:
            data_rights.keep_data(turn)
        case Verb.MOVEASK:
            await switch.offer(turn, arg)
        case Verb.MOVE:
            await switch.move(turn, arg)
        case Verb.WAITMOVE:
            if arg.isdigit():
                await switch.wait_for(turn, int(arg))
            else:
                menu.expired_option(turn)
        case Verb.TZ:
            if not await schedule_info.zone_chosen(turn, arg):
                menu.expired_option(turn)
        case Verb.AGEYES | Verb.AGENO:
            then = age.answer(turn, verb == Verb.AGEYES)
            if then is not None:
                await booking.carry_on(turn, then)
        case Verb.ACK | Verb.DONE:
            await staff.on_button(turn, verb, arg)
        case Verb.SKIP:
            await session_life.skip(turn, arg)
        case Verb.CALENDAR:
            await session_life.send_calendar(turn)
        case Verb.REMINDOFF | Verb.REMINDON:
            await session_life.set_reminders(turn, verb == Verb.REMINDON)
        case Verb.NEXTCYCLE:
            if arg.isdigit():
                await cycles.hold_next_cycle(turn, int(arg))
            else:
                menu.expired_option(turn)
        case Verb.RISKYES | Verb.HARDDAY:  # the core answers these before the store
            menu.expired_option(turn)
        case _:
            assert_never(verb)


async def _still_here(turn: Turn, yes: bool) -> None:
    then = residency.continuation(turn) if isinstance(turn.waiting, StillHere) else None
    if then is None:
        menu.expired_option(turn)
        return
    if yes:
        turn.member.residence_confirmed_at = turn.now
        turn.clear_flow()
        await booking.carry_on(turn, then)
    else:
        residency.ask(turn, then)


async def _residence_given(turn: Turn, where: Residence, topic: str | None,
                           timezone: str | None = None) -> None:
    """Store where the member lives, then carry on with what they were doing."""
    then = residency.continuation(turn)  # None unless the residence question waits
    turn.intent = "set_residence"
    turn.clear_flow()
    await residency.accept(turn, where, timezone)
    await _after_residence(turn, where, then, topic)


async def _after_residence(turn: Turn, where: Residence, then: Action | None,
                           topic: str | None) -> None:
    """Carry on: the booking step we interrupted, else the groups they can join."""
    if then is not None:
        await booking.after_residence(turn, then)
        return
    known = turn.deps.knowledge.topics.get(topic) if topic else None
    if topic and known is not None and residency.may_join(turn, known.kind, where):
        await booking.sessions(turn, topic)
    elif residency.may_join(turn, "therapy", where):
        await booking.list_groups(turn)


async def on_text(turn: Turn, text: str) -> None:
    services = turn.deps
    is_staff = services.config.is_staff(turn.member.platform, turn.member.user_id)
    if staff.is_command(text, for_staff=is_staff):
        if is_staff:
            await staff.handle(turn, text)
        else:  # exactly what an unknown command gets: no hint that staff commands exist
            turn.intent = None
            menu.fallback(turn)
        return
    if not isinstance(turn.waiting, AskAge) and age.on_stated_age(turn, text):
        return
    said = Said.of(text)  # its words, read once for every reader below
    if spanish.is_spanish(said):
        turn.intent = "spanish"
        turn.say(SPANISH, [Button("Talk to a person", actions.encode("handoff"))])
        return
    talk = session_talk.read(text)
    if talk is not None:
        await session_life.on_talk(turn, talk)
        return
    understood = services.understand(text)
    turn.intent = understood.intent
    if turn.waiting is None and not turn.member.dialogue.shown and followup.points_at_choices(said.words):
        turn.intent = None  # "that one" with nothing shown: say so, and show what there is
        turn.say("I'm not sure which one you mean yet. Pick a group to see its sessions, then tell me "
                 "which one (or tap it).")
        await booking.list_groups(turn)
        return
    if turn.waiting is None:
        if (turn.member.dialogue.shown and followup.hesitant(said)
                and not _is_question(turn, understood)  # "hmm, how much is it?" is answered
                and understood.intent != "set_residence"):  # "wait, i meant new jersey" corrects the state
            _take_your_time(turn)
            return
        if await followup.not_a_pick(turn, said, understood):  # "is the thursday one full": answered
            return
        chosen = await followup.picked(turn, said, understood)
        moving = turn.member.dialogue.moving
        unclear = [] if chosen else await followup.which(turn, said)
        if unclear:  # "that one" of two: ask which, never guess
            turn.intent = None
            _ask_which(turn, unclear, moving)
            return
        offered = None if chosen else await followup.only_one_accepted(turn, said, understood)
        if offered is not None:  # a bare "yes" to a list is not a yes to a question: ask one
            turn.intent = None
            _ask_pick(turn, offered, moving)
            return
        if chosen is not None and moving is not None:
            turn.intent = "switch"
            await switch.move(turn, f"{moving}-{chosen.id}")
            return
        if chosen is not None:
            turn.intent = "book"
            await booking.book(turn, chosen.id)
            return
    if await _answer_waiting_flow(turn, text, understood):
        return
    if understood.intent not in (None, "set_residence") and turn.waiting is None:
        await _residence_in_passing(turn, text)
    await _dispatch(turn, text, understood)


def _take_your_time(turn: Turn) -> None:
    """Hesitation after a list of sessions: nothing is booked or moved, and that is fine."""
    moving = turn.member.dialogue.moving is not None
    done = "Nothing is moved: you've kept your seat." if moving else "Nothing is booked."
    turn.intent = None
    turn.say(f"No problem, take your time. {done} When you're ready, tap a session or tell me "
             "which one you'd like.", [Button("All groups", actions.encode("groups")),
                                       Button("My bookings", actions.encode("mine"))])


def _ask_pick(turn: Turn, group: Group, moving: str | None) -> None:
    """One session on offer and a bare "yes": ask a clear question, with the action on a button."""
    action = Action(Verb.MOVE, f"{moving}-{group.id}") if moving else Action(Verb.BOOK, str(group.id))
    verb = "move you to" if moving else "book you into"
    turn.expect(PickConfirm(action))
    turn.say(f"Shall I {verb} {group.title}, {group.when()}, with {group.facilitator}?",
             [Button(f"{'Move' if moving else 'Book'}: {group.when()}"[:75], action.encode(), "primary"),
              Button("Not now", actions.encode("menu"))])


def _ask_which(turn: Turn, options: list[Group], moving: str | None) -> None:
    buttons = [Button(f"{'Move to' if moving else 'Book'}: {g.when()}"[:75],
                      actions.encode("move", f"{moving}-{g.id}") if moving else actions.encode("book", g.id),
                      "primary") for g in options[:MAX_BUTTONS - 1]]
    turn.say("Which one do you mean?\n" + "\n".join(f"- {g.when()}, with {g.facilitator}" for g in options),
             buttons)


async def _residence_in_passing(turn: Turn, text: str) -> None:
    """"I'm in NJ, how much is it?": keep the state they gave, so it is never asked again."""
    if turn.member.residence_code or not states_own_residence(text):
        return
    reading = read_places(text, turn.deps.places)
    where = reading.single
    if where is not None:
        intent = turn.intent
        await residency.accept(turn, where, reading.timezone)
        turn.intent = intent


def _is_question(turn: Turn, understood: Understanding) -> bool:
    """An answer-only intent: safe to answer while another question waits."""
    intent = understood.intent
    return intent is not None and (intent in SCHEDULE_INTENTS or intent == "privacy" or (
        turn.deps.answer(intent) is not None if intent in turn.deps.knowledge.intents else False))


async def _answer_then_reask(turn: Turn, text: str, understood: Understanding) -> None:
    """Answer a question asked while one of ours waits (the state question, a yes/no),
    then ask ours again; the pending step is kept, never dropped or taken as an answer."""
    pending = turn.member.dialogue
    await _dispatch(turn, text, understood)
    turn.member.dialogue = pending
    where = residency.current(turn)
    then = residency.continuation(turn)
    waiting = pending.waiting
    match waiting:
        case StillHere() if where is not None and then is not None:
            residency.ask_still_there(turn, where, then)
        case CancelConfirm() | DeleteConfirm():
            await _ask_to_confirm(turn, waiting)
        case AskAge():
            age.reask(turn)
        case (AskResidence() | StillHere() | PickConfirm() | WaitlistOffer() | AskTimezone()
              | AfterCrisis() | None):
            residency.reask(turn)
        case _:
            assert_never(waiting)
    if len(turn.replies) >= 2:  # one message on the phone: the answer, then the question again
        answer, question = turn.replies[-2], turn.replies.pop()
        merged = [*answer.buttons, *(b for b in question.buttons if b not in answer.buttons)]
        turn.replies[-1] = Reply(f"{answer.text}\n\n{question.text}", tuple(merged[:MAX_BUTTONS]))


async def _places_answer(turn: Turn, reading: Reading, topic: str | None) -> bool:
    """Store one clear place; ask about several (or a time). False when no place is named."""
    where = reading.single
    if where is not None:
        await _residence_given(turn, where, topic, reading.timezone)
        return True
    if reading.candidates:
        turn.intent = "set_residence"
        residency.ask_during_sessions(turn, reading.candidates)
        return True
    return False


async def _answer_waiting_flow(turn: Turn, text: str, understood: Understanding) -> bool:
    """Let the flow that asked a question take the answer; False if the text is something else.

    The routing table of pending questions: every question has its case (the type checker proves it).
    """
    waiting = turn.waiting
    intent = understood.intent
    confident_other = (intent is not None and understood.confidence >= CONFIDENT
                       and intent not in ("yes", "no", "set_residence"))
    match waiting:
        case None:
            return False
        case AskResidence() | StillHere() if residency.not_about_the_member(
                text, read_places(text, turn.deps.places)):
            if _is_question(turn, understood):
                await _answer_then_reask(turn, text, understood)
            elif isinstance(waiting, AskResidence):
                residency.not_an_answer(turn)
            else:
                turn.intent = None
                turn.say(residency.LEFT_ALONE)
                where, then = residency.current(turn), residency.continuation(turn)
                if where is not None and then is not None:
                    residency.ask_still_there(turn, where, then)
            return True
        case AskResidence():
            return await _residence_answer(turn, text, understood, confident_other)
        case StillHere():
            return await _still_here_answer(turn, text, understood)
        case CancelConfirm() | DeleteConfirm():
            if isinstance(waiting, CancelConfirm) and (intent == "cancel" or "cancel" in Said.of(text).words):
                other = await booking.another_named(turn, Said.of(text), understood.topic, waiting.ref)
                if other is not None:  # "wait no, cancel depression instead": the question moves to it
                    turn.intent = "cancel"
                    await booking.ask_cancel(turn, other.ref)
                    return True
            if _is_question(turn, understood) and understood.confidence >= CONFIDENT:
                await _answer_then_reask(turn, text, understood)
                return True
            if intent == "yes" and weak_yes(text):
                # "ok" may only acknowledge what was just said: ask for a clear yes, change nothing
                turn.intent = None
                await _ask_to_confirm(turn, waiting)
                return True
            return await _confirm(turn, text, waiting, intent, confident_other)
        case PickConfirm() | WaitlistOffer():
            return await _pick_confirmed(turn, text, understood, waiting)
        case AskTimezone():
            zone = zone_in_text(text, turn.deps.places)
            if zone is not None:
                turn.intent = "local_time"
                await schedule_info.zone_chosen(turn, zone)
                return True
            if turn.deps.places.names_abroad(text):
                # "canada": a country of several zones answers this question, not the state one
                turn.intent = "local_time"
                schedule_info.ask_city(turn)
                return True
            turn.clear_flow()
            return False
        case AfterCrisis():
            return after_crisis.answer(turn, text, after_crisis.asks_something(intent))
        case AskAge():
            if (stated_age(text) is None and intent not in ("yes", "no")
                    and _is_question(turn, understood)):  # "do i need my camera on?": answer, ask again
                await _answer_then_reask(turn, text, understood)
                return True
            handled, then = age.typed_answer(turn, text, intent)
            if then is not None:
                await booking.carry_on(turn, then)
            return handled
        case _:
            assert_never(waiting)


async def _residence_answer(turn: Turn, text: str, understood: Understanding, confident_other: bool) -> bool:
    """Text while "which US state?" waits."""
    reading = read_places(text, turn.deps.places)
    if residency.unsure_answer(text, reading, turn.deps.places) and reading.single is not None:
        residency.confirm_answer(turn, reading.single)
        return True
    if await _places_answer(turn, reading, understood.topic):
        return True
    if _is_question(turn, understood):
        await _answer_then_reask(turn, text, understood)
        return True
    if confident_other:
        turn.clear_flow()
        return False
    if understood.intent not in ("yes", "no") and asks(text):  # "why do you need to know that?"
        residency.why_we_ask(turn)
        return True
    turn.intent = None
    if understood.intent == "no" or not residency.answer_not_understood(turn):
        turn.clear_flow()
        turn.say(residency.NOT_NOW, menu.main_menu())
    return True


async def _still_here_answer(turn: Turn, text: str, understood: Understanding) -> bool:
    """Text while "are you still in X?" waits."""
    intent = understood.intent
    reading = read_places(text, turn.deps.places)
    if reading.candidates:
        if reading.single is not None and reading.single == residency.current(turn):
            await _still_here(turn, True)
        else:
            await _places_answer(turn, reading, understood.topic)
        return True
    if intent in ("yes", "no"):
        await _still_here(turn, intent == "yes")
        return True
    if _is_question(turn, understood):
        await _answer_then_reask(turn, text, understood)
        return True
    return False


async def _pick_confirmed(turn: Turn, text: str, understood: Understanding,
                          waiting: PickConfirm | WaitlistOffer) -> bool:
    """The answer to "Shall I book ...?" or to a full session's waitlist offer."""
    then = waiting.pick
    if then is not None and clear_yes(text, understood.intent):
        turn.intent = str(then.verb)
        turn.clear_flow()
        await _picked(turn, then)
        return True
    if understood.intent == "no" or followup.hesitant(Said.of(text)):
        turn.intent = None
        match waiting:
            case PickConfirm():
                turn.clear_flow()
                turn.say("Okay, nothing is booked or moved.", menu.main_menu())
            case WaitlistOffer():
                booking.keep(turn)
            case _:
                assert_never(waiting)
        return True
    turn.clear_flow()  # something else: answer that, and act on nothing
    return False


async def _picked(turn: Turn, then: Action) -> None:
    """Book, move, or join a waitlist: what the confirmed question offered."""
    arg = then.arg or ""
    if then.verb == "move":
        await switch.move(turn, arg)
    elif then.verb == "waitmove" and arg.isdigit():
        await switch.wait_for(turn, int(arg))
    elif then.verb == "book":
        await booking.carry_on(turn, then)
    else:
        menu.expired_option(turn)


async def _ask_to_confirm(turn: Turn, waiting: CancelConfirm | DeleteConfirm) -> None:
    """Ask the pending destructive question (again)."""
    match waiting:
        case CancelConfirm(ref):
            await booking.ask_cancel(turn, ref)
        case DeleteConfirm():
            await data_rights.ask_delete(turn)
        case _:
            assert_never(waiting)


async def _confirm(turn: Turn, text: str, waiting: CancelConfirm | DeleteConfirm, intent: str | None,
                   confident_other: bool) -> bool:
    """A destructive step goes ahead only on a clear yes; anything unclear keeps things as they are."""
    if clear_yes(text, intent):
        match waiting:
            case CancelConfirm(ref):
                await booking.confirm_cancel(turn, ref)
            case DeleteConfirm():
                await data_rights.confirm_delete(turn)
            case _:
                assert_never(waiting)
        return True
    if intent in ("cancel", "delete_data"):  # said again, perhaps negated: ask once more
        await _ask_to_confirm(turn, waiting)
        return True
    if confident_other:  # a different question: answer it, and drop the pending step
        turn.clear_flow()
        return False
    match waiting:
        case CancelConfirm():
            booking.keep(turn)
        case DeleteConfirm():
            data_rights.keep_data(turn)
        case _:
            assert_never(waiting)
    return True


async def _dispatch(turn: Turn, text: str, understood: Understanding) -> None:
    intent, topic = understood.intent, understood.topic
    if guesses.needs_asking(intent, understood.confidence, text):
        guesses.ask(turn, str(intent))
        return
    match intent:
        case "greeting":
            menu.greet(turn)
        case "thanks":
            menu.thanks(turn)
        case "goodbye":
            menu.goodbye(turn)
        case "help" | "yes" | "no":
            menu.help_menu(turn)
        case "handoff":
            await menu.handoff(turn)
        case "book" | "list_groups":
            if topic:
                await booking.sessions(turn, topic)
            else:
                await booking.list_groups(turn)
        case "my_bookings":
            await booking.my_bookings(turn)
        case "cancel":
            await _typed_cancel(turn, text, topic)
        case "set_residence":
            await _stated_residence(turn, text, understood)
        case "privacy":
            menu.privacy(turn)
        case "delete_data":
            await data_rights.ask_delete(turn)
        case "export_data":
            await data_rights.export(turn)
        case "topic_info":
            if not (topic and menu.describe_topic(turn, topic)) and not menu.answer(turn, "groups_overview"):
                menu.fallback(turn)
        case "facilitators":
            await schedule_info.facilitators(turn, topic)
        case "group_size":
            await schedule_info.group_size(turn, topic)
        case "session_length":
            await schedule_info.session_length(turn, topic, text)
        case "local_time":
            await schedule_info.local_time(turn, topic)
        case "switch":
            await switch.typed(turn, text, topic)
        case None:
            reading = read_places(text, turn.deps.places)
            if reading.candidates and not understood.out_of_scope and (reading.own or reading.bare):
                await _stated_residence(turn, text, understood)
            elif len(reading.candidates) == 1 and moving_later(text):  # "im moving to ohio next month"
                turn.intent = "set_residence"
                residency.moving_later(turn, reading.candidates[0])
            elif topic and not understood.out_of_scope and menu.describe_topic(turn, topic):
                turn.intent = "topic_info"
            else:
                menu.fallback(turn)
        case _:
            if not menu.answer(turn, intent):
                menu.fallback(turn)


async def _typed_cancel(turn: Turn, text: str, topic: str | None = None) -> None:
    """"cancel my booking FD-7K3Q9M": that booking if it is theirs; never another one instead."""
    named = BOOKING_REF.search(text)
    if named is None:
        await booking.typed_cancel(turn, Said.of(text), topic)
        return
    ref = f"FD-{named.group(1).upper()}"
    if any(b.ref == ref for b in await turn.uow.bookings.for_member(turn.member.key)):
        await booking.ask_cancel(turn, ref)
        return
    turn.say(f"I can't find booking {ref} among yours, so I haven't cancelled anything.")
    await booking.my_bookings(turn)


async def _stated_residence(turn: Turn, text: str, understood: Understanding) -> None:
    """Stored only when the member states their own residence in so many words.

    A place named in any other sentence ("weather in Denver") changes nothing and is out
    of scope; a place typed on its own is asked back before anything is stored.
    """
    reading = read_places(text, turn.deps.places)
    if reading.own and await _places_answer(turn, reading, understood.topic):
        return
    if reading.own:  # "I live in a small town": ask properly
        residency.ask(turn)
        return
    bare = reading.single if reading.bare else None
    if bare is not None:  # "NJ", "Texas", "07030" typed on its own
        known = residency.current(turn)
        if bare.kind == "state" and (known is None or known == bare):
            await _places_answer(turn, reading, understood.topic)
        else:  # "Italy" alone might be a question about Italy, "georgia" a name: ask first
            turn.intent = "set_residence"
            residency.confirm_bare(turn, bare)
        return
    turn.intent = None
    menu.fallback(turn)
