"""THE normaliser: the one way the core turns what a member typed into plain words.

Everything that reads text (intents, entities, places, follow-ups, and later the crisis
phrases) goes through these functions, so a rule lives in one place:

- ``strip_marks`` drops accents, combining marks and zero-width characters;
- ``fold`` drops invisible characters, folds width, case, look-alike letters and
  accents, makes one apostrophe and (by default) emoji words: the crisis phrases read
  the same fold (``bot.language.crisis.readings`` adds its readings on top);
- ``words`` is ``fold`` split into lowercase words with contractions EXPANDED
  ("don't" -> "do not", "im" -> "i am"): the one contraction rule of the core;
- ``Said`` is one message's text with its ``words``, made once per turn, so the readers
  of a turn (Spanish, follow-ups, choices) share one normalisation instead of redoing it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

MAX_CHARS = 1000
MAX_WORDS = 60
MAX_WORD_LEN = 30  # longer "words" (pasted links, keyboard mashing) are cut

_EMOJI_WORDS = {"👍": " yes ", "👌": " ok ", "👎": " no ", "🙏": " thanks ", "👋": " hi "}
_DROPPED = frozenset({"Mn", "Cf"})  # combining marks (accents), zero-width characters
# Apostrophe look-alikes (translated before NFKC, which would split some of them).
_APOSTROPHES: Final = str.maketrans(dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u2035\u02b9\u02bb\u02bc\u02bd\u00b4\u0060\uff07", "'"))
# A few Cyrillic/Greek letters that look like Latin ones (applied after casefold).
_CONFUSABLES: Final = str.maketrans(
    {"а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j",
     "ѕ": "s", "ԁ": "d", "ӏ": "l", "к": "k", "м": "m", "т": "t", "н": "h", "в": "b",
     "ο": "o", "α": "a", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ρ": "p", "τ": "t", "υ": "u"}
)
# Zero-width, bidi, soft-hyphen, variation selectors, tag characters and C0/C1
# controls other than whitespace: removed outright, so "k\u200bill" reads "kill".
_INVISIBLE: Final = re.compile(
    "[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\u00ad\u034f\u061c\u115f\u1160"
    "\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f"
    "\ufeff\uffa0\U000e0000-\U000e007f\U000e0100-\U000e01ef]"
)

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
    # run-together and chat spellings
    "nite": "night", "goodmorning": "good morning", "goodnight": "good night", "gnight": "good night",
    "cya": "see you", "yall": "you all", "alright": "all right", "aight": "all right",
    "thanku": "thank you", "thankyou": "thank you", "np": "no problem", "ofc": "of course",
    "bcuz": "because", "becuz": "because", "prob": "probably", "probs": "probably",
    "whens": "when is", "whos": "who is", "shes": "she is", "hes": "he is",
    "doin": "doing", "goin": "going", "nothin": "nothing", "somethin": "something",
    "w": "with", "ppls": "people", "sesh": "session", "appt": "appointment",
}


def strip_marks(text: str) -> str:
    """Accents, combining marks and zero-width characters removed (NFKD, then NFC)."""
    if text.isascii():
        return text
    kept = (ch for ch in unicodedata.normalize("NFKD", text) if unicodedata.category(ch) not in _DROPPED)
    return unicodedata.normalize("NFC", "".join(kept))


def fold(text: str, *, emoji_words: bool = True) -> str:
    """Lowercased, width-folded text with one apostrophe, emoji as words and no accents.

    Invisible characters (zero-width, bidi, controls) go first, so "k\u200bill" reads
    "kill"; look-alike Cyrillic and Greek letters read as Latin ones. Every reader of
    text starts here: intents, places, follow-ups and the crisis phrases (which keep
    emoji as typed: ``emoji_words=False``).
    """
    text = _INVISIBLE.sub("", text)
    if emoji_words:
        for emoji, word in _EMOJI_WORDS.items():
            text = text.replace(emoji, word)
    if text.isascii():
        return text.replace("`", "'").casefold() if "`" in text else text.casefold()
    text = unicodedata.normalize("NFKC", text.translate(_APOSTROPHES)).casefold()
    text = unicodedata.normalize("NFD", text.translate(_CONFUSABLES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", text)


#: Platform mentions ("@everyone", "@jordan", Slack's "<!channel>", "<@U123>"): not words the
#: member said to us ("@everyone <!channel> hi" is a greeting). An e-mail address keeps its "@".
_MENTION: Final = re.compile(r"<[@!#][^<>]*>|(?<![\w.])@\w+")


def words(text: str) -> list[str]:
    """Lowercase plain words of ``text``: folded, contractions expanded, at most MAX_WORDS."""
    text = _MENTION.sub(" ", fold(text[:MAX_CHARS]))
    for pattern, repl in _CONTRACTIONS:
        text = pattern.sub(repl, text)
    plain = "".join(ch if ch.isalnum() else " " for ch in text)
    out: list[str] = []
    for word in plain.split():
        out.extend(WORD_EXPANSIONS.get(word, word[:MAX_WORD_LEN]).split())
    return out[:MAX_WORDS]


@dataclass(frozen=True, slots=True)
class Said:
    """What a member typed and its ``words``: made once per turn, handed to the readers."""

    text: str
    words: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> Said:
        return cls(text, tuple(words(text)))
