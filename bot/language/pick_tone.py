"""How a reply that names one of the sessions just shown is meant: a pick, or something else.

"the thursday one" picks it; "is the thursday one full", "should i take the thursday one?"
ask about it; "not thursday", "tuesday doesn't work for me" rule it out; "my friend wants
the thursday one" is about someone else. Only a pick may book or move a seat (the dialogue
answers the others). Read from the words ``bot.language.normalise.words`` gives (contractions
expanded: "can't" is "can not").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Literal

Tone = Literal["pick", "question", "negated", "someone_else"]

#: A message starting so asks ("is the thursday one full", "what if i took it", "should i").
_QUESTION_OPENERS: Final = frozenset({
    "is", "are", "was", "does", "do", "did", "what", "when", "how", "which", "who", "where", "why",
    "should", "would", "will", "if", "whats", "hows", "any", "has", "have"})
#: Word runs that ask anywhere in the message.
_QUESTION_RUNS: Final = (("what", "if"), ("should", "i"), ("would", "it"), ("is", "it"), ("is", "there"),
                         ("how", "many"), ("how", "long"), ("what", "time"), ("any", "good"), ("will", "i"),
                         ("do", "i"), ("does", "it"), ("is", "that"), ("or", "stay"), ("better", "to"))
#: Words that rule an option out ("not thursday", "anything but", "except", "bad for me").
_NEGATIONS: Final = frozenset({"not", "no", "never", "except", "nope", "without"})
_NEGATING_RUNS: Final = (("anything", "but"), ("other", "than"), ("instead", "of"), ("bad", "for"),
                         ("rather", "not"), ("too", "early"), ("too", "late"), ("does", "not", "work"),
                         ("not", "good", "for"), ("wont", "work"), ("conflicts", "with"))
#: Someone else as the one who would go ("my friend wants", "my wife needs", "she would like").
_OTHERS: Final = frozenset({
    "friend", "friends", "wife", "husband", "partner", "boyfriend", "girlfriend", "son", "daughter", "kid",
    "mom", "mum", "mother", "dad", "father", "sister", "brother", "cousin", "roommate", "coworker",
    "colleague", "client", "patient", "neighbor", "neighbour", "aunt", "uncle", "grandma", "grandpa",
    "fiance", "fiancee", "spouse", "child", "teen", "someone"})
_OTHER_SUBJECTS: Final = frozenset({"she", "he", "they"})


def _has(said: Sequence[str], run: tuple[str, ...]) -> bool:
    n = len(run)
    return any(tuple(said[i:i + n]) == run for i in range(len(said) - n + 1))


def tone(said: Sequence[str], text: str = "") -> Tone:
    """How a reply naming a shown option is meant (``said``: its words; ``text``: as typed)."""
    if not said:
        return "pick"
    if said[0] in _OTHER_SUBJECTS or any(
            said[i] in ("my", "our", "a") and said[i + 1] in _OTHERS for i in range(len(said) - 1)):
        return "someone_else"
    if set(said) & _NEGATIONS or any(_has(said, run) for run in _NEGATING_RUNS):
        return "negated"
    if said[0] in _QUESTION_OPENERS or any(_has(said, run) for run in _QUESTION_RUNS):
        return "question"
    if text.rstrip().endswith("?") and len(said) > 3:  # "the thursday one?" alone is a pick, asked back
        return "question"
    return "pick"
