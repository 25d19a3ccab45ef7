"""Crisis detection: the safety net that notices when a member may be at risk.

This module owns:

* loading and validating the published phrase lists in ``bot/content/crisis.yaml``
  (``load_crisis_phrases``), which staff and clinicians review;
* normalising member text for matching (Unicode, invisible characters, light
  leetspeak, stretched letters, texting spellings);
* deciding whether one message signals risk, and of which kind
  (``CrisisDetector.assess`` -> ``RiskAssessment``);
* the fixed wording shown to a member at risk: ``crisis_reply`` and the
  ``resources_line`` that leads every reply while their risk flag is set.

It is a safety net, not a clinical assessment: it deliberately errs towards
flagging. The rules (what is and is not flagged, how negation is handled) are
published in ``docs/crisis-detection.md``. Pure Python; no I/O other than
reading the phrase file, no environment reads.
"""

from __future__ import annotations

import functools
import importlib
import pathlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal, cast, get_args

import yaml

from bot.messages import Button, Reply

__all__ = [
    "CATEGORIES",
    "DEFAULT_PHRASES_PATH",
    "HANDOFF_ACTION",
    "HANDOFF_LABEL",
    "CategoryPhrases",
    "CrisisDetector",
    "CrisisPhrases",
    "RiskAssessment",
    "RiskCategory",
    "crisis_reply",
    "default_detector",
    "load_crisis_phrases",
    "normalise",
    "resources_line",
]

RiskCategory = Literal["suicide", "self_harm", "overdose", "harm_to_others", "abuse"]
CATEGORIES: Final[tuple[RiskCategory, ...]] = get_args(RiskCategory)

DEFAULT_PHRASES_PATH: Final = pathlib.Path(__file__).resolve().parent / "content" / "crisis.yaml"
HANDOFF_ACTION: Final = "fd:handoff"
HANDOFF_LABEL: Final = "Talk to a person"


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class RiskAssessment:
    """What the detector concluded about one message."""

    at_risk: bool
    category: RiskCategory | None


_NOT_AT_RISK: Final = RiskAssessment(at_risk=False, category=None)


# --------------------------------------------------------------------------- phrase lists


@dataclass(frozen=True, slots=True)
class CategoryPhrases:
    """One risk category from the phrase file, with its pieces already expanded."""

    name: RiskCategory
    description: str
    patterns: tuple[str, ...]
    examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CrisisPhrases:
    """The validated content of ``crisis.yaml``.

    ``categories`` is in checking order (the first category that matches names
    the risk). ``figurative`` and ``denials`` are blanked out before the
    categories are checked. ``spellings`` maps a normalised word or word pair
    to its canonical spelling. ``not_flagged`` are published examples that must
    never flag (checked by the tests, not at load time).
    """

    categories: tuple[CategoryPhrases, ...]
    figurative: tuple[str, ...]
    denials: tuple[str, ...]
    spellings: tuple[tuple[str, str], ...]
    not_flagged: tuple[str, ...]
    source: pathlib.Path | None = None


_YAML_LOADER: Final = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TOP_LEVEL_KEYS: Final = frozenset(
    {"version", "pieces", "spellings", "categories", "figurative", "denials", "not_flagged"}
)
_CATEGORY_KEYS: Final = frozenset({"description", "patterns", "examples"})
_PIECE_REF: Final = re.compile(r"\{([a-z_]+)\}")
_PIECE_NAME: Final = re.compile(r"[a-z_]+")
_SPELLING_WORDS: Final = re.compile(r"[a-z0-9']+(?: [a-z0-9']+)?")
_CANONICAL_WORDS: Final = re.compile(r"[a-z']+(?: [a-z']+)*")
_ESCAPE: Final = re.compile(r"\\.")
_UNBOUNDED_WILDCARD: Final = re.compile(r"\.[*+]")
_NESTED_QUANTIFIER: Final = re.compile(r"\([^()]*[+*][^()]*\)(?:[+*]|\{\d*,\})")


