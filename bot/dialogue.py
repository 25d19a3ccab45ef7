"""The dialogue: routes a button press or typed text to the flow that owns it."""

from __future__ import annotations

from bot.actions import Action
from bot.flows import booking, data_rights, menu, residency, staff
from bot.residency import Residence, parse_residence
from bot.turn import Turn
from bot.understanding import Understanding

CONFIDENT = 0.6  # above this, a question wins over the answer the flow was waiting for


async def on_action(turn: Turn, action: Action | None) -> None:
    if action is None:
        turn.intent = None
        menu.expired_option(turn)
        return
    turn.intent = action.arg if action.verb == "ask" else action.verb
    await _run_action(turn, action)


async def _run_action(turn: Turn, action: Action) -> None:
    verb, arg = action.verb, action.arg or ""
    match verb:
        case "menu":
            menu.help_menu(turn)
        case "ask":
            if not menu.answer(turn, arg):
                menu.expired_option(turn)
        case "topic":
            if not menu.describe_topic(turn, arg):
                menu.expired_option(turn)
        case "groups":
            await booking.list_groups(turn)
        case "sessions":
            await booking.sessions(turn, arg)
        case "book":
            if arg.isdigit():
                await booking.book(turn, int(arg))
            else:
                menu.expired_option(turn)
        case "mine":
            await booking.my_bookings(turn)
        case "cancel":
            await booking.ask_cancel(turn, arg)
        case "cancelyes":
            await booking.confirm_cancel(turn, arg)
        case "keep":
            booking.keep(turn)
        case "where":
            residency.ask(turn)
        case "state":
            where = residency.from_button(arg)
            if where is None:
                menu.expired_option(turn)
            else:
                await _residence_given(turn, where, topic=None)
        case "notnow":
            turn.clear_flow()
            turn.say(residency.NOT_NOW, menu.main_menu())
        case "stillyes":
            await _still_here(turn, True)
        case "stillno":
            await _still_here(turn, False)
        case "handoff":
            await menu.handoff(turn)
        case "privacy":
            menu.privacy(turn)
        case "export":
            await data_rights.export(turn)
        case "delete":
            await data_rights.ask_delete(turn)
        case "deleteyes":
            await data_rights.confirm_delete(turn)
        case "deleteno":
            data_rights.keep_data(turn)
        case "ack" | "done":
            await staff.on_button(turn, verb, arg)
        case _:
            menu.expired_option(turn)


async def _still_here(turn: Turn, yes: bool) -> None:
    then = residency.continuation(turn) if turn.waiting_for == "still_here" else None
    if then is None:
        menu.expired_option(turn)
        return
    if yes:
        turn.member.residence_confirmed_at = turn.now
        turn.clear_flow()
        await _run_action(turn, then)
    else:
        residency.ask(turn, then)


async def _residence_given(turn: Turn, where: Residence, topic: str | None) -> None:
    """Store where the member lives, then carry on with what they were doing."""
    then = residency.continuation(turn) if turn.waiting_for in ("residence", "still_here") else None
    turn.intent = "set_residence"
    turn.clear_flow()
    await residency.accept(turn, where)
    await _after_residence(turn, where, then, topic)


async def _after_residence(turn: Turn, where: Residence, then: Action | None,
                           topic: str | None) -> None:
    """Carry on: the action we interrupted, else the groups they can join."""
    eligible = residency.is_eligible(turn, where)
    if then is None:
        if topic and (eligible or topic == "dbt_skills"):
            await booking.sessions(turn, topic)
        elif eligible:
            await booking.list_groups(turn)
        return
    if eligible:
        await _run_action(turn, then)
        return
    if then.verb == "book" and (then.arg or "").isdigit():
        group = await turn.uow.groups.get(int(then.arg or 0))
        if group is not None and group.kind == "dbt_skills":
            await _run_action(turn, then)
            return
    await booking.sessions(turn, "dbt_skills")


async def on_text(turn: Turn, text: str) -> None:
    services = turn.services
    is_staff = services.config.is_staff(turn.member.platform, turn.member.user_id)
    if staff.is_command(text, for_staff=is_staff):
        if is_staff:
            await staff.handle(turn, text)
        else:  # exactly what an unknown command gets: no hint that staff commands exist
            turn.intent = None
            menu.fallback(turn)
        return
    understood = services.classifier.understand(text)
    turn.intent = understood.intent
    if await _answer_waiting_flow(turn, text, understood):
        return
    await _dispatch(turn, text, understood)


async def _answer_waiting_flow(turn: Turn, text: str, understood: Understanding) -> bool:
    """Let the flow that asked a question take the answer; False if the text is something else."""
    waiting = turn.waiting_for
    intent = understood.intent
    confident_other = (intent is not None and understood.confidence >= CONFIDENT
                       and intent not in ("yes", "no", "set_residence"))
    if waiting == "residence":
        where = parse_residence(text)
        if where is not None:
            await _residence_given(turn, where, understood.topic)
            return True
        if confident_other:
            turn.clear_flow()
            return False
        turn.intent = None
        if intent == "no" or not residency.answer_not_understood(turn):
            turn.clear_flow()
            turn.say(residency.NOT_NOW, menu.main_menu())
        return True
    if waiting == "still_here":
        where = parse_residence(text)
        if where is not None:
            if where == residency.current(turn):
                await _still_here(turn, True)
            else:
                await _residence_given(turn, where, understood.topic)
            return True
        if intent in ("yes", "no"):
            await _still_here(turn, intent == "yes")
            return True
        return False
    if waiting in ("cancel_confirm", "delete_confirm"):
        return await _confirm(turn, waiting, intent, confident_other)
    return False


async def _confirm(turn: Turn, waiting: str, intent: str | None, confident_other: bool) -> bool:
    """A destructive step goes ahead only on a clear yes; anything unclear keeps things as they are."""
    ref = str(turn.member.dialogue.get("ref", ""))
    if intent == "yes":
        if waiting == "cancel_confirm":
            await booking.confirm_cancel(turn, ref)
        else:
            await data_rights.confirm_delete(turn)
        return True
    if intent in ("cancel", "delete_data"):  # said again, perhaps negated: ask once more
        if waiting == "cancel_confirm":
            await booking.ask_cancel(turn, ref)
        else:
            await data_rights.ask_delete(turn)
        return True
    if confident_other:  # a different question: answer it, and drop the pending step
        turn.clear_flow()
        return False
    if waiting == "cancel_confirm":
        booking.keep(turn)
    else:
        data_rights.keep_data(turn)
    return True


async def _dispatch(turn: Turn, text: str, understood: Understanding) -> None:
    intent, topic = understood.intent, understood.topic
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
            await booking.typed_cancel(turn)
        case "set_residence":
            where = parse_residence(text)
            if where is None:
                residency.ask(turn)
            else:
                await _residence_given(turn, where, topic)
        case "privacy":
            menu.privacy(turn)
        case "delete_data":
            await data_rights.ask_delete(turn)
        case "export_data":
            await data_rights.export(turn)
        case "topic_info":
            if not (topic and menu.describe_topic(turn, topic)) and not menu.answer(turn, "groups_overview"):
                menu.fallback(turn)
        case None:
            where = parse_residence(text)
            if where is not None:
                await _residence_given(turn, where, topic)
            elif topic and menu.describe_topic(turn, topic):
                turn.intent = "topic_info"
            else:
                menu.fallback(turn)
        case _:
            if not menu.answer(turn, intent):
                menu.fallback(turn)
