"""Where the member lives: asking, understanding, confirming, and what it allows."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot import actions
from bot.actions import Action
from bot.dialogue_state import AskResidence, StillHere
from bot.domain import GroupKind, open_to
from bot.messages import Button
from bot.language.normalise import words
from bot.language.places import PlaceIndex
from bot.language.residence import OUTSIDE_US, OUTSIDE_US_CODE, Reading, Residence, read_places, residence_from_code
from bot.turn import Turn

QUESTION = ("Which US state do you live in, and will be in during sessions? I ask because "
            "therapist licensing depends on it. Tap a button, or type the state's name, its "
            "two-letter code or your ZIP code (for example: New Jersey, NJ or 07030).")
AGAIN = ("Sorry, I couldn't tell which state that is. Could you type the state's name or "
         "your ZIP code? For example: Florida, or 33101. Or tap \"Not now\".")
NOT_NOW = ("No problem. You can tell me where you live any time, and I'll show you the "
           "groups you can join. Here is what else I can help with:")
MAX_FAILED_ANSWERS = 2
DURING_SESSIONS = ("Licensing follows where you are during our sessions. Where will you be "
                   "when the sessions happen? If you're moving later, pick where you are now; "
                   "you can change it after the move.")


#: While the state question is open, a place in one of these messages is not the answer:
#: a question ("what's the weather in Denver"), travel, or someone else ("my sister lives in FL").
_QUESTION_START = frozenset({"what", "whats", "how", "is", "are", "can", "could", "should", "where",
                             "when", "why", "do", "does", "will", "would", "who", "which", "any"})
_NOT_ABOUT_ME = frozenset({
    "weather", "forecast", "temperature", "rain", "snow", "sunny", "visit", "visiting", "trip", "travel",
    "traveling", "travelling", "flight", "fly", "vacation", "holiday", "hotel", "tour", "safe", "tourist",
    "sister", "brother", "mom", "mum", "mother", "dad", "father", "parents", "parent", "friend", "friends",
    "wife", "husband", "partner", "son", "daughter", "kids", "boyfriend", "girlfriend", "family",
    "cousin", "aunt", "uncle", "grandma", "grandpa", "grandmother", "grandfather", "roommate",
    "he", "she", "they", "his", "her", "their", "him", "them",
    # other people the place may belong to ("my ex lives in new jersey", "my therapist is in florida")
    "ex", "therapist", "boss", "doctor", "coworker", "colleague", "client", "patient", "neighbor", "neighbour",
    "fiance", "fiancee", "spouse", "niece", "nephew",
    # things and errands a place is named with ("book a table in miami", "ship it to 10001")
    "table", "restaurant", "reservation", "ship", "shipping", "shipped", "deliver", "delivery", "package",
    "article", "newspaper", "movie", "film", "episode", "bagels", "bagel", "pizza"})
#: A longer sentence naming one place, not first and with no cue before it ("i watched a show
#: about florida man"), is asked about ("Just to check: do you live in Florida?"), never stored
#: as it stands. A sentence that starts with the place ("florida is where i am") is an answer.
UNCUED_MAX_WORDS = 4
LEFT_ALONE = "I can only help with our therapy groups here, so I'll leave that one."
NOT_AN_ANSWER = (f"{LEFT_ALONE} My question was about you: which US state do you live in, and will "
                 "be in during sessions?")


def not_about_the_member(text: str, reading: Reading) -> bool:
    """A place named in a question, about travel or about someone else: not where they live.

    The member's own words ("I live in...", a bare "Ohio", "Ohio I guess") always count.
    """
    if not reading.candidates or reading.own or reading.bare:
        return False
    if len(reading.candidates) > 1 or reading.temporal:
        return False  # two places or a time: asked where they'll be, with a button each; nothing stored
    said = words(text)
    return bool(said) and (said[0] in _QUESTION_START or text.rstrip().endswith("?")
                           or bool(_NOT_ABOUT_ME & set(said)))


def unsure_answer(text: str, reading: Reading, places: PlaceIndex) -> bool:
    """One place, named inside a longer sentence with no word that makes it where the member is
    ("i watched a show about florida man"): asked about, not stored."""
    if reading.single is None or reading.own or reading.bare or len(reading.mentions) != 1:
        return False
    said = words(text)
    if reading.mentions[0].strength != 0 or len(said) <= UNCUED_MAX_WORDS:
        return False
    return not read_places(" ".join(said[:3]), places).candidates  # "florida is where i am" answers


def confirm_answer(turn: Turn, residence: Residence) -> None:
    """"Just to check: do you live in X?" while the state question waits (it stays open on No)."""
    where = "outside the US" if residence.kind == "outside_us" else f"in {residence.name}"
    turn.intent = None
    turn.say(_just_checking(where),
             [Button(f"Yes, {residence.name}" if residence.code else "Yes", actions.encode(
                 "state", residence.code or "OUTSIDE_US"), "primary"),
              Button("No, somewhere else", actions.encode("where"))])


def not_an_answer(turn: Turn) -> None:
    """Answered (or out of scope) and the state question asked again; the question stays open."""
    turn.intent = None
    turn.say(NOT_AN_ANSWER, question_buttons(turn))


def licence_note(turn: Turn, name: str) -> str:
    """Why a therapy group is closed to this member, and what is open instead."""
    return (f"{name} is group therapy, which our licence lets us offer only to people who "
            f"live in {turn.deps.eligible_states_text}. The DBT skills group is open to everyone.")


def current(turn: Turn) -> Residence | None:
    return turn.residence


def may_join(turn: Turn, kind: GroupKind, residence: Residence | None = None) -> bool:
    """May this member (living at ``residence``, else where we know they live) book this kind
    of group? The one rule is ``bot.domain.open_to``."""
    return open_to(kind, residence or current(turn), turn.deps.config.eligible_states)


def recently_confirmed(turn: Turn) -> bool:
    at: datetime | None = turn.member.residence_confirmed_at
    return at is not None and turn.now - at < turn.deps.config.residence_recheck_after


def question_buttons(turn: Turn) -> list[Button]:
    states = sorted((r for code in turn.deps.config.eligible_states
                     if (r := residence_from_code(code)) is not None), key=lambda r: r.name)
    buttons = [Button(r.name, actions.encode("state", r.code)) for r in states[:3] if r.code]
    buttons.append(Button("Outside the US", actions.encode("state", "OUTSIDE_US")))
    buttons.append(Button("Not now", actions.encode("notnow")))
    return buttons


def why_we_ask(turn: Turn) -> None:
    """A question we could not place, asked while the state question waits ("why do you need
    to know that?", "is my info safe with you"): say why we ask and what is kept, then ask again."""
    names = sorted(r.name for code in turn.deps.config.eligible_states
                   if (r := residence_from_code(code)) is not None)
    where = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else "".join(names)
    turn.intent = None
    turn.say(f"Good question. I ask only to see which groups you can join: our therapists are licensed "
             f"for members who are in {where} during sessions, and everyone can join the DBT skills "
             "group. I keep just the state (or \"outside the US\"), never your address, and you can "
             "ask me to delete it any time.\n\nWhich US state will you be in during sessions?",
             question_buttons(turn))


def ask(turn: Turn, then: Action | None = None) -> None:
    turn.expect(AskResidence(then))
    turn.say(QUESTION, question_buttons(turn))


def moving_later(turn: Turn, to: Residence) -> None:
    """A move still ahead: keep today's state (licensing follows where they are during sessions)
    and say how to change it after the move; asked properly when today's state is not known."""
    known = current(turn)
    if known is None:
        turn.say("Thanks for telling me about the move. Licensing follows where you are during "
                 "sessions, so it's where you live now that counts.")
        ask(turn)
        return
    if known == to:
        turn.say(f"Good to know. I have {known.name} for you already, so nothing needs to change.")
        return
    after = ("" if to.is_eligible(turn.deps.config.eligible_states) or not known.is_eligible(
        turn.deps.config.eligible_states) else
        f" After the move our therapy groups, which are only for people who live in "
        f"{turn.deps.eligible_states_text}, won't be open to you, but the DBT skills group will be, "
        "and our team can help with any bookings.")
    turn.say(f"Thanks for letting me know. Licensing follows where you are during sessions, so I'll "
             f"keep {known.name} for now. Once you've moved, tell me \"I live in {to.name}\" and "
             f"I'll update it.{after}", [Button("My bookings", actions.encode("mine")),
                                         Button("Talk to a person", actions.encode("handoff"))])


def ask_during_sessions(turn: Turn, candidates: tuple[Residence, ...]) -> None:
    """Two places, or a time ("until June, then NY"): a button for each place named."""
    turn.expect(AskResidence(continuation(turn)))
    buttons = [Button(r.name if r.code else "Outside the US", actions.encode("state", r.code or "OUTSIDE_US"))
               for r in candidates[:6]]
    buttons.append(Button("Somewhere else", actions.encode("where")))
    turn.say(DURING_SESSIONS, buttons)


def confirm_bare(turn: Turn, residence: Residence) -> None:
    """A place typed on its own, out of the blue: ask before storing anything."""
    where = "outside the US" if residence.kind == "outside_us" else f"in {residence.name}"
    known = current(turn)
    if known is not None and known != residence:  # a change of what is stored: say so
        before = "outside the US" if known.kind == "outside_us" else f"in {known.name}"
        turn.say(f"Just to check: I have you {before}. Have you moved, so that you live {where} "
                 "and will be there during sessions?",
                 [Button("Yes, I've moved", actions.encode("state", residence.code or "OUTSIDE_US"), "primary"),
                  Button("No", actions.encode("notnow"))])
        return
    turn.say(_just_checking(where), [Button("Yes", actions.encode("state", residence.code or "OUTSIDE_US"), "primary"),
                                     Button("No", actions.encode("notnow"))])


def _just_checking(where: str) -> str:
    return f"Just to check: do you live {where}, and will you be there during sessions?"


def reask(turn: Turn) -> None:
    """After answering a question asked while this one waited: ask it again."""
    turn.say("Back to my question: which US state will you be in during sessions?", question_buttons(turn))


def answer_not_understood(turn: Turn) -> bool:
    """Ask once more; after repeated misses, stop asking. True when still asking."""
    waiting = turn.waiting
    asked = waiting if isinstance(waiting, AskResidence) else AskResidence()
    failed = asked.failed + 1
    if failed >= MAX_FAILED_ANSWERS:
        return False
    # the expiry clock is untouched: this is the same question, asked again
    turn.member.dialogue = replace(turn.member.dialogue, waiting=replace(asked, failed=failed))
    turn.say(AGAIN, question_buttons(turn))
    return True


def ask_still_there(turn: Turn, residence: Residence, then: Action) -> None:
    turn.expect(StillHere(then))
    where = "outside the US" if residence.kind == "outside_us" else f"in {residence.name}"
    turn.say(f"Before I book: are you still {where}?",
             [Button("Yes, still there", actions.encode("stillyes"), "primary"),
              Button("No, I've moved", actions.encode("stillno"))])


def continuation(turn: Turn) -> Action | None:
    """The booking step the residence question interrupted, while that question waits."""
    match turn.waiting:
        case AskResidence(then) | StillHere(then):
            return then
        case _:
            return None


def from_button(code: str) -> Residence | None:
    return OUTSIDE_US if code == "OUTSIDE_US" else residence_from_code(code)


async def accept(turn: Turn, residence: Residence, timezone: str | None = None) -> None:
    """Store the answer and say what it means for the member."""
    previous = current(turn)
    if previous != residence or timezone:
        turn.member.timezone = timezone
    turn.member.residence_code = residence.code or OUTSIDE_US_CODE
    turn.residence = residence
    turn.member.residence_confirmed_at = turn.now
    states = turn.deps.eligible_states_text
    head = ("Got it: you're outside the US." if residence.kind == "outside_us"
            else f"Got it: {residence.name}.")
    if may_join(turn, "therapy", residence):
        turn.say(f"{head} Our licensed therapy groups are open to you, and so is the DBT skills group.")
        return
    turn.say(f"{head} Because of how therapist licensing works, our group therapy is only "
             f"for people who live in {states}, so I can't book you into those groups. "
             "You're very welcome in our DBT skills group, which is open to everyone: a "
             "therapist-instructor teaches practical skills for emotions and relationships.",
             [Button("See DBT skills sessions", actions.encode("sessions", "dbt_skills"), "primary"),
              Button("About the DBT skills group", actions.encode("topic", "dbt_skills"))])
    if previous is not None and previous != residence:
        await _moved_out_of_licence(turn)


async def _moved_out_of_licence(turn: Turn) -> None:
    """A member holding therapy seats now lives where we are not licensed: tell them and staff."""
    held = []
    for booking in await turn.uow.bookings.for_member(turn.member.key):
        group = await turn.uow.groups.get(booking.group_id)
        if group is not None and not may_join(turn, group.kind):
            held.append(booking.ref)
    if not held:
        return
    await turn.notify(turn.deps.notices.residence_changed(turn.member.key, held))
    turn.say("You still hold a place in a therapy group that needs you to live in "
             f"{turn.deps.eligible_states_text}. I've let our team know, and someone will "
             "get in touch about it. Nothing has been cancelled.")

