"""Where the member lives: asking, understanding, confirming, and what it allows."""

from __future__ import annotations

from datetime import datetime

from bot import actions
from bot.actions import Action
from bot.messages import Button
from bot.residency import Residence, residence_from_code
from bot.turn import Turn

QUESTION = ("Which US state do you live in, and will be in during sessions? You can type the "
            "state's name, its two-letter code or your ZIP code (for example: New Jersey, NJ "
            "or 07030). If you live outside the US, just say so.")
AGAIN = ("Sorry, I couldn't tell which state that is. Could you type the state's name or "
         "your ZIP code? For example: Florida, or 33101. If you're outside the US, say "
         "\"outside the US\".")


def current(turn: Turn) -> Residence | None:
    code = turn.member.residence_code
    return residence_from_code(code) if code else None


def is_eligible(turn: Turn, residence: Residence) -> bool:
    return residence.is_eligible(turn.services.config.eligible_states)


def recently_confirmed(turn: Turn) -> bool:
    at: datetime | None = turn.member.residence_confirmed_at
    return at is not None and turn.now - at < turn.services.config.residence_recheck_after


def ask(turn: Turn, then: Action | None = None) -> None:
    turn.expect("residence", then=_encode(then))
    turn.say(QUESTION)


def ask_again(turn: Turn) -> None:
    turn.member.dialogue_updated_at = turn.now
    turn.say(AGAIN)


def ask_still_there(turn: Turn, residence: Residence, then: Action) -> None:
    turn.expect("still_here", then=_encode(then))
    where = "outside the US" if residence.kind == "outside_us" else f"in {residence.name}"
    turn.say(f"Before I book: are you still {where}?",
             [Button("Yes, still there", actions.encode("stillyes"), "primary"),
              Button("No, I've moved", actions.encode("stillno"))])


def continuation(turn: Turn) -> Action | None:
    raw = turn.member.dialogue.get("then")
    return actions.decode(raw) if isinstance(raw, str) else None


def accept(turn: Turn, residence: Residence) -> None:
    """Store the answer and say what it means for the member."""
    turn.member.residence_code = residence.code or "OUTSIDE_US"
    turn.member.residence_confirmed_at = turn.now
    states = turn.services.eligible_states_text
    if residence.kind == "outside_us":
        head = "Got it: you're outside the US."
    else:
        head = f"Got it: {residence.name}."
    if is_eligible(turn, residence):
        turn.say(f"{head} Our licensed therapy groups are open to you, and so is the DBT skills group.")
    else:
        turn.say(f"{head} Because of how therapist licensing works, our group therapy is only "
                 f"for people who live in {states}, so I can't book you into those groups. "
                 "You're very welcome in our DBT skills group, which is open to everyone: a "
                 "therapist-instructor teaches practical skills for emotions and relationships.",
                 [Button("See DBT skills sessions", actions.encode("sessions", "dbt_skills"), "primary"),
                  Button("About the DBT skills group", actions.encode("topic", "dbt_skills"))])


def _encode(action: Action | None) -> str | None:
    return action.encode() if action else None
