"""Hedged requests: "i need a person maybe", "should i talk to someone?", "i might want to
cancel". A request with consequences that the member hedges is asked back, never done."""

from __future__ import annotations

from typing import Final

from bot.language.normalise import words

#: Single words that make a request tentative wherever they stand (the classifier caps a
#: consequential intent's confidence on them too).
HEDGE_WORDS: Final = frozenset({"maybe", "perhaps", "possibly", "probably", "guess", "might", "mightbe",
                                "idk", "unsure", "dunno", "considering"})
#: Word runs that do the same.
_HEDGE_RUNS: Final = (("not", "sure"), ("should", "i"), ("do", "i", "need"),
                      ("thinking", "about"), ("thinking", "of"), ("wondering", "if"),
                      ("wondering", "whether"), ("i", "think", "i", "should"), ("kind", "of"),
                      ("sort", "of"), ("not", "know"), ("in", "case"))


def hedged(text: str) -> bool:
    """The member hedges what they ask for ("maybe", "should i", "not sure")."""
    said = words(text)
    if HEDGE_WORDS & set(said):
        return True
    return any(tuple(said[i:i + len(run)]) == run for run in _HEDGE_RUNS for i in range(len(said) - len(run) + 1))
