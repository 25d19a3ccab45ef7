"""Distress check-ins kept in memory, so a typed "yes" or "no" answers one without the store.

The check-in ("are you thinking about harming yourself?") is sent before any store
access, and its answer must work with the store down too: the buttons carry their own
meaning, and a typed answer within ``WINDOW`` is read here. Anything unclear that
leans towards yes ("maybe", "sometimes", "kind of"), and plain uncertainty ("i'm not sure",
"i don't know"), counts as yes: the safer level.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Final, Literal

WINDOW: Final = timedelta(minutes=30)
MAX_REMEMBERED: Final = 10_000
Answer = Literal["yes", "no"]

_YES: Final = re.compile(
    r"^\W*(?:yes|yeah|yea|yep|yup|ya|y|i am(?!\s+(?:fine|ok|okay|good|alright|not)\b)|i'?m thinking about it|i think so|maybe|kind of|kinda|sort of|"
    r"sometimes|a little|a bit|a lot|honestly yes|sí|si|"
    r"(?:i'?m |i am )?(?:not sure|unsure)|i (?:don'?t|do not|dont) know|idk|dunno|(?:i guess|possibly|probably|perhaps)(?!\s+not)|"
    r"i don'?t think so but|hard to say|i can'?t say|i'?m scared i (?:might|will))\b",
    re.IGNORECASE)
_NO: Final = re.compile(
    r"^\W*(?:no|nope|nah|not really|no i'?m not|not at all|never|i'?m (?:fine|ok(?:ay)?|good|alright)|i am (?:fine|ok(?:ay)?|good|alright))\b"
    r"|\bjust (?:a|one of those) (?:hard|bad|rough|long|tough|awful|shit|crap) (?:day|week|night)\b", re.IGNORECASE)


class CheckIns:
    def __init__(self) -> None:
        self._sent: dict[str, datetime] = {}

    def sent(self, member_key: str, now: datetime) -> None:
        self._sent.pop(member_key, None)
        self._sent[member_key] = now
        while len(self._sent) > MAX_REMEMBERED:
            self._sent.pop(next(iter(self._sent)))

    def forget(self, member_key: str) -> None:
        self._sent.pop(member_key, None)

    def answer(self, member_key: str, now: datetime, text: str) -> Answer | None:
        """The typed answer to a recent check-in, or None (the check-in is then forgotten)."""
        at = self._sent.pop(member_key, None)
        if at is None or now - at > WINDOW:
            return None
        if _NO.search(text) and not _YES.match(text):
            return "no"
        if _YES.match(text):
            return "yes"
        return None
