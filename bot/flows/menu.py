"""Greeting, help menu, fallback, knowledge answers, topic descriptions, handoff."""

from __future__ import annotations

from datetime import timedelta

from bot import actions
from bot.flows import residency
from bot.messages import Button
from bot.turn import Turn

HANDOFF_REPEAT_WINDOW = timedelta(hours=1)
CONSENT_NOTICE = (
    "Hi, I'm the frontdoor assistant. I'm an automated helper, not a therapist and not "
    "an emergency service. To book seats and keep staff informed I store your state of "
    "residence, your bookings, your time zone once you give it, whether you're old enough "
    "to book (yes or no, never an age) and where we are in our chat. Say \"privacy\" any time to "
    "read this again, \"export my data\" to get a copy, or \"delete my data\" to remove it."
)


def main_menu() -> list[Button]:
    return [
        Button("Book a seat", actions.encode("groups"), "primary"),
        Button("My bookings", actions.encode("mine")),
        Button("About the groups", actions.encode("ask", "groups_overview")),
        Button("Goals of therapy", actions.encode("ask", "therapy_goals")),
        Button("Prices", actions.encode("ask", "pricing")),
        Button("Talk to a person", actions.encode("handoff")),
    ]


def greet(turn: Turn) -> None:
    turn.say("Hello! I can tell you about our therapy groups, check which ones you can join, "
             "and book you a seat. What would you like to do?", main_menu())


def thanks(turn: Turn) -> None:
    turn.say("You're welcome. I'm here whenever you need me.", main_menu()[:2])


def goodbye(turn: Turn) -> None:
    turn.say("Take care. Message me any time you want to pick this up again.")


def help_menu(turn: Turn) -> None:
    turn.say("Here is what I can help with: questions about therapy and our groups, prices, "
             "booking or cancelling a seat, and reaching a person on our team.", main_menu())


def fallback(turn: Turn) -> None:
    turn.say(turn.deps.knowledge.fallback, main_menu())


def expired_option(turn: Turn) -> None:
    turn.say("Sorry, that option has expired. Here is what I can do now:", main_menu())


def answer(turn: Turn, intent_id: str) -> bool:
    """Say the knowledge answer for ``intent_id``; False if there is none."""
    if intent_id not in turn.deps.knowledge.intents:
        return False
    text = turn.deps.answer(intent_id)
    if text is None:
        return False
    intent = turn.deps.knowledge.intents[intent_id]
    buttons = list(intent.buttons) or [Button("Book a seat", actions.encode("groups"), "primary"),
                                       Button("More questions", actions.encode("menu"))]
    if intent_id == "groups_overview" and not residency.may_join(turn, "therapy"):
        where = residency.current(turn)
        if where is not None:  # "what can i join" from Texas: say what is open to them, first
            text = (f"From {where.name}, you can join the DBT skills group, which is open to everyone; "
                    f"our therapy groups are only for people who live in {turn.deps.eligible_states_text}, "
                    f"because of licensing. {text}")
            buttons = [Button("See DBT skills sessions", actions.encode("sessions", "dbt_skills"), "primary"),
                       Button("About the DBT skills group", actions.encode("topic", "dbt_skills"))]
    turn.say(text, buttons)
    return True


def describe_topic(turn: Turn, slug: str) -> bool:
    topic = turn.deps.knowledge.topics.get(slug)
    if topic is None:
        return False
    where = residency.current(turn)
    if where is not None and not residency.may_join(turn, topic.kind, where):
        turn.say(f"{topic.name}: {topic.description} {residency.licence_note(turn, topic.name)}",
                 [Button("See DBT skills sessions", actions.encode("sessions", "dbt_skills"), "primary")])
        return True
    turn.say(f"{topic.name}: {topic.description}",
             [Button(f"See {topic.name} sessions"[:75], actions.encode("sessions", slug), "primary"),
              Button("All groups", actions.encode("groups"))])
    return True


async def handoff(turn: Turn) -> None:
    ref = turn.member.ref
    urgent = turn.member.at_risk or turn.urgent_asked
    turn.clear_flow()
    if await _asked_recently(turn, urgent):
        turn.say("I've already asked our team to get in touch with you, and they have your "
                 "request. If you need someone right now, call or text 988, any time.")
        return
    await turn.notify(turn.deps.notices.handoff(turn.member.key, ref, urgent=urgent,
                                                     flagged=turn.member.at_risk))
    if urgent:
        turn.say("I've asked our team to reach out to you here as soon as they can. Please "
                 "don't wait for us if you need someone now: call or text 988, any time.")
        return
    turn.say("I've asked a person on our team to get in touch with you here. They usually "
             "reply within one working day. If you need help right now, call or text 988.")


async def _asked_recently(turn: Turn, urgent: bool) -> bool:
    """A handoff of the same urgency was already requested within the last hour."""
    for item in await turn.uow.outbox.for_member(turn.member.key):
        notice = item.notice
        if (notice.kind == "handoff" and notice.urgent == urgent
                and turn.now - item.created_at < HANDOFF_REPEAT_WINDOW):
            return True
    return False


def privacy(turn: Turn) -> None:
    turn.say(CONSENT_NOTICE, [Button("Export my data", actions.encode("export")),
                              Button("Delete my data", actions.encode("delete"), "danger")])
