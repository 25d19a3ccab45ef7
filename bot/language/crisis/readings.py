"""Crisis readings: the forms of a text the phrase lists are matched against.

``crisis_readings`` is the one entry point (Unicode folding, invisible characters,
light leetspeak, stretched letters, punctuation to clause breaks, texting spellings).
Its Unicode layer is the shared normaliser's ``bot.language.normalise.fold`` (one place
for invisible characters, look-alike letters, apostrophes and accents); the readings
added here (leetspeak, stretched letters, clause breaks, texting spellings) are what the
phrase lists are written against, and contractions are kept as typed because the
patterns spell them ("i'm", "don't"); ``words`` expands them for everyone else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Final

from bot.language.normalise import fold

_LEET_RUN: Final = re.compile(r"[0134579@$!|]+")
_LEET_AS_I: Final = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t",
                                   "9": "g", "@": "a", "$": "s", "!": "i", "|": "l"})
_LEET_AS_L: Final = str.maketrans({"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t",
                                   "9": "g", "@": "a", "$": "s", "!": "i", "|": "l"})
_LEET_CHARS: Final = frozenset("0134579@$!|")
_TOKEN: Final = re.compile(r"\S+")
_TOKEN_EDGE: Final = "\"'()[]{}<>.,;:?!*~_-"
# Numbers with units ("30mg", "3am", "2nd", "5km") are left alone.
_NUMBER_WITH_UNIT: Final = re.compile(
    r"\d+(?:st|nd|rd|th|am|pm|mg|mcg|ml|g|kg|lb|lbs|oz|h|hr|hrs|min|mins|m|km|kms|mi|k|s|x|yo|y|yr|yrs"
    r"|d|w|wk|wks|mo|ish|ft|in|cm|mm|p|gb|mb)?"
)
_STRETCHED: Final = re.compile(r"([a-z])\1{2,}")
_STRETCHED_HINT: Final = re.compile(r"(\w)\1\1")  # cheaper first check
# Sentence punctuation and line breaks become a clause break " . "; everything
# else that is not a letter, digit or in-word apostrophe becomes a space.
_CLAUSE_BREAK: Final = re.compile("[.!?;:,\n\r\u000b\u000c\u0085\u2026\u2028\u2029\u3002\uff61]+")
_ASCII_JUNK: Final = re.compile(r"[^a-z0-9'. ]+")
_UNICODE_JUNK: Final = re.compile(r"[^\w'. ]+|_+")
_LOOSE_APOSTROPHE: Final = re.compile(r"(?<!\w)'+|'+(?!\w)")
_REPEATED_BREAKS: Final = re.compile(r"\.(?: \.)+")


def _unicode_fold(text: str) -> str:
    """Invisible characters out, Unicode folded to plain lower-case letters where possible
    (the shared normaliser's ``fold``, without emoji words: the phrase lists read emoji)."""
    return fold(text, emoji_words=False)


def _looks_like_leet(text: str) -> bool:
    """Leetspeak only counts inside a word ("k1ll", "su1c1de"), at its end after letters
    ("ki11"), or as a leading $ or @ ("$uicide"); "help!!", "3am" and "20" are left alone."""
    for match in _LEET_RUN.finditer(text):
        start, end = match.span()
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if before.isalpha():
            if after.isalpha():
                return True
            if not after.isalnum() and not match.group().strip("0134579|"):
                return True
        elif not before.isalnum() and match.group()[0] in "$@" and after.isalpha():
            return True
    return False


def _undo_leet(text: str, table: Mapping[int, str]) -> str:
    memo: dict[str, str] = {}

    def token(match: re.Match[str]) -> str:
        word = match.group(0)
        done = memo.get(word)
        if done is None:
            done = memo[word] = _undo_leet_word(word, table)
        return done

    return _TOKEN.sub(token, text)


def _undo_leet_word(word: str, table: Mapping[int, str]) -> str:
    core = word.strip(_TOKEN_EDGE)
    if not core or not any(ch.isalpha() for ch in core) or not any(ch in _LEET_CHARS for ch in core):
        return word
    if _NUMBER_WITH_UNIT.fullmatch(core):
        return word
    start = word.index(core)
    return word[:start] + core.translate(table) + word[start + len(core):]


def _tidy(text: str) -> str:
    """Punctuation to clause breaks (" . "), symbols/emoji to spaces, single spaces."""
    text = _CLAUSE_BREAK.sub(" . ", text)
    text = (_ASCII_JUNK if text.isascii() else _UNICODE_JUNK).sub(" ", text)
    if "'" in text:
        text = _LOOSE_APOSTROPHE.sub(" ", text)
    text = " ".join(text.split())
    if ". ." in text:
        text = _REPEATED_BREAKS.sub(".", text)
    return text.strip(" .")


class _Respeller:
    """Rewrites texting spellings word by word ("wanna" -> "want to", "do not" -> "don't")."""

    __slots__ = ("_pair_starts", "_pairs", "_singles")

    def __init__(self, spellings: Iterable[tuple[str, str]]) -> None:
        self._singles: dict[str, str] = {}
        self._pairs: dict[tuple[str, str], str] = {}
        for variant, canonical in spellings:
            if " " in variant:
                first, second = variant.split(" ")
                self._pairs[(first, second)] = canonical
            else:
                self._singles[variant] = canonical
        self._pair_starts = frozenset(first for first, _ in self._pairs)

    def __call__(self, text: str) -> str:
        if not text:
            return text
        words = text.split(" ")
        if not self._pair_starts.isdisjoint(words):
            pairs = self._pairs
            merged: list[str] = []
            i, n = 0, len(words)
            while i < n:
                joined = pairs.get((words[i], words[i + 1])) if i + 1 < n else None
                if joined is None:
                    merged.append(words[i])
                    i += 1
                else:
                    merged.append(joined)
                    i += 2
            words = merged
        get = self._singles.get
        return " ".join([get(word, word) if not word.endswith("'s") else self._possessive(word) for word in words])

    def _possessive(self, word: str) -> str:
        """"mum's" -> "mom's": a one-word spelling keeps its possessive ending."""
        canonical = self._singles.get(word)
        if canonical is not None:
            return canonical
        stem = self._singles.get(word[:-2])
        return word if stem is None or " " in stem else stem + "'s"



def crisis_readings(text: str, respell: _Respeller) -> tuple[str, ...]:
    """The normalised reading(s) of ``text`` that the crisis patterns are matched against.

    Usually one; two to four when leetspeak ("1" as i or l) or stretched letters
    ("killll" as kil or kill) make the reading ambiguous.
    """
    folded = _unicode_fold(text)
    readings = [folded]
    if _looks_like_leet(folded):
        as_i, as_l = _undo_leet(folded, _LEET_AS_I), _undo_leet(folded, _LEET_AS_L)
        readings = [as_i] if as_i == as_l else [as_i, as_l]
    expanded: list[str] = []
    for reading in readings:
        if _STRETCHED_HINT.search(reading) and _STRETCHED.search(reading):
            expanded += [_STRETCHED.sub(r"\1", reading), _STRETCHED.sub(r"\1\1", reading)]
        else:
            expanded.append(reading)
    out: list[str] = []
    for reading in expanded:
        final = respell(_tidy(reading))
        if final not in out:
            out.append(final)
    return tuple(out)


Respeller = _Respeller
