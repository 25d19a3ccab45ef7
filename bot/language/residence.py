"""Where a member lives: parsing free-text answers to "which US state?" and eligibility.

Owns the ``Residence`` value, turning a casual answer ("i'm in nj rn", "07030",
"London, UK") into one, reloading a stored code, and parsing the configured list of
states whose residents may join licensed groups. State data comes from ``us``, ZIP
data from ``zipcodes``; this module only adds a few nicknames and country words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final, Literal, NamedTuple

import us
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.language import places
from bot.language.normalise import strip_marks
from bot.language.places import PlaceIndex


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


# --- words (place data comes from bot.language.places) ------------------------------

# Written with dots these mean something other than the USPS code.
_DOTTED_NICKNAMES: Final[dict[str, str]] = {"la": "CA"}  # "L.A." is Los Angeles

_ELSEWHERE: Final = ("abroad", "overseas", "another country", "a different country",
                     "different country", "foreign country", "non us", "expat")
_NOT_HERE: Final = ("outside", "outside of", "not in", "out of", "not living in")
_THE_US: Final = ("the us", "the usa", "us", "usa", "the united states", "united states",
                  "the states", "america", "the country")
# "L.A." and "los angeles" are the same place; "la" alone stays ambiguous (Louisiana).
_CITY_CUES: Final = frozenset("in from near outside around at of live living based located "
                              "home and or then but to is between".split())
# Postal codes that are no English word: read in lowercase anywhere in an answer ("nj but
# I commute to nyc"). The rest ("in", "me", "or", "md", "nd", ...) keep the stricter rules.
_PLAIN_CODES: Final = frozenset("nj ny ct fl tx nv az nh nm wv ky tn ak ks ar il wi wy ri nc sc "
                                "ga va wa ca mn dc pr".split())

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


class _Token(NamedTuple):
    folded: str  # casefolded letters (dots removed) or the digits
    raw: str
    dotted: bool
    after_break: bool = False  # a comma, semicolon, full stop or dash comes just before it


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(t.folded for t in _tokenise(phrase))


def _build_phrases() -> dict[tuple[str, ...], tuple[Residence, ...]]:
    """Phrases meaning "outside the US" that are not place names."""
    phrases: dict[tuple[str, ...], tuple[Residence, ...]] = {}
    for text in (*_ELSEWHERE, *(f"{a} {b}" for a in _NOT_HERE for b in _THE_US)):
        phrases[_words(text)] = (OUTSIDE_US,)
    return phrases


def _tokenise(text: str) -> list[_Token]:
    text = text[:_MAX_CHARS]
    if not text.isascii():
        text = strip_marks(unicodedata.normalize("NFKC", text))
    tokens = []
    end = 0
    for match in _TOKEN_RE.finditer(text):
        raw = match.group()
        dotted = "." in raw and not raw[0].isdigit()
        between = text[end:match.start()]
        end = match.end()
        tokens.append(_Token(raw.replace(".", "").casefold(), raw, dotted,
                             any(c in between for c in ",;.-/()&+")))
    return tokens


_PHRASES: Final = _build_phrases()


def _residence(code: str) -> Residence:
    return OUTSIDE_US if code == places.OUTSIDE else _BY_CODE[code]


# --- parsing ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    """One place named in a message: what it can mean, and the cue before it."""

    options: tuple[Residence, ...]  # one, or several for an ambiguous city ("Springfield")
    strength: int  # 2 after "live/based/...", 1 after "in/from", 0 none
    timezone: str | None = None
    left: bool = False  # "moved from X": a place they left (still named, so the dialogue asks)
    during: bool = False  # "I'll be in X for the sessions": where they are during sessions


@dataclass(frozen=True, slots=True)
class Reading:
    """Every place a message names (negated ones left out), and how it names them."""

    mentions: tuple[Mention, ...]
    temporal: bool  # "until June", "moving to", "in the winter", "for school", ...
    own: bool  # the member states their own residence in so many words
    bare: bool = False  # the message is only the place, give or take fillers ("NJ", "in tampa rn")

    @property
    def candidates(self) -> tuple[Residence, ...]:
        """Every place it could be, in the order named, without repeats; a place they say
        they will be in during sessions comes first (its button leads the question)."""
        ordered = sorted(self.mentions, key=lambda m: not m.during)
        return tuple(dict.fromkeys(r for m in ordered for r in m.options))

    @property
    def during(self) -> Residence | None:
        """The one place they say they will be in during sessions ("in NYC, but in Texas
        for the sessions"): licensing follows where the member is during sessions."""
        marked = {r for m in self.mentions if m.during and len(m.options) == 1 for r in m.options}
        return marked.pop() if len(marked) == 1 else None

    @property
    def single(self) -> Residence | None:
        """The one place meant, when there is exactly one and nothing makes it unsure.

        Two places are always asked about, even when one is said to be where they will be
        during sessions (issue 8: "ask where they will be during sessions, with a button
        for each state named"); that one is offered first (``during``).
        """
        options = self.candidates
        return options[0] if len(options) == 1 and not self.temporal else None

    @property
    def timezone(self) -> str | None:
        zones = {m.timezone for m in self.mentions if m.timezone}
        return zones.pop() if len(zones) == 1 and self.single is not None else None


# Words that make a place answer time-bound or split between places.
_TEMPORAL: Final = frozenset(
    "until till til then moving move relocating relocate semester winter winters summer "
    "summers fall spring temporarily temporary currently visiting traveling travelling "
    "stationed between sometimes depending depends half mostly otherwise originally "
    "permanent technically contract internship dorm school college usually normally "
    "weekends weekdays commute rotate forth after graduation months weeks vacation vacationing "
    "trip holiday holidays "
    # travel is not where one lives: "i'm flying to new york tomorrow" (tester, 3 Dec)
    "fly flying flew flight flights tomorrow tonight heading headed driving drive road "
    "layover landing".split()
)
_TEMPORAL_PHRASES: Final = (("next", "month"), ("next", "week"), ("next", "year"),
                            ("for", "now"), ("right", "now"), ("at", "the", "moment"),
                            ("back", "home"), ("this", "week"), ("this", "weekend"))
# "I live in ...", "I'm based in ...", "my zip is ...": the member's own residence.
_OWN: Final = (
    ("i", "live"), ("i", "m", "in"), ("i", "am", "in"), ("im", "in"), ("i", "m", "based"),
    ("i", "am", "based"), ("im", "based"), ("i", "m", "located"), ("i", "am", "located"),
    ("i", "reside"), ("i", "m", "living"), ("i", "am", "living"), ("we", "live"),
    ("my", "zip"), ("my", "zipcode"), ("my", "home", "is"), ("my", "home", "state"), ("my", "state", "is"),
    ("i", "m", "a", "resident"),
    ("i", "am", "a", "resident"), ("i", "moved", "to"), ("we", "moved", "to"), ("i", "m", "staying"), ("i", "m", "currently"),
    ("i", "am", "currently"), ("based", "in"), ("living", "in"), ("i", "m", "from"),
    ("i", "am", "from"), ("im", "from"), ("i", "ve", "lived"), ("i", "have", "lived"),
    # a correction of the state just given: "actually wait i meant new jersey, i typed wrong"
    # ("i meant to ask about florida" is not one: see _in_a_situation; "i mean" is a filler)
    ("i", "meant"),
)


def read_places(text: str, index: PlaceIndex) -> Reading:
    """Every place named in ``text``. Never guesses: an unclear answer has several candidates."""
    tokens = _tokenise(text)
    folded = [t.folded for t in tokens]
    lo, hi = 0, len(folded)
    while hi - lo > 1 and folded[lo] in _LEAD_FILLERS:
        lo += 1
    while hi - lo > 1 and folded[hi - 1] in _TRAIL_FILLERS:
        hi -= 1
    all_caps = text.upper() == text
    mentions: list[Mention] = []
    spans: list[tuple[int, int]] = []
    floor = i = 0
    while i < len(tokens):
        found, end = _match_at(tokens, i, index, bare=(lo == i and hi == i + 1), alone=(lo == i),
                               all_caps=all_caps)
        if found is None:
            i += 1
            continue
        if len(found[0]) > 1 and end < len(tokens):
            # "Rochester NY", "Portland, Maine": the state right after a city of several
            # states says which one it is.
            qualifier, after = _match_at(tokens, end, index, bare=False, alone=False, all_caps=all_caps)
            if qualifier is not None and len(qualifier[0]) == 1 and qualifier[0][0] in found[0]:
                found, end = (qualifier[0], qualifier[1]), after
        strength = _cue_strength(folded, i, floor)
        if strength is None and _near_city(folded, i, found[0], index):
            strength = 1  # "outside of Boston" is near Boston, not "not in Boston"
        left = strength is None and _left(folded, i, floor)
        spans.append((i, end))
        floor = i = end
        if strength is not None or left:
            mentions.append(Mention(found[0], strength or 0, found[1], left, _during(folded, spans[-1])))
    bare = len(spans) == 1 and spans[0] == (lo, hi) and len(mentions) == 1
    if not mentions:
        typo = _fuzzy([w for w in folded[lo:hi] if w.isalpha()], index)
        if typo is not None:
            mentions.append(Mention((typo,), 0))
            bare = True
    temporal = any(w in _TEMPORAL for w in folded) or any(
        tuple(folded[j:j + len(p)]) == p for p in _TEMPORAL_PHRASES for j in range(len(folded)))
    return Reading(tuple(mentions), temporal, _own(folded), bare)


#: "for the sessions", "during group": said right after a place, or just before it.
_DURING: Final = (("for", "the", "sessions"), ("for", "sessions"), ("during", "the", "sessions"),
                  ("during", "sessions"), ("for", "the", "groups"), ("for", "group"), ("during", "group"),
                  ("for", "the", "group"), ("during", "the", "group"), ("when", "the", "sessions"),
                  ("for", "the", "session"), ("during", "the", "session"))


def _during(folded: list[str], span: tuple[int, int]) -> bool:
    """The place at ``span`` is where they will be during sessions."""
    start, end = span
    after = tuple(folded[end:end + 3])
    before = folded[max(0, start - 8):start]
    if any(after[:len(p)] == p for p in _DURING):
        return True
    return any(tuple(before[j:j + len(p)]) == p for p in _DURING for j in range(len(before)))


def _left(folded: list[str], start: int, floor: int) -> bool:
    window = folded[max(floor, start - _CUE_WINDOW):start]
    return len(window) >= 2 and window[-1] == "from" and window[-2] in {"moved", "left"}


def _near_city(folded: list[str], start: int, options: tuple[Residence, ...], index: PlaceIndex) -> bool:
    before = folded[max(0, start - 2):start]
    return (bool(before) and before[0] in {"outside", "near"} and OUTSIDE_US not in options
            and not any(w in {"us", "usa", "states"} for w in before)
            and index.lookup(tuple(folded[start:start + 1])) is not None
            and bool(index.lookup(tuple(folded[start:start + 1])).city))  # type: ignore[union-attr]


def states_own_residence(text: str) -> bool:
    """The member speaks of their own residence ("I live in", "I'm based in", "my zip is")."""
    return _own([t.folded for t in _tokenise(text)])


#: Adverbs between the member and the verb ("i just moved to texas", "i actually live in ohio").
_OWN_ADVERBS: Final = frozenset({"just", "recently", "actually", "finally", "already", "also", "now", "only"})


def _own(folded: list[str]) -> bool:
    folded = [w for w in folded if w not in _OWN_ADVERBS]
    if _QUOTING & set(folded) or any(tuple(folded[j:j + 4]) in _SAYING for j in range(len(folded))):
        return False  # "translate 'i live in texas' into french": words to translate, not the member's
    head = min(len(folded), 12)
    return any(tuple(folded[j:j + len(p)]) == p and not _in_a_situation(folded, j + len(p), p)
               and not (p[0] in _SUBJECTLESS and j > 0 and folded[j - 1] in _NOT_A_SUBJECT)
               for p in _OWN for j in range(head)) or _own_verb(folded)


#: Cues without a subject ("living in Ohio", "based in Texas") and the words before them that
#: make them something else: "the cost of living in Denver", "what's it like living in Ohio".
_SUBJECTLESS: Final = frozenset({"living", "based"})
_NOT_A_SUBJECT: Final = frozenset("of about like for than is the worth".split())


#: Words that make what follows something to translate or spell, not the member's own statement.
_QUOTING: Final = frozenset({"translate", "translated", "translating", "translation", "spell", "pronounce"})
_SAYING: Final = frozenset({("how", "do", "you", "say"), ("how", "do", "i", "say"), ("how", "would", "you", "say")})
#: "I'm in a meeting in Chicago", "I'm in a dark place": a situation, not where the member lives.
_SITUATIONS: Final = frozenset(
    "meeting class call hurry rush car cab taxi uber line queue store shop hotel airport lecture "
    "session dark bad good weird tough rough low mood place relationship band program course "
    "hospital waiting zoom bit lot funk slump hole state".split())


def _in_a_situation(folded: list[str], after: int, cue: tuple[str, ...]) -> bool:
    """An "I'm in" cue followed by "a/an/the ..." naming a situation rather than a place;
    "i meant" not followed by the place itself ("i meant to ask about florida"), or followed
    by more than the place without a word that makes it a correction ("i meant new york pizza
    is the best")."""
    if cue[-1] == "meant":  # a correction: short ("i meant texas"), or said to be one ("sorry", "typo")
        rest = folded[after:]
        return (not rest or rest[0] in _NOT_A_CORRECTION
                or (len(rest) > 4 and _CORRECTING.isdisjoint(folded)))
    if cue[-1] != "in":
        return False
    rest = folded[after:after + 4]
    return bool(rest) and rest[0] in {"a", "an", "the", "such", "my", "this"} and bool(_SITUATIONS & set(rest[1:]))


#: Words that say a message corrects what the member typed before.
_CORRECTING: Final = frozenset("actually sorry oops typo typed wrong mistake misspoke not".split())
#: Words after "i meant" that begin something other than the place itself.
_NOT_A_CORRECTION: Final = frozenset(
    "to is it its that like the a an what how you i if why when this we they he she do does "
    "can could would no yes yeah just honestly seriously so well but and or not about for".split())

_SELF: Final = frozenset({"i", "im", "we"})
_OTHERS: Final = frozenset(
    "he she they you friend friends mom mum dad mother father parents sister brother son "
    "daughter wife husband partner boyfriend girlfriend boss family cousin aunt uncle "
    "grandma grandpa it who".split())


def _own_verb(folded: list[str]) -> bool:
    """A residence verb whose subject is the member: "I actually live in ...", "we're based in"."""
    for j, word in enumerate(folded[:20]):
        if word in _RESIDENCE_VERBS and word not in {"moving", "home", "moved"}:
            for back in reversed(folded[max(0, j - 4):j]):
                if back in _SELF:
                    return True
                if back in _OTHERS:
                    return False
    return False


def parse_residence(text: str, index: PlaceIndex) -> Residence | None:
    """The one place a free-text answer names; None when nothing can be recognised.

    Several places: the one after a "live/based/reside" cue wins, then one after "in"/
    "from", if exactly one place has the strongest cue; otherwise the first mentioned at
    that strength ("NJ or NY" -> NJ). Negated mentions ("not in NY") are ignored. The
    dialogue uses ``read_places`` instead, and asks whenever there is more than one.
    """
    reading = read_places(text, index)
    best: Mention | None = None
    for mention in (m for m in reading.mentions if not m.left):
        if best is None or mention.strength > best.strength:
            best = mention
    if best is None or len(best.options) != 1:
        return None
    return best.options[0]


def _match_at(tokens: list[_Token], i: int, index: PlaceIndex, *, bare: bool, alone: bool,
              all_caps: bool) -> tuple[tuple[tuple[Residence, ...], str | None] | None, int]:
    """The place mentioned starting at token i (longest phrase first), and where it ends."""
    token = tokens[i]
    tables = index.tables()
    limit = min(tables.longest, len(tokens) - i)
    for length in range(limit, 0, -1):
        key = tuple(t.folded for t in tokens[i:i + length])
        if key in _PHRASES:
            return (_PHRASES[key], None), i + length
        place = tables.names.get(key)
        if place is None:
            continue
        if length == 1 and len(token.folded) == 2 and (place.city or token.folded.upper() in _BY_CODE):
            break  # two letters: a code, read by the rules below ("uk" is a country's name)
        if place.city and not (alone or token.after_break or (i > 0 and tokens[i - 1].folded in _CITY_CUES)):
            continue  # a city name counts only alone or after "in", "from", "near"...
        return (tuple(_residence(c) for c in place.codes), place.timezone), i + length
    if token.raw[0].isdigit():
        zip_match = _ZIP_RE.fullmatch(token.raw)
        place = index.zip_place(zip_match.group(1)) if zip_match else None
        if place is None:
            return None, i + 1
        return ((_BY_CODE[place.codes[0]],), place.timezone), i + 1
    if len(token.folded) == 2:
        code = _code_at(tokens, i, bare=bare, all_caps=all_caps)
        if code is None:
            return None, i + 1
        zones = places.state_zones(code.code or "")
        return ((code,), zones[0] if len(zones) == 1 else None), i + 1
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
        accepted = token.raw.isupper() and (bare or (after_preposition and not all_caps)) or (
            token.folded in _PAIRED_CODES and _paired(tokens, i))
    else:
        accepted = bare or after_preposition or token.raw.isupper() or token.folded in _PLAIN_CODES
    return _BY_CODE[code] if accepted else None


#: Word codes read in lowercase when paired with a plain code: "between nj and pa", "ny or ma".
_PAIRED_CODES: Final = frozenset("pa oh co ma mo de mt ms al id".split())


def _paired(tokens: list[_Token], i: int) -> bool:
    """The code at ``i`` follows "X and"/"X or" where X is a plain state code ("nj and pa")."""
    return (i >= 2 and tokens[i - 1].folded in {"and", "or"} and tokens[i - 2].folded in _PLAIN_CODES
            and not tokens[i - 2].dotted)


def _cue_strength(folded: list[str], start: int, floor: int) -> int | None:
    """2 after a residence verb, 1 right after "in"/"from", else 0; None when negated."""
    window = folded[max(floor, start - _CUE_WINDOW):start]
    for j, word in enumerate(window):
        moved_from = word == "from" and j > 0 and window[j - 1] in {"moved", "left"}
        if (word in _NEGATORS or moved_from) and all(w in _CUE_GLUE for w in window[j + 1:]):
            return None
    if any(w in _RESIDENCE_VERBS for w in window):
        return 2
    return 1 if window and window[-1] in _PREPOSITIONS else 0


def _fuzzy(words: list[str], index: PlaceIndex) -> Residence | None:
    """A typo of one state name ("flordia"), tried only on short answers."""
    if not 1 <= len(words) <= 3:
        return None
    whole = _fuzzy_one(" ".join(words), index)
    if whole is not None or len(words) == 1:
        return whole
    hits = {hit for word in words if (hit := _fuzzy_one(word, index)) is not None}
    return hits.pop() if len(hits) == 1 else None


def _fuzzy_one(query: str, index: PlaceIndex) -> Residence | None:
    """A typo of one state name; country names are in the table too, so a misspelt
    country is not mistaken for a state (only states are ever returned)."""
    if not 5 <= len(query) <= 30:
        return None
    table = index.typo_names()
    keys = tuple(table)
    matches = [
        (distance, _residence(table[key]))
        for key, distance, _ in process.extract(
            query, keys, scorer=OSA.distance, score_cutoff=2, limit=5
        )
        # same first letter, and one typo (two for names of 9+ letters)
        if key[0] == query[0] and distance <= (2 if len(key) >= 9 else 1)
    ]
    if not matches:
        return None
    closest = min(d for d, _ in matches)
    found = {place for d, place in matches if d == closest}
    if len(found) != 1:
        return None
    place = found.pop()
    return place if place.kind == "state" else None


#: "im moving to ohio next month", "we're relocating to texas": the member's own move, still ahead.
_MOVING: Final = frozenset({"moving", "relocating", "relocate"})
_ASKING: Final = frozenset({"where", "what", "how", "should", "which", "best", "recommend", "cost", "tips"})
_MOVERS: Final = frozenset({"i", "im", "we", "were", "am", "are", "m", "re", "ll", "will", "gonna", "going"})


def moving_later(text: str) -> bool:
    """The member says they will move (not that they moved): "moving to jersey soon"."""
    folded = [t.folded for t in _tokenise(text)]
    if "?" in text or _ASKING & set(folded):  # "moving to new york next year, where should i live"
        return False
    for index, word in enumerate(folded):
        if word in _MOVING or (word == "move" and index > 0 and folded[index - 1] in {"to", "will", "ll", "gonna"}):
            if folded[index + 1:index + 2] not in (["to"], ["back"]):  # "moving companies in new york"
                return False
            before = folded[max(0, index - 3):index]
            return index == 0 or bool(_MOVERS & set(before))
    return False
