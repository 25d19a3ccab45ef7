"""Right after a crisis reply: "never mind, I'm fine" gets a gentle answer that keeps the door open.

The risk flag stays until staff clear it; this only changes what the member reads.
"""

from __future__ import annotations

import re
from typing import Final

from bot.flows import menu
from bot.safety import still_here_reply
from bot.turn import Turn

_NEVER_MIND: Final = re.compile(
    r"^\W*(?:oh\W+|um+\W+|ok(?:ay)?\W+|sorry\W+)?(?:never\s*mind|nvm|nevermind|forget\s+(?:it|that|i\s+said\s+(?:it|that|anything))"
    r"|i'?m\s+(?:fine|ok(?:ay)?|good|alright|all\s+right|safe)|i\s+am\s+(?:fine|ok(?:ay)?|good|alright|safe)"
    r"|(?:it'?s\s+)?all\s+good|false\s+alarm|just\s+kidding|jk|i\s+was\s+(?:just\s+)?(?:joking|kidding)"
    r"|(?:i'?m\s+)?not\s+(?:serious|in\s+danger)|(?:no|nah)\s+(?:i'?m\s+)?(?:fine|ok(?:ay)?|good))\b",
    re.IGNORECASE,
)


_SMALL_TALK: Final = frozenset({"yes", "no", "greeting", "thanks", "goodbye", "help"})


def asks_something(intent: str | None) -> bool:
    """Besides "never mind", does the message ask for something the bot can do?"""
    return intent is not None and intent not in _SMALL_TALK


def answer(turn: Turn, text: str, asks_something_else: bool) -> bool:
    """True when the text was only a "never mind"; the flow is closed either way.

    "Never mind, what do groups cost?" gets the acknowledgement and then the answer.
    """
    turn.clear_flow()
    if _NEVER_MIND.search(text) is None:
        return False
    if asks_something_else:
        turn.say(still_here_reply().split(". Whenever")[0] + ".")
        return False
    turn.intent = "after_crisis_fine"
    turn.say(still_here_reply(), menu.main_menu()[:3])
    return True
