"""The published crisis phrase lists: loading and validating ``bot/content/crisis.yaml``.

Owns the file format (pieces, spellings, categories, figurative uses, denials, the
risk-adjacent contexts and the distress phrases) and rejects broken edits at start-up
with a message naming the file, the entry and the problem. Pure Python; the only I/O
is reading the phrase file.
"""

from __future__ import annotations

import pathlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Final, Literal, cast, get_args

import yaml

RiskCategory = Literal["suicide", "self_harm", "overdose", "harm_to_others", "abuse"]
CATEGORIES: Final[tuple[RiskCategory, ...]] = get_args(RiskCategory)

DEFAULT_PHRASES_PATH: Final = pathlib.Path(__file__).resolve().parents[2] / "content" / "crisis.yaml"


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

    The two gentler levels: ``adjacent`` are risk-adjacent contexts (a loss to
    suicide, someone else, a professional, a question about how groups handle it,
    the past, negated intrusive thoughts). A message whose every at-risk match lies
    inside one of them, and which has none of the ``present`` markers of danger now,
    is risk-adjacent rather than at risk. ``distress`` are phrases of distress
    without a stated risk ("hopeless", "can't cope"), answered with a check-in.
    ``distress_emoji`` are characters that count as distress on their own unless
    ``laughter`` appears in the same message.
    """

    categories: tuple[CategoryPhrases, ...]
    figurative: tuple[str, ...]
    denials: tuple[str, ...]
    spellings: tuple[tuple[str, str], ...]
    not_flagged: tuple[str, ...]
    source: pathlib.Path | None = None
    adjacent: tuple[str, ...] = ()
    present: tuple[str, ...] = ()
    distress: tuple[str, ...] = ()
    distress_emoji: str = ""
    laughter: tuple[str, ...] = ()
    laughter_emoji: str = ""
    # W9b: someone else at risk now, context across turns, typos and run-together words
    someone_else: tuple[str, ...] = ()
    follow_ups: tuple[str, ...] = ()
    loss: tuple[str, ...] = ()
    typo_words: tuple[str, ...] = ()
    run_together: tuple[str, ...] = ()


_YAML_LOADER: Final = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TOP_LEVEL_KEYS: Final = frozenset(
    {"version", "pieces", "spellings", "categories", "figurative", "denials", "not_flagged",
     "adjacent", "present", "distress", "distress_emoji", "laughter",
     "laughter_emoji", "someone_else", "follow_ups", "loss", "typo_words", "run_together"}
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
        _check_compiled(out, items, where, fail)
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
        adjacent=patterns(data.get("adjacent", []), "adjacent", required=False),
        present=patterns(data.get("present", []), "present", required=False),
        distress=patterns(data.get("distress", []), "distress", required=False),
        distress_emoji=_emoji(data.get("distress_emoji", ""), "distress_emoji", fail),
        laughter_emoji=_emoji(data.get("laughter_emoji", ""), "laughter_emoji", fail),
        laughter=patterns(data.get("laughter", []), "laughter", required=False),
        someone_else=patterns(data.get("someone_else", []), "someone_else", required=False),
        follow_ups=patterns(data.get("follow_ups", []), "follow_ups", required=False),
        loss=patterns(data.get("loss", []), "loss", required=False),
        typo_words=tuple(_string_list(data.get("typo_words", []), "typo_words", fail, required=False)),
        run_together=tuple(_string_list(data.get("run_together", []), "run_together", fail, required=False)),
    )


def _emoji(node: object, where: str, fail: _Fail) -> str:
    if not isinstance(node, str) or any(ch.isascii() for ch in node):
        raise fail(where, "expected one string of emoji characters (no letters or spaces)")
    return node


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
    _check_spellings(pattern, original, where, variants, fail)


def combine(patterns: Iterable[str]) -> re.Pattern[str]:
    """One regular expression matching any of ``patterns`` on whole words (the detector's form)."""
    return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\b")


def _matches_empty(compiled: re.Pattern[str]) -> bool:
    return compiled.fullmatch("") is not None or any(m.end() == m.start() for m in compiled.finditer("a . b"))


def _check_compiled(patterns: list[str], originals: list[str], where: str, fail: _Fail) -> None:
    """Compile a list once, as the detector will (``re`` keeps it cached for the detector);
    only when that fails is each pattern compiled alone, to name the one at fault."""
    if not patterns:
        return
    try:
        if not _matches_empty(combine(patterns)):
            return
        problem: re.error | None = None
    except re.error as exc:
        problem = exc
    for index, (pattern, original) in enumerate(zip(patterns, originals)):
        label = f"{where}[{index}]"
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise fail(label, f"invalid regular expression in {original!r}: {exc}") from exc
        if _matches_empty(compiled):
            raise fail(label, f"pattern {original!r} can match empty text, which would flag every message")
    raise fail(where, f"the patterns do not combine into one expression: {problem}")


def _check_spellings(pattern: str, original: str, where: str, variants: re.Pattern[str] | None, fail: _Fail) -> None:
    """A pattern spelled like a rewritten variant ("wanna") could never match."""
    found = variants.search(_ESCAPE.sub("", pattern)) if variants is not None else None
    if found is not None:
        raise fail(where, f"{original!r} uses {found.group(0)!r}, which the spellings table rewrites before "
                   "matching; write the canonical spelling instead")

