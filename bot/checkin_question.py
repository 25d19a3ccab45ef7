"""The question a member asked in the same message as their distress, answered after the check-in.

"I can't cope with work stress, do you have a group for that?" gets the check-in first (are
you thinking about harming yourself?). When the member answers "no, it's just a hard day",
their question is taken up again after the support reply, instead of being lost. Only what
the question was about is kept (an intent id and a topic, in memory with the check-in),
never the text, and the answer needs no store: a knowledge answer, a group's description,
or a button to the sessions.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import actions
from bot.dependencies import Dependencies
from bot.messages import Button, Reply

#: Intents whose answer is the schedule itself: a button to it (the store is not read here).
_SCHEDULE = frozenset({"list_groups", "groups_overview", "book", "facilitators", "group_size",
                       "session_length", "local_time", "join_midway", "dbt_skills_group"})
#: Said in passing, not a question to come back to.
_NOT_A_QUESTION = frozenset({"greeting", "thanks", "goodbye", "yes", "no", "hard_day", "about_bot"})


@dataclass(frozen=True, slots=True)
class AskedQuestion:
    """What the question was about: an intent of the knowledge base, and the topic it named."""

    intent: str
    topic: str | None = None


def asked(deps: Dependencies, text: str) -> AskedQuestion | None:
    """The question in a distressed member's message, if the bot understood one."""
    understood = deps.understand(text)
    intent = understood.intent
    if intent is None or intent in _NOT_A_QUESTION or understood.out_of_scope:
        return None
    if intent in deps.knowledge.intents and deps.answer(intent) is not None:
        return AskedQuestion(intent, understood.topic)
    if understood.topic is not None and understood.topic in deps.knowledge.topics:
        return AskedQuestion("topic_info", understood.topic)
    return AskedQuestion(intent, None) if intent in _SCHEDULE else None


def answer(deps: Dependencies, question: AskedQuestion) -> Reply | None:
    """The answer to come back with, after the support reply."""
    lead = "And about what you asked:\n"
    if question.topic is not None and question.topic in deps.knowledge.topics:
        topic = deps.knowledge.topics[question.topic]
        return Reply(f"{lead}{topic.name}: {topic.description}",
                     (Button(f"See {topic.name} sessions"[:75], actions.encode("sessions", question.topic), "primary"),
                      Button("All groups", actions.encode("groups"))))
    text = deps.answer(question.intent) if question.intent in deps.knowledge.intents else None
    if text is not None:
        buttons = tuple(deps.knowledge.intents[question.intent].buttons) or (
            Button("See groups with space", actions.encode("groups"), "primary"),)
        return Reply(f"{lead}{text}", buttons)
    if question.intent in _SCHEDULE:
        return Reply(f"{lead}here are the groups with space, whenever you're ready.",
                     (Button("See groups with space", actions.encode("groups"), "primary"),))
    return None
