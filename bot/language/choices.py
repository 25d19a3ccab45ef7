"""Which of the options just shown a typed reply names: by weekday, time, position,
facilitator, or "that one" when there is only one ("the 6pm one", "the second one")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import time
from typing import Protocol

from bot.language.normalise import Said, words

_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_WORDS: dict[str, int] = {}
for _n, _day in enumerate(_DAYS):
    for _form in (_day, _day + "s", _day[:3], _day[:3] + "s"):
        _DAY_WORDS[_form] = _n
_DAY_WORDS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
_DAY_WORDS.pop("sun", None)  # "sun" and "wed" are words too; "wed" stays (rarely meant otherwise)
_POSITIONS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3,
              "4th": 3, "last": -1}
#: Word runs that point at the one option on offer in so many words. "sure", "ok", "yes",
#: "it" or "book" on their own accept or ask something; they name no option ("is it
#: online" is a question, "sure" is asked back by the dialogue).
POINTING: tuple[tuple[str, ...], ...] = (
    ("that", "one"), ("this", "one"), ("book", "it"), ("book", "that"), ("book", "this"),
    ("book", "me"), ("sign", "me"), ("that", "session"), ("this", "session"), ("that", "time"),
    ("take", "it"), ("i", "will", "take"), ("that", "group"), ("this", "group"))
#: The whole reply is only a pointer ("that", "this one", "that one please").
_POINTER_ONLY = frozenset({"that", "this", "one", "please", "the", "session", "i", "will", "take", "it"})
_TIME = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?(?![\d:])")
_PARTS = {"morning": (0, 12), "afternoon": (12, 17), "lunchtime": (11, 14), "lunch": (11, 14),
          "noon": (12, 13), "midday": (12, 13), "evening": (17, 24), "night": (17, 24),
          "nighttime": (17, 24), "weekend": (-1, -1)}
_NAME_NOISE = frozenset({"dr", "phd", "psyd", "lcsw", "lmhc", "lpc", "md", "dbt", "skills",
                         "instructor", "the", "and", "with"})


class Option(Protocol):
    @property
    def weekday(self) -> int: ...
    @property
    def start_time(self) -> time: ...
    @property
    def facilitator(self) -> str: ...


def pick(text: str, options: Sequence[Option]) -> list[int]:
    """Indexes of the options the text names (all criteria it gives must hold)."""
    return pick_said(Said.of(text), options)


def pick_said(message: Said, options: Sequence[Option]) -> list[int]:
    """``pick`` of a message already read into its ``words`` (``Said``)."""
    text, said = message.text, message.words
    if not said or len(said) > 12 or not options:
        return []
    keep = set(range(len(options)))
    named = False
    days = {_DAY_WORDS[w] for w in said if w in _DAY_WORDS}
    if days:
        named = True
        keep &= {i for i, o in enumerate(options) if o.weekday in days}
        if "weekend" in said:
            keep |= {i for i, o in enumerate(options) if o.weekday >= 5}
    elif "weekend" in said:
        named = True
        keep &= {i for i, o in enumerate(options) if o.weekday >= 5}
    for part, (lo, hi) in _PARTS.items():
        if part in said and lo >= 0:
            named = True
            keep &= {i for i, o in enumerate(options) if lo <= o.start_time.hour < hi}
    match = _TIME.search(" ".join(said).replace(" am", "am").replace(" pm", "pm")) or _TIME.search(
        text.casefold())
    if match and (match.group(3) or any(w in said for w in ("one", "session", "at", "the", "time"))):
        hour = int(match.group(1)) % 24
        suffix = (match.group(3) or "").replace(".", "")
        hour = hour + 12 if suffix == "pm" and hour < 12 else (0 if suffix == "am" and hour == 12 else hour)
        hits = {i for i, o in enumerate(options)
                if o.start_time.hour in (hour, hour + 12 if not suffix and hour < 12 else hour)}
        named = True
        keep &= hits
    for word, index in _POSITIONS.items():
        if word in said:
            named = True
            keep &= {index % len(options)}
    names = {i for i, o in enumerate(options) for part in words(o.facilitator)
             if len(part) >= 3 and part not in _NAME_NOISE and part in said}
    if names:
        named = True
        keep &= names
    if not named and len(options) == 1 and len(said) <= 5 and points(said):
        return [0]
    return sorted(keep) if named else []


def points(said: Sequence[str]) -> bool:
    """The words point at an option in so many words ("that one", "book it", "that")."""
    n = len(said)
    if any(tuple(said[i:i + len(run)]) == run for run in POINTING for i in range(n - len(run) + 1)):
        return True
    return bool(said) and set(said) <= _POINTER_ONLY and bool({"that", "this"} & set(said))
