"""The age gate: asked once, before a member's first booking; only yes or no is stored.

Group therapy is for adults unless the provider says otherwise (``CoreConfig.min_age``,
the ``MIN_AGE`` setting). ``allowed`` is the one call the booking path makes. A member
who says they are under age (the "No" button, "no", or a stated age such as "I'm 15")
gets a kind explanation, no booking, and a pointer to help that fits a young person.
An answer counts only while the question is pending (an adult age typed out of the blue
stores nothing), and a stored under-age answer is never reversed here: the member is
offered a person instead.
Only ``Member.adult`` (True / False) is stored, never an age or a birth date, and staff
notices say nothing about it.
"""

from __future__ import annotations

from bot import actions
from bot.actions import Action
from bot.dialogue_state import AskAge
from bot.language.answers import bare_number, stated_age
from bot.messages import Button
from bot.turn import Turn

def question(min_age: int) -> str:
    return f"Before I book a seat: are you {min_age} or older?"


def allowed(turn: Turn, then: Action) -> bool:
    """True if the member may book; otherwise asks the question (once) or explains why not."""
    if turn.member.adult is True or turn.deps.config.min_age <= 0:
        return True
    if turn.member.adult is False:
        turn.clear_flow()
        _under_age(turn)
        return False
    turn.expect(AskAge(then))
    turn.say(question(turn.deps.config.min_age), _buttons())
    return False


def reask(turn: Turn) -> None:
    """After answering a question asked while this one waited: ask it again (the booking is kept)."""
    turn.say(f"Back to my question: are you {turn.deps.config.min_age} or older?", _buttons())


def _buttons() -> list[Button]:
    return [Button("Yes", actions.encode("ageyes"), "primary"), Button("No", actions.encode("ageno"))]


def answer(turn: Turn, adult: bool) -> Action | None:
    """The Yes / No button: store the answer; the booking to carry on with, if any.

    It counts only while the question is pending: an old button, pressed later, stores nothing
    (and never turns a stored under-age answer into an adult one).
    """
    if not isinstance(turn.waiting, AskAge):
        turn.intent = None
        if turn.member.adult is False and adult:
            _no_reversal(turn)
        else:
            turn.say("That question has expired, so I've changed nothing. What would you like to do?",
                     [Button("Book a seat", actions.encode("groups"), "primary"),
                      Button("Help", actions.encode("menu"))])
        return None
    then = _continuation(turn)
    turn.member.adult = adult
    turn.clear_flow()
    turn.intent = "age_confirmed" if adult else "under_age"
    if not adult:
        _under_age(turn)
        return None
    if then is None:
        turn.say("Thank you. What would you like to do next?",
                 [Button("Book a seat", actions.encode("groups"), "primary")])
    return then


def typed_answer(turn: Turn, text: str, intent: str | None) -> tuple[bool, Action | None]:
    """Text while the question is open: (handled, booking to carry on with)."""
    age = stated_age(text)
    if age is None:
        age = bare_number(text)
    if age is not None:
        return True, answer(turn, age >= turn.deps.config.min_age)
    if intent in ("yes", "no"):
        return True, answer(turn, intent == "yes")
    if intent is None:  # not understood ("the 6pm one"): the booking waits on this question
        turn.say(f"Sorry, I didn't catch that. {question(turn.deps.config.min_age)}", _buttons())
        return True, None
    turn.clear_flow()  # something else: answer that instead, and ask again at the next booking
    return False, None


def on_stated_age(turn: Turn, text: str) -> bool:
    """A message that states an age ("I'm 15"): recorded as yes/no; True if it was answered here."""
    age = stated_age(text)
    if age is None or age < 5:
        return False
    if age >= turn.deps.config.min_age:  # counts only as the answer to the question
        if turn.member.adult is False:
            turn.intent = "under_age"
            _no_reversal(turn)
            return True
        return False
    turn.member.adult = False
    turn.clear_flow()
    turn.intent = "under_age"
    _under_age(turn)
    return True


def _no_reversal(turn: Turn) -> None:
    """A stored under-age answer stays: a person on our team can sort out a mistake."""
    turn.say("You told me earlier that you're under "
             f"{turn.deps.config.min_age}, so I can't book a seat here, and I can't change that "
             "answer myself. If it was a mistake, a person on our team can help.",
             [Button("Talk to a person", actions.encode("handoff"))])


def _continuation(turn: Turn) -> Action | None:
    waiting = turn.waiting
    return waiting.then if isinstance(waiting, AskAge) else None


def _under_age(turn: Turn) -> None:
    min_age = turn.deps.config.min_age
    turn.say(f"Thank you for telling me. Our groups are for adults ({min_age} and over), so I "
             "can't book you a seat, and I'm sorry about that. You still deserve support: "
             "talking to an adult you trust, like a parent, a school counselor, a teacher or your "
             "doctor, is a good first step, and they can help you find help made for people your "
             "age. If things ever feel like too much, you can call or text 988 any time. It's "
             "free, and it's there for young people too.")
