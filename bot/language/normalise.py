"""THE normaliser: the one way the core turns what a member typed into plain words.

Everything that reads text (intents, entities, places, follow-ups, and later the crisis
phrases) goes through these functions, so a rule lives in one place:

- ``strip_marks`` drops accents, combining marks and zero-width characters;
- ``fold`` is NFKC + casefold + one apostrophe + emoji words + ``strip_marks``;
- ``words`` is ``fold`` split into lowercase words with contractions EXPANDED
  ("don't" -> "do not", "im" -> "i am"): the one contraction rule of the core.
"""

from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 1000
MAX_WORDS = 60
MAX_WORD_LEN = 30  # longer "words" (pasted links, keyboard mashing) are cut

_EMOJI_WORDS = {"👍": " yes ", "👌": " ok ", "👎": " no ", "🙏": " thanks ", "👋": " hi "}
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_DROPPED = frozenset({"Mn", "Cf"})  # combining marks (accents), zero-width characters
_CONTRACTIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        (r"\bcan't\b", "can not"),
        (r"\bwon't\b", "will not"),
        (r"\blet's\b", "let us"),
        (r"n't\b", " not"),
        (r"'m\b", " am"),
        (r"'re\b", " are"),
        (r"'ve\b", " have"),
        (r"'ll\b", " will"),
        (r"'d\b", " would"),
        (r"\b(what|that|it|there|where|who|how|here|he|she)'s\b", r"\1 is"),
        (r"'s\b", ""),
    )
)
#: Contractions typed without the apostrophe, and chat shorthand.
WORD_EXPANSIONS: dict[str, str] = {
    "im": "i am", "ive": "i have", "id": "i would", "dont": "do not", "doesnt": "does not",
    "didnt": "did not", "isnt": "is not", "cant": "can not", "wont": "will not",
    "whats": "what is", "thats": "that is", "youre": "you are", "wheres": "where is",
    "hows": "how is", "u": "you", "r": "are", "ur": "your", "pls": "please", "plz": "please",
    # phone-typed shorthand
    "ppl": "people", "abt": "about", "bc": "because", "cuz": "because", "coz": "because",
    "b4": "before", "rn": "right now", "tho": "though", "thru": "through", "wanna": "want to",
    "gonna": "going to", "gotta": "got to", "kinda": "kind of", "sorta": "sort of",
    "wat": "what", "wut": "what", "whatre": "what are", "dunno": "do not know",
    "idk": "i do not know", "lemme": "let me", "gimme": "give me", "smth": "something",
    "tmrw": "tomorrow", "tmr": "tomorrow", "yrs": "years", "yr": "year", "hrs": "hours",
    "mins": "minutes", "wk": "week", "wks": "weeks", "diff": "difference",
    "youve": "you have", "theyre": "they are",
    "wouldnt": "would not", "couldnt": "could not", "shouldnt": "should not", "havent": "have not",
    "arent": "are not", "wasnt": "was not", "hwo": "how", "waht": "what",
}


def strip_marks(text: str) -> str:
    """Accents, combining marks and zero-width characters removed (NFKD, then NFC)."""
    if text.isascii():
        return text
    kept = (ch for ch in unicodedata.normalize("NFKD", text) if unicodedata.category(ch) not in _DROPPED)
    return unicodedata.normalize("NFC", "".join(kept))


def fold(text: str) -> str:
    """Lowercased, width-folded text with one apostrophe, emoji as words and no accents."""
    for emoji, word in _EMOJI_WORDS.items():
        text = text.replace(emoji, word)
    return strip_marks(unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES))


def words(text: str) -> list[str]:
    """Lowercase plain words of ``text``: folded, contractions expanded, at most MAX_WORDS."""
    text = fold(text[:MAX_CHARS])
    for pattern, repl in _CONTRACTIONS:
        text = pattern.sub(repl, text)
    plain = "".join(ch if ch.isalnum() else " " for ch in text)
    out: list[str] = []
    for word in plain.split():
        out.extend(WORD_EXPANSIONS.get(word, word[:MAX_WORD_LEN]).split())
    return out[:MAX_WORDS]
