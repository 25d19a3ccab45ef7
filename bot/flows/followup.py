"""Follow-ups: a typed reply that names one of the sessions just shown picks it.

Only an explicit pick acts: a weekday, time, position or facilitator, or "that one" /
"book it" when one session is on offer (``choices.points``). Hesitation ("not sure", "let
me think") picks nothing; a bare "yes" or "sure", or "the later one", with one session on
offer is asked back first. A reply made only of words that refer to the options ("the
later one", "that one") is never read as a question.

A reply that names a shown session but is not a pick (``bot.language.pick_tone``) books and
moves nothing: a question about it ("is the thursday one full", "should i take it?") gets
that session's card with its button; ruling one out ("not thursday", "tuesday doesn't work
for me") offers the others; someone else's wish ("my friend wants the thursday one") is
theirs to tell us. A confident question on another matter ("the thursday one, is it ok if
i'm late") is left to the dialogue to answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot import actions
from bot.domain import Group
from bot.language import choices, pick_tone
from bot.language.intents import Understanding
from bot.language.normalise import Said
from bot.messages import Button
from bot.turn import Turn

#: Intents a pick may carry ("book the thursday one"); a confident other question wins. A
#: facilitator's first name may also be a place ("jordan", "chad"): the shown session wins.
PICK_INTENTS = frozenset({None, "book", "yes", "list_groups", "topic_info", "switch", "my_bookings",
                          "set_residence"})
SURE_OTHER = 0.5
#: Word runs that mean "not yet": they pick nothing, whatever else the message says.
HESITANT = (("not", "sure"), ("unsure",), ("let", "me", "think"), ("lemme", "think"), ("think", "about"),
            ("maybe",), ("not", "yet"), ("not", "now"), ("not", "know"), ("idk",),
            ("hold", "on"), ("wait",), ("no", "idea"), ("not", "certain"), ("perhaps",), ("hmm",),
            ("hm",), ("unsure",), ("undecided",), ("decide",), ("think", "it", "over"), ("no",))
#: Words a bare acceptance is made of ("yes", "ok sure", "book"): asked back, never acted on.
ACCEPTING = frozenset({"yes", "yeah", "yep", "yup", "sure", "ok", "okay", "book", "please", "ya", "yea"})


#: Readings of a reply that names a shown session without picking it which are answered here,
#: with that session's card: acting ones (book, move, cancel, page, store) and ones beside the point.
ANSWERED_HERE = frozenset({"book", "switch", "cancel", "handoff", "delete_data", "export_data", "set_residence",
                            "yes", "no", "list_groups", "topic_info", "my_bookings"})


def _has(said: Sequence[str], run: tuple[str, ...]) -> bool:
    n = len(run)
    return any(tuple(said[i:i + n]) == run for i in range(len(said) - n + 1))


def hesitant(text: Said) -> bool:
    """"hmm not sure", "let me think about it", "maybe later", "i don't know"."""
    said = text.words
    if "later" in said and not _ORDER_WORDS & set(said):  # "maybe later", not "the later one"
        return True
    return any(_has(said, run) for run in HESITANT)


_ORDER_WORDS = frozenset({"the", "one", "session", "time"})
_FILLER = frozenset({"the", "one", "session", "please", "book", "me", "i", "want", "would", "like", "take",
                     "ok", "okay", "yes", "in", "into", "for", "number", "option", "go", "with"})
_POINTING = frozenset({"that", "this", "it"})
_POSITION = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "last": -1}
_BY_TIME = frozenset({"later", "latest", "earlier", "earliest"})


def _by_words(said: Sequence[str], options: list[Group]) -> list[int] | None:
    """"2", "the first", "the later one", "that one": indexes (all when it can't tell); None if
    the text is not one of these. Read before the intent, so "the first" is not first-session info."""
    rest = [w for w in said if w not in _FILLER]
    if not said or len(said) > 6:
        return None
    if not rest and len(options) > 1 and {"one", "session"} & set(said):
        return list(range(len(options)))
    if rest and set(rest) <= _POINTING:  # "that one", "this", "it": which, when there are several
        return list(range(len(options))) if len(options) > 1 else None
    if len(rest) != 1:
        return None
    word = rest[0]
    if word.isdigit():
        return [int(word) - 1] if 1 <= int(word) <= len(options) else list(range(len(options)))
    if word in _POSITION:
        return [_POSITION[word] % len(options)] if _POSITION[word] < len(options) else list(range(len(options)))
    if word in _BY_TIME and len(options) > 1:
        late = word.startswith("late")
        by_hour = sorted(range(len(options)), key=lambda i: options[i].start_time, reverse=late)
        by_week = sorted(range(len(options)), key=lambda i: (options[i].weekday, options[i].start_time),
                         reverse=late)
        tie = options[by_hour[0]].start_time == options[by_hour[1]].start_time
        if tie or by_hour[0] != by_week[0]:  # later in the day but earlier in the week: ask
            return list(range(len(options)))
        return [by_hour[0]]
    return None


async def which(turn: Turn, text: Said) -> list[Group]:
    """The shown sessions a reply can't tell apart ("that one" of two): to be asked which."""
    options = await shown(turn)
    if len(options) < 2 or hesitant(text) or not _a_pick(text):
        return []
    hits = _by_words(text.words, options)
    return [options[i] for i in hits] if hits is not None and len(hits) > 1 else []


def _a_pick(text: Said) -> bool:
    return pick_tone.tone(text.words, text.text) == "pick"


def remember(turn: Turn, groups: list[Group]) -> None:
    """Note which sessions were just shown (kept beside, not instead of, a pending question)."""
    turn.member.dialogue = replace(turn.member.dialogue, shown=tuple(g.id for g in groups),
                                   moving=None)  # a new list: a plain pick


async def shown(turn: Turn) -> list[Group]:
    found = [await turn.uow.groups.get(i) for i in turn.member.dialogue.shown]
    return [g for g in found if g is not None]


def choice_words(said: Sequence[str]) -> bool:
    """Only words that refer to the options ("the later one", "that one", "the 2nd"): such a
    reply is about the sessions shown, never a question ("one" is not one-to-one therapy)."""
    rest = [w for w in said if w not in _FILLER]
    return bool(said) and len(said) <= 6 and ({"one", "session"} & set(said) or bool(rest)) and all(
        w in _POINTING or w in _POSITION or w in _BY_TIME or w.isdigit() for w in rest)


_TIME_OF_DAY = frozenset({"morning", "afternoon", "evening", "night", "noon", "lunchtime", "early", "late",
                          "with", "at", "on", "pm", "am", "o'clock", "oclock"})
_WEEKDAY_WORDS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                            "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"})


