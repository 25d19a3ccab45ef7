"""Whether a member says their request is urgent ("i need to talk to someone urgently",
"it's urgent"), so a request for a person is raised as an urgent notice, never as one
answered "within one working day" (#12). Reads words only; keeps nothing."""

from __future__ import annotations

import re
from typing import Final

_A: Final = r"(?:'|\u2019)?"
_NOT: Final = re.compile(
    r"\b(?:not|isn" + _A + r"t|no(?:t)? (?:that|very|super|really)|nothing) (?:that |very |super |really )?urgent\b"
    r"|\bno rush\b|\bno hurry\b|\bwhenever\b|\bin your own time\b|\bnon[- ]?urgent\b", re.IGNORECASE)
_URGENT: Final = re.compile(
    r"\b(?:urgent(?:ly)?|asap|a\.s\.a\.p|emergency|immediately|right (?:now|away)|as soon as possible"
    r"|straight away)\b", re.IGNORECASE)
_ONLY: Final = re.compile(
    r"^\W*(?:please\W+|but\W+|and\W+|look\W+)*(?:(?:it" + _A + r"s|it is|its|this is|thats|that" + _A + r"s)\W+)?"
    r"(?:really\W+|very\W+|so\W+|super\W+)?urgent(?:\W+please)?\W*$"
    r"|^\W*(?:i\W+need\W+)?(?:help|someone|somebody)\W+(?:urgently|asap|now|right\W+now)(?:\W+please)?\W*$"
    r"|^\W*i\W+need\W+help\W+urgently\W*$", re.IGNORECASE)


def says_urgent(text: str) -> bool:
    """The message says it is urgent ("right now", "asap", "urgently"), not "not urgent"."""
    return _URGENT.search(text) is not None and _NOT.search(text) is None


def urgent_only(text: str) -> bool:
    """Nothing but "it's urgent" / "i need help urgently": a request for a person, now."""
    return _ONLY.match(text) is not None
