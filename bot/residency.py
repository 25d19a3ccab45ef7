"""Where a member lives: parsing free-text answers to "which US state?" and eligibility.

Owns the ``Residence`` value, turning a casual answer ("i'm in nj rn", "07030",
"London, UK") into one, reloading a stored code, and parsing the configured list of
states whose residents may join licensed groups. State data comes from ``us``, ZIP
data from ``zipcodes``; this module only adds a few nicknames and country words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Final, Literal, NamedTuple

import us
import zipcodes
from rapidfuzz import process
from rapidfuzz.distance import OSA


@dataclass(frozen=True, slots=True)
class Residence:
    """A US state or territory (``kind="state"``), or anywhere outside the US."""

    kind: Literal["state", "outside_us"]
    code: str | None
    name: str

    def is_eligible(self, eligible_codes: frozenset[str]) -> bool:
        return self.kind == "state" and self.code in eligible_codes


OUTSIDE_US_CODE: Final = "OUTSIDE_US"
"""What to store for ``OUTSIDE_US``; ``residence_from_code`` reads it back."""

OUTSIDE_US: Final = Residence("outside_us", None, "outside the US")

_BY_CODE: Final[dict[str, Residence]] = {
    s.abbr: Residence("state", s.abbr, s.name) for s in us.states.STATES_AND_TERRITORIES
}


def residence_from_code(code: str) -> Residence | None:
    """Reload a stored code: ``"NJ"`` -> New Jersey, ``"OUTSIDE_US"`` -> OUTSIDE_US, else None."""
    key = code.strip().upper()
    return OUTSIDE_US if key == OUTSIDE_US_CODE else _BY_CODE.get(key)


def parse_eligible_states(raw: str) -> frozenset[str]:
    """``"FL, ny,NJ"`` -> ``{"FL", "NY", "NJ"}``; commas, semicolons or spaces separate.

    Raises ValueError naming the first entry that is not a USPS state/territory code,
    and when there is no entry at all (an empty setting is a mistake, not "nobody").
    """
    entries = [e for e in re.split(r"[\s,;]+", raw) if e]
    if not entries:
        raise ValueError("no eligible state codes given (expected e.g. 'FL,NY,NJ')")
    for entry in entries:
        if entry.upper() not in _BY_CODE:
            raise ValueError(
                f"eligible states: {entry!r} is not a two-letter US state or territory code"
            )
    return frozenset(e.upper() for e in entries)


# --- content: nicknames and non-US words (data about states comes from `us`) ----------

_NICKNAMES: Final[dict[str, str]] = {
    "sunshine state": "FL", "the keys": "FL", "florida keys": "FL", "key west": "FL",
    "miami": "FL", "orlando": "FL", "tampa": "FL",
    "garden state": "NJ", "jersey": "NJ", "jersey city": "NJ",
    "empire state": "NY", "nyc": "NY", "new york city": "NY", "big apple": "NY",
    "brooklyn": "NY", "manhattan": "NY", "queens": "NY", "bronx": "NY",
    "staten island": "NY", "long island": "NY",
    "golden state": "CA", "cali": "CA", "socal": "CA", "so cal": "CA", "norcal": "CA",
    "nor cal": "CA", "los angeles": "CA", "san francisco": "CA", "bay area": "CA",
    "lone star state": "TX", "philly": "PA", "philadelphia": "PA", "chicago": "IL",
    "boston": "MA", "nola": "LA", "new orleans": "LA", "vegas": "NV", "las vegas": "NV",
    "dc": "DC", "washington dc": "DC", "washington state": "WA",
    "us virgin islands": "VI", "usvi": "VI",
}

# Written with dots these mean something other than the USPS code.
_DOTTED_NICKNAMES: Final[dict[str, str]] = {"la": "CA"}  # "L.A." is Los Angeles

_COUNTRIES: Final = (
    "canada", "ontario", "quebec", "british columbia", "alberta", "toronto", "vancouver",
    "montreal", "mexico", "uk", "united kingdom", "britain", "great britain", "england",
    "scotland", "wales", "ireland", "london", "france", "germany", "spain", "italy",
    "portugal", "netherlands", "holland", "belgium", "switzerland", "austria", "sweden",
    "norway", "denmark", "finland", "poland", "greece", "israel", "india", "pakistan",
    "china", "japan", "korea", "south korea", "philippines", "vietnam", "thailand",
    "singapore", "indonesia", "australia", "new zealand", "brazil", "argentina",
    "colombia", "chile", "peru", "nigeria", "south africa", "kenya", "egypt", "europe",
    "asia", "africa", "south america",
)

_ELSEWHERE: Final = ("abroad", "overseas", "another country", "a different country",
                     "different country", "foreign country", "non us", "expat")
_NOT_HERE: Final = ("outside", "outside of", "not in", "out of", "not living in")
_THE_US: Final = ("the us", "the usa", "us", "usa", "the united states", "united states",
                  "the states", "america", "the country")

# --- how answers are read ---------------------------------------------------------------

# Two-letter codes that are also everyday words ("in", "me", "ok", "pa", "de", "ms", ...).
# They count only when written in capitals and either standing alone ("OK", "I'm in OR")
# or right after "in"/"from" in mixed-case text. So lowercase "ok" -> None, "OK" -> Oklahoma.
_WORD_CODES: Final = frozenset(
    {"AL", "AS", "CO", "DE", "HI", "ID", "IN", "LA", "MA", "ME", "MO", "MS", "MT", "OH",
     "OK", "OR", "PA"}
)
# Never read as a bare code: "LA" is as often Los Angeles as Louisiana.
_AMBIGUOUS_CODES: Final = frozenset({"LA"})

# Stripped from the ends of an answer to see whether it is "essentially one token".
_LEAD_FILLERS: Final = frozenset(
    "i m im am we re currently live living reside residing based located staying in from "
    "at the state of my it its s is ll will be and mostly now right hi hello hey ok okay so "
    "um uh well yes yeah sure".split()
)
_TRAIL_FILLERS: Final = frozenset(
    "rn now right currently atm state thanks thank you thx ty please pls lol haha for "
    "sessions session during the mostly too also here".split()
)
# Cue words before a mention. "live in X" (strong) beats "in X"/"from X" (weak) beats none.
_RESIDENCE_VERBS: Final = frozenset(
    "live lives living lived reside resides residing resident based located staying "
    "moved moving relocated home".split()
)
_PREPOSITIONS: Final = frozenset({"in", "from"})
# "not in X", "don't live in X", "no longer in X", "left X", "outside X": X is not the answer.
_NEGATORS: Final = frozenset(
    {"not", "t", "dont", "doesnt", "didnt", "isnt", "arent", "never", "longer", "left", "outside"}
)
_CUE_GLUE: Final = frozenset(
    {"in", "from", "at", "to", "of", "the", "live", "living", "lived", "based", "located",
     "reside", "residing", "been", "anymore"}
)
_CUE_WINDOW: Final = 3
_MAX_CHARS: Final = 2000  # a real answer is far shorter; bounds the work on junk

_TOKEN_RE: Final = re.compile(
    r"[^\W\d_](?:\.[^\W\d_])+\.?(?![^\W\d_])"  # dotted abbreviations: N.J., d.c., U.S.A.
    r"|[^\W\d_]+"  # words
    r"|\d+(?:-\d+)?"  # numbers, ZIP+4
)
_ZIP_RE: Final = re.compile(r"(\d{5})(?:-\d{4})?")
_DROPPED_CATEGORIES: Final = frozenset({"Mn", "Cf"})  # combining marks, zero-width chars


class _Token(NamedTuple):
    folded: str  # casefolded letters (dots removed) or the digits
    raw: str
    dotted: bool


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(t.folded for t in _tokenise(phrase))


def _build_phrases() -> dict[tuple[str, ...], Residence]:
    entries: list[tuple[str, Residence]] = [(r.name, r) for r in _BY_CODE.values()]
    entries += [(nick, _BY_CODE[code]) for nick, code in _NICKNAMES.items()]
    entries += [(word, OUTSIDE_US) for word in _COUNTRIES + _ELSEWHERE]
    entries += [(f"{a} {b}", OUTSIDE_US) for a in _NOT_HERE for b in _THE_US]
    phrases: dict[tuple[str, ...], Residence] = {}
    for text, residence in entries:
        key = _words(text)
        if phrases.setdefault(key, residence) != residence:
            raise AssertionError(f"residency phrase {text!r} means two places")
    return phrases


def _tokenise(text: str) -> list[_Token]:
    text = text[:_MAX_CHARS]
    if not text.isascii():
        text = "".join(
            ch for ch in unicodedata.normalize("NFKD", text)
            if unicodedata.category(ch) not in _DROPPED_CATEGORIES
        )
    tokens = []
    for match in _TOKEN_RE.finditer(text):
        raw = match.group()
        dotted = "." in raw and not raw[0].isdigit()
        tokens.append(_Token(raw.replace(".", "").casefold(), raw, dotted))
    return tokens


def _lengths_by_first_word(phrases: Iterable[tuple[str, ...]]) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = {}
    for key in phrases:
        lengths.setdefault(key[0], set()).add(len(key))
    return {word: tuple(sorted(ns, reverse=True)) for word, ns in lengths.items()}


_PHRASES: Final = _build_phrases()
_PHRASE_LENGTHS: Final = _lengths_by_first_word(_PHRASES)  # longest phrase tried first

# Typo matching covers only names of 6+ letters and only returns states. Countries are
# candidates too, so a misspelt country is not mistaken for a state (it gives None).
_FUZZY: Final[dict[str, Residence]] = {
    " ".join(key): residence for key, residence in _PHRASES.items()
    if len(" ".join(key)) >= 6
}
_FUZZY_KEYS: Final = tuple(_FUZZY)


@cache
def _zip_states() -> dict[str, str]:
    """ZIP -> state code, from the ``zipcodes`` data. Built on first use (about 1 s, once):
    too slow for import time, then O(1). Military and freely associated ZIPs are left out."""
    return {z["zip_code"]: z["state"] for z in zipcodes.list_all() if z["state"] in _BY_CODE}


def warm_up() -> None:
    """Optionally build the ZIP index at startup so the first ZIP answer is fast."""
    _zip_states()


# --- parsing ------------------------------------------------------------------------------


def parse_residence(text: str) -> Residence | None:
    """Read a free-text answer. None when nothing can be recognised; never guess silently.

    Several places: the one after a "live/based/reside" cue wins, then one after "in"/
    "from", if exactly one place has the strongest cue; otherwise the first mentioned at
    that strength ("NJ or NY" -> NJ). Negated mentions ("not in NY") are ignored.
    """
    tokens = _tokenise(text)
    if not tokens:
        return None
    folded = [t.folded for t in tokens]
    lo, hi = 0, len(folded)
    while hi - lo > 1 and folded[lo] in _LEAD_FILLERS:
        lo += 1
    while hi - lo > 1 and folded[hi - 1] in _TRAIL_FILLERS:
        hi -= 1
    all_caps = text.upper() == text

    best: tuple[int, Residence] | None = None  # (cue strength, place): first of the strongest
    floor = i = 0
    while i < len(tokens):
        found, end = _match_at(tokens, i, bare=(lo == i and hi == i + 1), all_caps=all_caps)
        if found is None:
            i += 1
            continue
        strength = _cue_strength(folded, i, floor)
        floor = i = end
        if strength is None:
            continue
        if best is None or strength > best[0]:
            best = (strength, found)
    if best is not None:
        return best[1]
    return _fuzzy([w for w in folded[lo:hi] if w.isalpha()])


def _match_at(tokens: list[_Token], i: int, *, bare: bool,
              all_caps: bool) -> tuple[Residence | None, int]:
    """The place mentioned starting at token i (longest phrase first), and where it ends."""
    token = tokens[i]
    for length in _PHRASE_LENGTHS.get(token.folded, ()):
        key = tuple(t.folded for t in tokens[i:i + length])
        if key in _PHRASES:
            return _PHRASES[key], i + length
    if token.raw[0].isdigit():
        zip_match = _ZIP_RE.fullmatch(token.raw)
        state = _zip_states().get(zip_match.group(1)) if zip_match else None
        return (_BY_CODE[state] if state else None), i + 1
    if len(token.folded) == 2:
        return _code_at(tokens, i, bare=bare, all_caps=all_caps), i + 1
    return None, i + 1


def _code_at(tokens: list[_Token], i: int, *, bare: bool, all_caps: bool) -> Residence | None:
    token = tokens[i]
    code = token.folded.upper()
    if code not in _BY_CODE:
        return None
    if token.dotted:  # "N.J.", "d.c.": clearly meant as an abbreviation
        nickname = _DOTTED_NICKNAMES.get(token.folded)
        return _BY_CODE[nickname or code]
    after_preposition = i > 0 and tokens[i - 1].folded in _PREPOSITIONS
    if code in _AMBIGUOUS_CODES:
        return None
    if code in _WORD_CODES:
        accepted = token.raw.isupper() and (bare or (after_preposition and not all_caps))
    else:
        accepted = bare or after_preposition or token.raw.isupper()
    return _BY_CODE[code] if accepted else None


def _cue_strength(folded: list[str], start: int, floor: int) -> int | None:
    """2 after a residence verb, 1 right after "in"/"from", else 0; None when negated."""
    window = folded[max(floor, start - _CUE_WINDOW):start]
    for j, word in enumerate(window):
        moved_from = word == "from" and j > 0 and window[j - 1] in {"moved", "moving"}
        if (word in _NEGATORS or moved_from) and all(w in _CUE_GLUE for w in window[j + 1:]):
            return None
    if any(w in _RESIDENCE_VERBS for w in window):
        return 2
    return 1 if window and window[-1] in _PREPOSITIONS else 0


def _fuzzy(words: list[str]) -> Residence | None:
    """A typo of one state name ("flordia"), tried only on short answers."""
    if not 1 <= len(words) <= 3:
        return None
    whole = _fuzzy_one(" ".join(words))
    if whole is not None or len(words) == 1:
        return whole
    hits = {hit for word in words if (hit := _fuzzy_one(word)) is not None}
    return hits.pop() if len(hits) == 1 else None


def _fuzzy_one(query: str) -> Residence | None:
    if not 5 <= len(query) <= 30:
        return None
    matches = [
        (distance, _FUZZY[key])
        for key, distance, _ in process.extract(
            query, _FUZZY_KEYS, scorer=OSA.distance, score_cutoff=2, limit=5
        )
        # same first letter, and one typo (two for names of 9+ letters)
        if key[0] == query[0] and distance <= (2 if len(key) >= 9 else 1)
    ]
    if not matches:
        return None
    closest = min(d for d, _ in matches)
    places = {place for d, place in matches if d == closest}
    if len(places) != 1:
        return None
    place = places.pop()
    return place if place.kind == "state" else None