def points_at_choices(said: Sequence[str]) -> bool:
    """"that one", "the second one", "the evening one", "the one with": a reply that points at
    options ("one" here is never one-to-one therapy); for when none were shown. It is
    ``choice_words`` once the words naming a time of day or a weekday are left out."""
    kept = [w for w in said if w not in _TIME_OF_DAY and w not in _WEEKDAY_WORDS
            and not (w[:-2].isdigit() and w[-2:] in ("am", "pm"))]
    rest = [w for w in kept if w not in _FILLER]
    return len(said) <= 6 and bool({"one", "session"} & set(said) or (rest and set(rest) <= _POINTING)) \
        and choice_words(kept)


async def _candidates(turn: Turn, text: Said, understood: Understanding) -> tuple[list[Group], list[int]]:
    if (understood.intent not in PICK_INTENTS and understood.confidence >= SURE_OTHER
            and not choice_words(text.words)):
        return [], []
    if hesitant(text):
        return [], []
    options = await shown(turn)
    if understood.topic and options and all(o.topic != understood.topic for o in options):
        return [], []  # "book depression" while anxiety sessions are shown
    return options, choices.pick_said(text, options)


async def picked(turn: Turn, text: Said, understood: Understanding) -> Group | None:
    """The shown session the text names explicitly, if exactly one (and it is a pick)."""
    if hesitant(text) or not _a_pick(text):
        return None
    local = _by_words(text.words, await shown(turn))
    if local is not None:
        return (await shown(turn))[local[0]] if len(local) == 1 else None
    options, hits = await _candidates(turn, text, understood)
    if len(hits) != 1:
        return None
    return options[hits[0]]


