"""Short answers the bot reads while it waits for one: yes and no (clear, weak, or in answer
to the distress check-in), a stated age, a bare number. The flows decide what an answer
means; this module only reads the words."""

from __future__ import annotations

import re
from typing import Final, Literal

from bot.language.normalise import words

Answer = Literal["yes", "no"]

YES_WORDS = frozenset({"yes", "yeah", "yep", "yup", "sure", "ya", "yea", "y", "absolutely", "definitely"})
#: Words that undo a yes in the same message: "yes but don't delete", "yes, not now".
NOT_YES = frozenset({"not", "no", "but", "never", "nope", "wait", "maybe", "unless"})
#: Acknowledgements that do not confirm a destructive step on their own.
WEAK_YES = frozenset({"ok", "okay", "k", "kk", "alright", "cool", "fine", "ok then", "oh ok", "hmm ok"})


def clear_yes(text: str, intent: str | None) -> bool:
    """"yes", "yes delete it", "yes please": a yes; "yes but don't", "ok", "no delete it": not."""
    said = words(text)
    if not said or " ".join(said) in WEAK_YES or NOT_YES & set(said):
        return False
    return intent == "yes" or said[0] in YES_WORDS


def weak_yes(text: str) -> bool:
    """"ok", "alright", "oh ok": an acknowledgement, not a yes to a destructive step."""
    return " ".join(words(text)) in WEAK_YES


# ------------------------------------------------------------------ the distress check-in

_YES: Final = re.compile(
    r"^\W*(?:yes|yeah|yea|yep|yup|ya|y|i am(?!\s+(?:fine|ok|okay|good|alright|not)\b)|i'?m thinking about it|i think so|maybe|kind of|kinda|sort of|"
    r"sometimes|a little|a bit|a lot|honestly yes|sí|si|"
    r"(?:i'?m |i am )?(?:not sure|unsure)|i (?:don'?t|do not|dont) know|idk|dunno|(?:i guess|possibly|probably|perhaps)(?!\s+not)|"
    r"i don'?t think so but|hard to say|i can'?t say|i'?m scared i (?:might|will)|"
    # Spanish, after the Spanish check-in: "a veces" is "sometimes", "no sé" is "idk"
    r"a veces|algunas veces|tal vez|quiz[aá]s?|un poco|creo que s[ií]|m[aá]s o menos|"
    r"no (?:lo )?s[eé]|no estoy segur[oa]|la verdad (?:es que )?s[ií])\b",
    re.IGNORECASE)
#: A hedged no: not now, which is not never ("not right now", "not really", "i don't think so").
_HEDGED: Final = re.compile(
    r"^\W*(?:(?:no|nah|nope)\W+)?(?:not (?:right now|at the moment|at this moment|at this time|now|today|tonight|"
    r"currently|really|anymore|any more|that i know of|exactly)|i (?:don'?t|do not|dont) think so|"
    r"probably not|hopefully not|i hope not|"
    r"ahora no|ahorita no|por ahora no|ahora mismo no|no (?:ahora|ahorita|por ahora|ahora mismo|de momento|realmente|creo))\b",
    re.IGNORECASE)
_NO: Final = re.compile(
    r"^\W*(?:no|nope|nah|no i'?m not|not at all|never|i'?m (?:fine|ok(?:ay)?|good|alright)|i am (?:fine|ok(?:ay)?|good|alright))\b"
    r"|\bjust (?:a|one of those) (?:hard|bad|rough|long|tough|awful|shit|crap) (?:day|week|night)\b", re.IGNORECASE)


CheckinAnswer = Literal["yes", "no", "hedged"]


_JUST_HARD: Final = re.compile(r"\bjust (?:a|one of those) (?:hard|bad|rough|long|tough|awful|shit|crap) (?:day|week|night)\b",
                               re.IGNORECASE)


def checkin_answer(text: str) -> CheckinAnswer | None:
    """A typed answer to "are you thinking about harming yourself?": unclear but leaning
    yes, or plain uncertainty, is "yes" (the safer level); a hedged no ("not right now",
    "not really") is "hedged" (support, and the question kept open); None when it is no answer."""
    if _YES.match(text):
        return "yes"
    if _HEDGED.match(text) and not _JUST_HARD.search(text):  # "probably not, just a rough week": no
        return "hedged"
    if _NO.search(text):
        return "no"
    return None


# ------------------------------------------------------------------ ages

# Only a clear first-person statement counts ("i'm 15", "i am 16 years old", "im 17 yo",
# "i'm a 16 year old"), or a message that is nothing but an age ("16 years old", "age 16").
# Not "can a 16 year old join", "my daughter is 15", "if i'm 17 can i join" (a question about
# someone, or a hypothetical), nor "i'm 30 minutes late".
_UNIT: Final = r"(?:\s*-?\s*(?:years?|yrs?)\s*-?\s*old|\s*y/?o|\s*yrs?)"
_STATED: Final = re.compile(
    r"(?<!\bif )(?<!\bwhen )(?<!\bsay )\b(?:i'?m|i am)\s+(?:only\s+|just\s+)?(?:a\s+)?(\d{1,2})"
    rf"(?:{_UNIT})?\b"
    r"(?!\s*(?:minutes?|mins?|hours?|hrs?|%|percent|dollars|pounds|lbs|kg|kilos|weeks?|days?|months?|miles|km|am|pm|:)"
    r"|\s*years?\b(?!\s*-?\s*old))",
    re.IGNORECASE,
)
_ONLY_AGE: Final = re.compile(rf"^\s*(?:(?:age|aged)\s*:?\s*(\d{{1,2}})|(\d{{1,2}}){_UNIT})\s*[.!]?\s*$", re.IGNORECASE)
_BARE: Final = re.compile(r"^\s*(\d{1,2})\s*[.!]?\s*$")


def stated_age(text: str) -> int | None:
    """The member's own age if the text states it in so many words, else None."""
    match = _STATED.search(text.replace("\u2019", "'"))
    if match is not None:
        return int(match.group(1))
    only = _ONLY_AGE.match(text)
    return int(only.group(1) or only.group(2)) if only else None


def bare_number(text: str) -> int | None:
    """A message that is only a one- or two-digit number ("16"), else None."""
    bare = _BARE.match(text)
    return int(bare.group(1)) if bare else None