def load_crisis_phrases(path: pathlib.Path | None = None) -> CrisisPhrases:
    """Read and validate a crisis phrase file (default: ``bot/content/crisis.yaml``).

    Raises ``ValueError`` naming the file and the problem (bad YAML, a missing or
    unknown category, an invalid or unsafe regular expression, an undefined
    ``{piece}``, ...), so a broken edit fails loudly at start-up, never silently.
    """
    source = DEFAULT_PHRASES_PATH if path is None else pathlib.Path(path)
    try:
        raw_text = source.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"{source}: cannot read crisis phrase file ({exc.strerror or exc})") from exc
    try:
        data = yaml.load(raw_text, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise ValueError(f"{source}: not valid YAML: {exc}") from exc
    return _parse_phrases(data, source)


def _parse_phrases(data: object, source: pathlib.Path) -> CrisisPhrases:
    def fail(where: str, problem: str) -> ValueError:
        return ValueError(f"{source}: {where}: {problem}")

    if not isinstance(data, dict):
        raise fail("top level", "expected a mapping with 'version' and 'categories'")
    unknown = sorted(str(k) for k in data if k not in _TOP_LEVEL_KEYS)
    if unknown:
        raise fail("top level", f"unknown key(s) {', '.join(map(repr, unknown))}; "
                   f"expected some of {', '.join(sorted(_TOP_LEVEL_KEYS))}")
    if data.get("version") != 1:
        raise fail("version", f"expected 1, got {data.get('version')!r}")

    spellings = _parse_spellings(data.get("spellings", {}), fail)
    variants = _variant_finder(variant for variant, _ in spellings)
    pieces = _parse_pieces(data.get("pieces", {}), fail)
    for name, piece in pieces.items():
        _check_spellings(piece, piece, f"pieces.{name}", variants, fail)

    def patterns(node: object, where: str, *, required: bool) -> tuple[str, ...]:
        items = _string_list(node, where, fail, required=required)
        seen: set[str] = set()
        out: list[str] = []
        for index, item in enumerate(items):
            label = f"{where}[{index}]"
            expanded = _expand_pieces(item, pieces, label, fail)
            _check_pattern(expanded, item, label, variants, fail)
            if expanded in seen:
                raise fail(label, f"duplicate pattern {item!r}")
            seen.add(expanded)
            out.append(expanded)
        return tuple(out)

    raw_categories = data.get("categories")
    if not isinstance(raw_categories, dict) or not raw_categories:
        raise fail("categories", "expected a mapping of category name -> {patterns: [...]}")
    unknown = sorted(str(k) for k in raw_categories if k not in CATEGORIES)
    if unknown:
        raise fail("categories", f"unknown category {unknown[0]!r}; expected one of {', '.join(CATEGORIES)}")
    missing = [name for name in CATEGORIES if name not in raw_categories]
    if missing:
        raise fail("categories", f"missing category {missing[0]!r} (all of {', '.join(CATEGORIES)} are required)")

    categories: list[CategoryPhrases] = []
    for name, body in raw_categories.items():
        where = f"categories.{name}"
        if not isinstance(body, dict):
            raise fail(where, "expected a mapping with 'patterns'")
        extra = sorted(str(k) for k in body if k not in _CATEGORY_KEYS)
        if extra:
            raise fail(where, f"unknown key(s) {', '.join(map(repr, extra))}; "
                       f"expected some of {', '.join(sorted(_CATEGORY_KEYS))}")
        description = body.get("description", "")
        if not isinstance(description, str):
            raise fail(f"{where}.description", "expected text")
        categories.append(
            CategoryPhrases(
                name=cast(RiskCategory, name),
                description=description.strip(),
                patterns=patterns(body.get("patterns"), f"{where}.patterns", required=True),
                examples=tuple(_string_list(body.get("examples", []), f"{where}.examples", fail, required=False)),
            )
        )

    return CrisisPhrases(
        categories=tuple(categories),
        figurative=patterns(data.get("figurative", []), "figurative", required=False),
        denials=patterns(data.get("denials", []), "denials", required=False),
        spellings=spellings,
        not_flagged=tuple(_string_list(data.get("not_flagged", []), "not_flagged", fail, required=False)),
        source=source,
    )


_Fail = Callable[[str, str], ValueError]


def _string_list(node: object, where: str, fail: _Fail, *, required: bool) -> list[str]:
    if node is None and not required:
        return []
    if not isinstance(node, list):
        raise fail(where, "expected a list of strings")
    if required and not node:
        raise fail(where, "must not be empty")
    out: list[str] = []
    for index, item in enumerate(node):
        if not isinstance(item, str) or not item.strip():
            raise fail(f"{where}[{index}]", f"expected non-empty text, got {item!r}"
                       " (quote entries that start with '{' or contain ': ')")
        out.append(item.strip())
    return out


def _parse_pieces(node: object, fail: _Fail) -> dict[str, str]:
    if node is None:
        return {}
    if not isinstance(node, dict):
        raise fail("pieces", "expected a mapping of name -> regular expression")
    raw: dict[str, str] = {}
    for name, value in node.items():
        if not isinstance(name, str) or not _PIECE_NAME.fullmatch(name):
            raise fail("pieces", f"piece name {name!r} must be lower-case letters and '_'")
        if not isinstance(value, str) or not value.strip():
            raise fail(f"pieces.{name}", "expected a non-empty regular expression")
        raw[name] = value.strip()

    resolved: dict[str, str] = {}

    def resolve(name: str, stack: tuple[str, ...]) -> str:
        if name in resolved:
            return resolved[name]
        if name in stack:
            raise fail(f"pieces.{name}", f"refers to itself ({' -> '.join((*stack, name))})")

        def substitute(match: re.Match[str]) -> str:
            ref = match.group(1)
            if ref not in raw:
                raise fail(f"pieces.{name}", f"uses undefined piece {{{ref}}}")
            return resolve(ref, (*stack, name))

        resolved[name] = _PIECE_REF.sub(substitute, raw[name])
        return resolved[name]

    for name in raw:
        resolve(name, ())
    return resolved


def _expand_pieces(pattern: str, pieces: Mapping[str, str], where: str, fail: _Fail) -> str:
    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in pieces:
            raise fail(where, f"uses undefined piece {{{name}}} in {pattern!r}")
        return pieces[name]

    return _PIECE_REF.sub(substitute, pattern)


def _parse_spellings(node: object, fail: _Fail) -> tuple[tuple[str, str], ...]:
    if node is None:
        return ()
    if not isinstance(node, dict):
        raise fail("spellings", "expected a mapping of canonical spelling -> list of variants")
    owner: dict[str, str] = {}
    for canonical, variants in node.items():
        where = f"spellings.{canonical}"
        if not isinstance(canonical, str) or not _CANONICAL_WORDS.fullmatch(canonical):
            raise fail("spellings", f"canonical spelling {canonical!r} must be lower-case words")
        if not isinstance(variants, list) or not variants:
            raise fail(where, "expected a non-empty list of variant spellings")
        for variant in variants:
            if not isinstance(variant, str) or not _SPELLING_WORDS.fullmatch(variant):
                raise fail(where, f"variant {variant!r} must be one or two lower-case words")
            if variant == canonical:
                raise fail(where, f"variant {variant!r} is the canonical spelling itself")
            if variant in owner and owner[variant] != canonical:
                raise fail(where, f"variant {variant!r} is also listed under {owner[variant]!r}")
            owner[variant] = canonical
    return tuple(owner.items())


def _variant_finder(variants: Iterable[str]) -> re.Pattern[str] | None:
    """Finds a spelling variant used as a whole word inside a regular expression."""
    ordered = sorted(variants, key=len, reverse=True)
    if not ordered:
        return None
    return re.compile(r"(?:^|(?<=[(|: ]))(?:" + "|".join(map(re.escape, ordered)) + r")(?=$|[)| ])")


def _check_pattern(pattern: str, original: str, where: str, variants: re.Pattern[str] | None, fail: _Fail) -> None:
    literal = _ESCAPE.sub("", pattern)
    if any(ch.isupper() for ch in literal):
        raise fail(where, f"pattern {original!r} has upper-case letters; text is lower-cased before matching")
    if _UNBOUNDED_WILDCARD.search(literal):
        raise fail(where, f"pattern {original!r} uses .* or .+; use a bounded gap such as (?:[a-z']+ ){{0,3}}")
    if _NESTED_QUANTIFIER.search(literal):
        raise fail(where, f"pattern {original!r} nests an unbounded repeat inside another (catastrophic backtracking risk)")
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise fail(where, f"invalid regular expression in {original!r}: {exc}") from exc
    if compiled.fullmatch("") is not None or any(m.end() == m.start() for m in compiled.finditer("a . b")):
        raise fail(where, f"pattern {original!r} can match empty text, which would flag every message")
    _check_spellings(pattern, original, where, variants, fail)


def _check_spellings(pattern: str, original: str, where: str, variants: re.Pattern[str] | None, fail: _Fail) -> None:
    """A pattern spelled like a rewritten variant ("wanna") could never match."""
    found = variants.search(_ESCAPE.sub("", pattern)) if variants is not None else None
    if found is not None:
        raise fail(where, f"{original!r} uses {found.group(0)!r}, which the spellings table rewrites before "
                   "matching; write the canonical spelling instead")


# --------------------------------------------------------------------------- normalisation

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
    """Invisible characters out, Unicode folded to plain lower-case letters where possible."""
    text = _INVISIBLE.sub("", text)
    if text.isascii():
        return text.replace("`", "'").casefold() if "`" in text else text.casefold()
    text = unicodedata.normalize("NFKC", text.translate(_APOSTROPHES)).casefold()
    text = unicodedata.normalize("NFD", text.translate(_CONFUSABLES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", text)


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
        return " ".join([get(word, word) for word in words])


# --------------------------------------------------------------------------- detection


class CrisisDetector:
    """Assesses member messages against a set of crisis phrases.

    Every category's patterns are compiled once into a single regular
    expression, plus one search-optimised expression over all categories.
    ``assess`` normalises the text and runs the fast expression; only if it
    matches are figurative uses and explicit denials blanked out and the
    categories checked in file order to name the risk.
    """

    __slots__ = ("_any", "_categories", "_mask", "_respell", "phrases")

    def __init__(self, phrases: CrisisPhrases) -> None:
        self.phrases = phrases
        self._categories: tuple[tuple[RiskCategory, re.Pattern[str]], ...] = tuple(
            (category.name, _combine(category.patterns)) for category in phrases.categories
        )
        # Most messages match nothing: one fast pass over every category settles them.
        self._any = _combine_for_search(p for category in phrases.categories for p in category.patterns)
        masks = (*phrases.figurative, *phrases.denials)
        self._mask: re.Pattern[str] | None = _combine(masks) if masks else None
        self._respell = _Respeller(phrases.spellings)

    def normalise(self, text: str) -> tuple[str, ...]:
        """The normalised reading(s) of ``text`` that the patterns are matched against.

        Usually one; two to four when leetspeak ("1" as i or l) or stretched
        letters ("killll" as kil or kill) make the reading ambiguous.
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
            final = self._respell(_tidy(reading))
            if final not in out:
                out.append(final)
        return tuple(out)

    def assess(self, text: str) -> RiskAssessment:
        """Does this message suggest the member (or someone with them) may be at risk?"""
        if not text or text.isspace():
            return _NOT_AT_RISK
        for reading in self.normalise(text):
            if self._any.search(reading) is None:
                continue
            if self._mask is not None:
                reading = " ".join(self._mask.sub(" . ", reading).split())
                if self._any.search(reading) is None:
                    continue
            category = self._first_category(reading)
            if category is not None:
                return RiskAssessment(at_risk=True, category=category)
        return _NOT_AT_RISK

    def _first_category(self, reading: str) -> RiskCategory | None:
        for name, pattern in self._categories:
            if pattern.search(reading):
                return name
        return None


def _combine(patterns: Iterable[str]) -> re.Pattern[str]:
    """One regular expression matching any of ``patterns`` on whole words."""
    return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\b")


def _combine_for_search(patterns: Iterable[str]) -> re.Pattern[str]:
    """Like ``_combine``, but built for a yes/no ``search`` only (match spans are meaningless).

    A plain alternation of a few hundred patterns makes the regex engine try every
    pattern at every word boundary. Instead, for each pattern we work out which
    characters its first few letters can be (``_prefix_classes``) and group the
    patterns by first letter::

        \\b(?: k(?:[i][l](?<=(?=PATTERN\\b)[k][i][l]) | ...) | s(?: ...) | ... )

    The engine picks the first-letter group with cheap literal checks, skips
    patterns whose next letters do not fit without entering them, and only then
    runs the pattern itself (from the start of the word, via the look-behind).
    Patterns whose first letters cannot be worked out are kept as they are.
    """
    groups: dict[str, list[str]] = {}
    plain: list[str] = []
    for pattern in patterns:
        body = f"(?:{pattern})\\b"
        classes = _prefix_classes(pattern)
        if not classes:
            plain.append(body)
            continue
        whole = "".join(_char_class(chars) for chars in classes)
        rest = "".join(_char_class(chars) for chars in classes[1:])
        for first in classes[0]:
            groups.setdefault(first, []).append(f"{rest}(?<=(?={body}){whole})")
    outer = [f"{re.escape(first)}(?:{'|'.join(branches)})" for first, branches in sorted(groups.items())]
    return re.compile(r"\b(?:" + "|".join(outer + plain) + ")")


def _char_class(chars: Iterable[str]) -> str:
    return "[" + "".join("\\" + ch if ch in "\\]^-[" else ch for ch in sorted(chars)) + "]"


_re_parser: Any = importlib.import_module("re._parser")
_PREFIX_LENGTH: Final = 3
_PREFIX_CAP: Final = 4000


def _prefix_classes(pattern: str) -> list[frozenset[str]]:
    """Per position, the characters the first 1-3 characters of a match can be ([] if unknown)."""
    try:
        parsed = _re_parser.parse(pattern)
    except Exception:  # private parser API: any surprise just disables the speed-up
        return []
    for length in range(_PREFIX_LENGTH, 0, -1):
        try:
            prefixes = _prefixes(parsed, length)
        except Exception:
            return []
        if prefixes is None or "" in prefixes:
            continue
        shortest = min(len(prefix) for prefix in prefixes)
        return [frozenset(prefix[i] for prefix in prefixes) for i in range(min(shortest, length))]
    return []


def _prefixes(items: Iterable[tuple[Any, Any]], length: int) -> set[str] | None:
    """Every possible first ``length`` characters of a match (shorter if the match is), or None."""
    current = {""}
    for op, av in items:
        if all(len(prefix) >= length for prefix in current):
            break
        following = _item_prefixes(op, av, length)
        if following is None:
            return None
        joined = _join(current, following, length)
        if joined is None:
            return None
        current = joined
    return current


def _join(left: set[str], right: set[str], length: int) -> set[str] | None:
    out: set[str] = set()
    for a in left:
        if len(a) >= length:
            out.add(a)
            continue
        out.update((a + b)[:length] for b in right)
        if len(out) > _PREFIX_CAP:
            return None
    return out


def _item_prefixes(op: Any, av: Any, length: int) -> set[str] | None:
    name = getattr(op, "name", str(op))
    if name == "LITERAL":
        return {chr(av)}
    if name in ("AT", "ASSERT", "ASSERT_NOT"):
        return {""}  # zero-width
    if name == "IN":
        chars: set[str] = set()
        for item_op, item_av in av:
            item_name = getattr(item_op, "name", str(item_op))
            if item_name == "LITERAL":
                chars.add(chr(item_av))
            elif item_name == "RANGE" and item_av[1] - item_av[0] <= 64:
                chars.update(chr(code) for code in range(item_av[0], item_av[1] + 1))
            else:
                return None
        return chars
    if name == "BRANCH":
        out: set[str] = set()
        for alternative in av[1]:
            found = _prefixes(alternative, length)
            if found is None:
                return None
            out |= found
            if len(out) > _PREFIX_CAP:
                return None
        return out
    if name == "SUBPATTERN":
        return _prefixes(av[3], length)
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, high, inner_items = av
        inner = _prefixes(inner_items, length)
        if inner is None:
            return None
        out = {""} if low == 0 else set()
        repeated: set[str] | None = {""}
        for count in range(1, min(high, length) + 1):
            repeated = _join(repeated, inner, length) if repeated is not None else None
            if repeated is None:
                return None
            if count >= low:
                out |= repeated
        if low > length and repeated is not None:
            out = repeated
        return out
    return None


@functools.cache
def default_detector() -> CrisisDetector:
    """The detector for the published ``bot/content/crisis.yaml`` (loaded once)."""
    return CrisisDetector(load_crisis_phrases())


def normalise(text: str) -> str:
    """The primary normalised reading of ``text`` under the published spellings table."""
    readings = default_detector().normalise(text)
    return readings[0] if readings else ""


# --------------------------------------------------------------------------- wording

_CRISIS_TEXT: Final = (
    "I'm really glad you reached out. You don't have to go through this alone.\n"
    "\n"
    "If you're thinking about suicide, about hurting yourself or someone else, or you're "
    "not safe right now (or you're worried about someone who isn't), you can reach someone "
    "any time, free and confidential:\n"
    "• Call or text 988 (Suicide & Crisis Lifeline), or chat at 988lifeline.org\n"
    "• Text HOME to 741741 (Crisis Text Line)\n"
    "• If you're in immediate danger, call 911\n"
    "• En español: llame al 988 y marque 2\n"
    "\n"
    "If you'd like to talk with someone on our staff, use the Talk to a person button below."
)
_RESOURCES_LINE: Final = "If you need help now: call or text 988 · text HOME to 741741 · 911 in an emergency."


_OVERDOSE_LEAD: Final = ("If you've taken too much of something, call 911 now, or Poison Control "
                         "at 1-800-222-1222.\n\n")
_ABUSE_LINE: Final = ("• Not safe at home? The National Domestic Violence Hotline: call "
                      "1-800-799-7233 or text START to 88788\n")


def crisis_reply(category: RiskCategory | None = None) -> Reply:
    """The reply sent when a message is assessed as at risk (urgent, one handoff button).

    For an overdose it leads with 911 and Poison Control; for abuse or danger at home it
    adds the National Domestic Violence Hotline.
    """
    text = _CRISIS_TEXT
    if category == "overdose":
        text = _OVERDOSE_LEAD + text
    if category == "abuse":
        marker = "• If you're in immediate danger, call 911\n"
        text = text.replace(marker, _ABUSE_LINE + marker)
    return Reply(
        text=text,
        buttons=(Button(label=HANDOFF_LABEL, action=HANDOFF_ACTION),),
        urgent=True,
    )


def resources_line() -> str:
    """One short line that leads every reply while a member's risk flag is set."""
    return _RESOURCES_LINE