async def only_one_accepted(turn: Turn, text: Said, understood: Understanding) -> Group | None:
    """The one session on offer, when the text is a bare "yes" / "sure": to be asked back."""
    if not _a_pick(text):
        return None
    options, _ = await _candidates(turn, text, understood)
    said = text.words
    if len(options) == 1 and said and (set(said) <= ACCEPTING or choice_words(said)):
        return options[0]  # "sure", "the later one" with one session shown: asked, not booked
    return None


async def not_a_pick(turn: Turn, text: Said, understood: Understanding) -> bool:
    """A reply naming shown sessions that is not a pick: answered here (True), or left to the
    dialogue when it confidently asks about something else (False). Nothing is booked or moved."""
    options = await shown(turn)
    if not options:
        return False
    tone = pick_tone.tone(text.words, text.text)
    if tone == "pick":
        return False
    named = [options[i] for i in choices.pick_said(text, options)]
    if not named:
        return False
    moving = turn.member.dialogue.moving
    if understood.intent == "switch" and moving is None and await turn.uow.bookings.for_member(turn.member.key):
        return False  # "if i switch to thursday will i lose my seat": the switch flow reads it the same way
    if tone == "question" and understood.intent not in ANSWERED_HERE and understood.confidence >= SURE_OTHER:
        return False
    turn.intent = None
    if tone == "someone_else":
        turn.say("I can only book a seat for the person I'm chatting with. Your friend or family member is "
                 "very welcome to message us here themselves, and I'll help them the same way. If you'd "
                 "like this session for yourself, tap it:", [_button(g, moving) for g in named[:2]])
        return True
    if tone == "negated":
        others = [g for g in options if g not in named]
        if not others:
            turn.say("No problem. That's the only session on offer here right now. Nothing is booked or "
                     "moved. You can look at the other groups, or ask to talk to a person.",
                     [Button("All groups", actions.encode("groups")), Button("Talk to a person", actions.encode("handoff"))])
            return True
        lines = "\n".join(f"- {g.when()}, with {g.facilitator}: {_seats(g)}" for g in others)
        turn.say(f"No problem, not that one. Nothing is booked or moved. {'This is' if len(others) == 1 else 'These are'} "
                 f"the other {'session' if len(others) == 1 else 'sessions'}:\n{lines}",
                 [*(_button(g, moving) for g in others[:4]), Button("All groups", actions.encode("groups"))])
        return True
    cards = "\n".join(f"- {g.title}, {g.when()} ({g.duration_minutes} minutes), with {g.facilitator}: {_seats(g)}"
                      for g in named)
    turn.say(f"Here's that session. Nothing is booked{' or moved' if moving else ''} until you tap it:\n{cards}",
             [*(_button(g, moving) for g in named[:4]), Button("All groups", actions.encode("groups"))])
    return True


def seats_phrase(left: int, capacity: int | None = None) -> str:
    """"3 seats left" (or "3 of 8 seats free" with the capacity), "full, waitlist open"."""
    if left <= 0:
        return "full, waitlist open"
    if capacity is not None and left > 1:
        return f"{left} of {capacity} seats free"
    return "1 seat left" if left == 1 else f"{left} seats left"


def _seats(group: Group) -> str:
    return seats_phrase(group.seats_left, group.capacity)


def _button(group: Group, moving: str | None) -> Button:
    if moving:
        return Button(f"Move to: {group.when()}"[:75], actions.encode("move", f"{moving}-{group.id}"), "primary")
    verb = "Book" if group.seats_left else "Join waitlist"
    return Button(f"{verb}: {group.when()}"[:75], actions.encode("book", group.id), "primary")
