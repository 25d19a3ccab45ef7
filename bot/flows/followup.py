"""Follow-ups: a typed reply that names one of the sessions just shown picks it."""

from __future__ import annotations

from bot.domain import Group
from bot.language import choices
from bot.language.intents import Understanding
from bot.turn import Turn

SHOWN = "shown"  # dialogue key: ids of the sessions last shown, in order
#: Intents a pick may carry ("book the thursday one"); a confident other question wins.
PICK_INTENTS = frozenset({None, "book", "yes", "list_groups", "topic_info", "switch", "my_bookings"})
SURE_OTHER = 0.5


def remember(turn: Turn, groups: list[Group]) -> None:
    """Note which sessions were just shown (kept beside, not instead of, a pending question)."""
    kept = {k: v for k, v in turn.member.dialogue.items() if k != "moving"}  # a new list: a plain pick
    turn.member.dialogue = {**kept, SHOWN: [g.id for g in groups]}


async def shown(turn: Turn) -> list[Group]:
    ids = turn.member.dialogue.get(SHOWN)
    if not isinstance(ids, list):
        return []
    found = [await turn.uow.groups.get(int(i)) for i in ids if isinstance(i, int)]
    return [g for g in found if g is not None]


async def picked(turn: Turn, text: str, understood: Understanding) -> Group | None:
    """The shown session the text names, if exactly one and the text is not another request."""
    if understood.intent not in PICK_INTENTS and understood.confidence >= SURE_OTHER:
        return None
    options = await shown(turn)
    hits = choices.pick(text, options)
    return options[hits[0]] if len(hits) == 1 else None
