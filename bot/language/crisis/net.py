"""The safety net under the phrase lists: words about being alive, waking up, a way out or
disappearing, in a message the bot could not otherwise read ("i'm sick of being alive",
"i need a way out, permanently"), or of feeling low, numb or overwhelmed. Such a message gets the distress check-in, which asks
directly, rather than "Sorry, I didn't follow" or a wrong answer. It never pages anyone by
itself: a "Yes, I am" does.

Figurative death words ("my phone is dying", "this job is killing me") are left out on
purpose: they are common, and the phrase lists already catch the literal ones.
"""

from __future__ import annotations

import re
from typing import Final

_NET: Final = re.compile(
    r"\b(?:"
    r"(?:sick|tired|done|over|weary|exhausted) (?:of|with) (?:being alive|being here|living|life|existing|it all|everything)"
    r"|(?:being|staying|still) alive|existing anymore|exist anymore|want to exist"
    r"|(?:no|any|a|one) reason to (?:wake up|get up|live|go on|keep going|be here|stay|exist)"
    r"|(?:don'?t|do not|never) (?:want to|wanna) wake up|not (?:to )?wake up|wake up tomorrow"
    r"|(?:a|the|my|only|permanent|easy) way out"
    r"|permanently|for good|forever (?:asleep|gone|rest)|go to sleep forever|sleep forever(?! on)"
    r"|disappear(?!\s+(?:into|from|for|in|under|off|with))|vanish(?!\s+(?:into|from|for))|not (?:be )?(?:here|around) (?:anymore|any more|tomorrow)"
    r"|(?:no|what'?s the) point (?:in|of) (?:living|life|going on|anything|trying|any of it)"
    r"|end (?:it|it all|this|everything|things)\b|give up on (?:life|everything|myself)"
    r"|better off without me|a burden to (?:everyone|everybody|them|my family)"
    r"|nothing (?:left )?to live for|can'?t go on|can'?t do (?:this|life) anymore"
    r")", re.IGNORECASE)
#: Feelings said of oneself ("feeling really low today", "i'm so numb", "i just cry all day"):
#: distress, when nothing else in the message is something the bot can answer.
_FEELING: Final = re.compile(
    r"\b(?:i'?m|i am|im|i feel|i'?ve been|i have been|feeling|feel|i keep|i just|been)\s+"
    r"(?:(?:so|really|very|super|just|kind of|kinda|pretty|totally|completely|always|all|constantly|"
    r"numb and|tired and|exhausted and|so tired and)\s+){0,3}"
    r"(?:low|down|numb|empty|hollow|broken|worthless|hopeless|helpless|miserable|lost|alone|lonely|"
    r"drowning|sinking|crying|cry|sobbing|falling apart|overwhelmed|exhausted|drained|awful|terrible|"
    r"horrible|depressed|wrecked|shattered|crushed|at my limit|at rock bottom|heavy|trapped|stuck|"
    r"struggling|not okay|not ok|not alright|a mess|a wreck|scared all the time)\b"
    r"(?!\s+(?:in|with|at|on|under|by|about|over|laughing)\b)", re.IGNORECASE)
#: Laughter: "i'm crying 😭 this is so funny" is not distress.
_LAUGHING: Final = re.compile(r"\b(?:lol|lmao|lmfao|rofl|haha\w*|hehe\w*|funny|hilarious)\b|😂|🤣", re.IGNORECASE)

#: Below this confidence the bot's reading of a message about living is not trusted; a
#: feeling is asked about only when the bot reads nothing else in the message at all.
SURE_READING: Final = 0.5


def about_living(text: str) -> bool:
    """The message speaks of being alive, waking up, a way out or disappearing."""
    return bool(_NET.search(text.replace("\u2019", "'")))


def feeling_low(text: str) -> bool:
    """The member says how low they feel ("feeling really low today"), not laughing."""
    plain = text.replace("\u2019", "'")
    return bool(_FEELING.search(plain)) and not _LAUGHING.search(plain)
