"""Consequential intents (a staff page, cancel, delete, export) are never done on a guess.

Below ``CONSEQUENTIAL`` confidence, or when the member hedges ("i need a person maybe",
"should i talk to someone?"), the bot asks back, "Did you want me to ...?", with a
Yes button that carries the action itself and a No that changes nothing.
"""

from __future__ import annotations

from bot import actions
from bot.language.hedges import hedged
from bot.messages import Button
from bot.turn import Turn

CONSEQUENTIAL = 0.5  # an answer needs the classifier's threshold; these need this much
QUESTIONS = {
    "handoff": ("Did you want me to ask a person on our team to contact you?", "handoff"),
    "cancel": ("Did you want to cancel a booking? I'll show you your bookings first.", "mine"),
    "delete_data": ("Did you want me to delete the data I hold about you?", "delete"),
    "export_data": ("Did you want a copy of the data I hold about you?", "export"),
}


def needs_asking(intent: str | None, confidence: float, text: str = "") -> bool:
    return intent in QUESTIONS and (confidence < CONSEQUENTIAL or hedged(text))


def ask(turn: Turn, intent: str) -> None:
    question, verb = QUESTIONS[intent]
    turn.say(question, [Button("Yes", actions.encode(verb), "primary"),
                        Button("No", actions.encode("menu"))])
