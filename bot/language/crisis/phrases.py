"""The published crisis phrase lists: loading and validating ``bot/content/crisis.yaml``.

Owns the file format (pieces, spellings, categories, figurative uses, denials, the
risk-adjacent contexts and the distress phrases) and rejects broken edits at start-up
with a message naming the file, the entry and the problem. The file's shape is a pydantic
model (unknown keys rejected); the rules about the regular expressions themselves (pieces
resolved, no upper case, no unbounded or nested repeats, nothing matching empty text, no
spelling the normaliser rewrites) run on the validated lists, and each list is compiled
once, as the detector combines it. Pure Python; the only I/O is reading the phrase file.
"""

from __future__ import annotations

import pathlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Final, Literal, get_args

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator, ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

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
    is risk-adjacent rather than at risk, unless what is left once the contexts are
    blanked out matches ``own_risk`` (the member's own present risk: "i'm next", "the
    urge is back", "ending mine"). ``distress`` are phrases of distress
    without a stated risk ("hopeless", "can't cope"), answered with a check-in.
    ``distress_emoji`` are characters that count as distress on their own unless
    ``laughter`` appears in the same message; ``harm_emoji`` (a knife, blood, pills) count
    as distress only in a message of emoji alone (no letter or digit: "🔪🩸").
    ``feelings`` (round 7) are broader words of feeling said of oneself ("i feel so hopeless about
    the future"): distress like ``distress``, but only when none of ``feelings_guard`` is in the
    message (a question or something to book, "but i'm okay", a cold or the flu).
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
    harm_emoji: str = ""
    laughter: tuple[str, ...] = ()
    laughter_emoji: str = ""
    # W9b: someone else at risk now, context across turns, typos and run-together words
    someone_else: tuple[str, ...] = ()
    follow_ups: tuple[str, ...] = ()
    loss: tuple[str, ...] = ()
    typo_words: tuple[str, ...] = ()
    run_together: tuple[str, ...] = ()
    # round 3: the member's own present risk beside a risk-adjacent context
    own_risk: tuple[str, ...] = ()
    # round 7: a broader, guarded vocabulary of distress
    feelings: tuple[str, ...] = ()
    feelings_guard: tuple[str, ...] = ()


#: Compiles one regular expression without flags: ``re.compile`` or a cache of compiled patterns.
Compile = Callable[[str], re.Pattern[str]]
_YAML_LOADER: Final = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PIECE_REF: Final = re.compile(r"\{([a-z_]+)\}")
_PIECE_NAME: Final = re.compile(r"[a-z_]+")
_SPELLING_WORDS: Final = re.compile(r"[a-z0-9']+(?: [a-z0-9']+)?")
_CANONICAL_WORDS: Final = re.compile(r"[a-z']+(?: [a-z']+)*")
_ESCAPE: Final = re.compile(r"\\.")
_UNBOUNDED_WILDCARD: Final = re.compile(r"\.[*+]")
_NESTED_QUANTIFIER: Final = re.compile(r"\([^()]*[+*][^()]*\)(?:[+*]|\{\d*,\})")


def load_crisis_phrases(path: pathlib.Path | None = None, *, compile: Compile = re.compile) -> CrisisPhrases:
    """Read and validate a crisis phrase file (default: ``bot/content/crisis.yaml``).

    ``compile`` compiles each list as the detector will (``re.compile``, or the composition
    root's cache of compiled patterns); the detector given the same one finds them compiled.

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
    return _parse_phrases(data, source, compile)


# ---------------------------------------------------------------- the file's model
#
# A value of the wrong shape is reported as ``_problem`` (where: the path of the value);
# pydantic's own errors (an unknown key, a category not in the list, an empty list) are
# put into the same words by ``_explain``.


def _problem(message: str) -> PydanticCustomError:
    return PydanticCustomError("problem", "{message}", {"message": message})


def _shape(ok: Callable[[Any], bool], problem: str | Callable[[Any], str],
           clean: Callable[[Any], Any] = lambda value: value, *, items: bool = False,
           absent: object = ...) -> Any:
    """A check of a value's shape: ``problem`` unless ``ok(value)``. A single value is
    checked instead of pydantic's own check; a list or mapping (``items``) before its items
    are, and None stands for ``absent`` when that is given (a list left empty)."""
    def check(value: object) -> object:
        if value is None and absent is not ...:
            return absent
        if not ok(value):
            raise _problem(problem(value) if callable(problem) else problem)
        return clean(value)
    return BeforeValidator(check) if items else PlainValidator(check)


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _matches(pattern: re.Pattern[str]) -> Callable[[object], bool]:
    return lambda value: isinstance(value, str) and pattern.fullmatch(value) is not None


def _is(kind: type) -> Callable[[object], bool]:
    return lambda value: isinstance(value, kind)


Text = Annotated[str, _shape(_is_text, lambda v: f"expected non-empty text, got {v!r} "
                             "(quote entries that start with '{' or contain ': ')", str.strip)]
Texts = Annotated[list[Text], _shape(_is(list), "expected a list of strings", items=True, absent=[])]
Emoji = Annotated[str, _shape(lambda v: isinstance(v, str) and not any(ch.isascii() for ch in v),
                              "expected one string of emoji characters (no letters or spaces)")]
PieceName = Annotated[str, _shape(_matches(_PIECE_NAME), lambda v: f"piece name {v!r} must be lower-case letters and '_'")]
Piece = Annotated[str, _shape(_is_text, "expected a non-empty regular expression", str.strip)]
Canonical = Annotated[str, _shape(_matches(_CANONICAL_WORDS), lambda v: f"canonical spelling {v!r} must be lower-case words")]
Variant = Annotated[str, _shape(_matches(_SPELLING_WORDS), lambda v: f"variant {v!r} must be one or two lower-case words")]
Variants = Annotated[list[Variant], _shape(lambda v: isinstance(v, list) and bool(v),
                                           "expected a non-empty list of variant spellings", items=True)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Category(_Model):
    description: Annotated[str, _shape(_is(str), "expected text", str.strip)] = ""
    patterns: Annotated[Texts, Field(min_length=1)]
    examples: Texts = []


class _PhraseFile(_Model):
    """``crisis.yaml``; a list left out is empty. Add a field here for a new list."""

    version: Annotated[int, _shape(lambda v: v == 1, lambda v: f"expected 1, got {v!r}")] = Field(
        default=None, validate_default=True)
    spellings: Annotated[dict[Canonical, Variants], _shape(
        _is(dict), "expected a mapping of canonical spelling -> list of variants", items=True, absent={})] = {}
    pieces: Annotated[dict[PieceName, Piece], _shape(
        _is(dict), "expected a mapping of name -> regular expression", items=True, absent={})] = {}
    categories: Annotated[dict[RiskCategory, _Category], _shape(
        lambda v: isinstance(v, dict) and bool(v), "expected a mapping of category name -> {patterns: [...]}",
        items=True)] = Field(
        default=None, validate_default=True)
    figurative: Texts = []
    denials: Texts = []
    not_flagged: Texts = []
    adjacent: Texts = []
    present: Texts = []
    distress: Texts = []
    distress_emoji: Emoji = ""
    harm_emoji: Emoji = ""
    laughter: Texts = []
    laughter_emoji: Emoji = ""
    someone_else: Texts = []
    follow_ups: Texts = []
    loss: Texts = []
    typo_words: Texts = []
    run_together: Texts = []
    own_risk: Texts = []
    feelings: Texts = []
    feelings_guard: Texts = []


def _explain(error: ValidationError, source: pathlib.Path) -> ValueError:
    """The first problem in one line: ``<file>: <where>: <problem>``."""
    errors = error.errors()
    unknown = [e for e in errors if e["type"] == "extra_forbidden"]
    first = unknown[0] if unknown else errors[0]
    loc = first["loc"]
    if first["type"] == "extra_forbidden":  # every unknown key beside it, and what is allowed
        parent = loc[:-1]
        model: type[BaseModel] = _PhraseFile if not parent else _Category
        keys = sorted(str(e["loc"][-1]) for e in unknown if e["loc"][:-1] == parent)
        return _fail(source, _where(parent), f"unknown key(s) {', '.join(map(repr, keys))}; "
                     f"expected some of {', '.join(sorted(model.model_fields))}")
    if loc[-1:] == ("[key]",):  # a mapping's key: named by its mapping
        loc = loc[:-2]
        if loc == ("categories",):
            return _fail(source, "categories", f"unknown category {first['input']!r}; "
                         f"expected one of {', '.join(CATEGORIES)}")
    return _fail(source, _where(loc), _problem_text(first))


def _problem_text(error: ErrorDetails) -> str:
    kind, context = error["type"], error.get("ctx") or {}
    if kind == "problem":
        return str(context["message"])
    if kind == "model_type" and len(error["loc"]) == 0:
        return "expected a mapping with 'version' and 'categories'"
    if kind == "model_type":
        return "expected a mapping with 'patterns'"
    if kind in ("too_short", "missing") and error["loc"][-1:] == ("patterns",):
        return "must not be empty"
    return error["msg"]


def _where(loc: tuple[int | str, ...]) -> str:
    """``('categories', 'suicide', 'patterns', 2)`` -> ``categories.suicide.patterns[2]``."""
    if not loc:
        return "top level"
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")


def _fail(source: pathlib.Path, where: str, problem: str) -> ValueError:
    return ValueError(f"{source}: {where}: {problem}")


def _parse_phrases(data: object, source: pathlib.Path, compile: Compile) -> CrisisPhrases:
    try:
        phrases = _PhraseFile.model_validate(data)
    except ValidationError as exc:
        raise _explain(exc, source) from None

    def fail(where: str, problem: str) -> ValueError:
        return _fail(source, where, problem)

    missing = [name for name in CATEGORIES if name not in phrases.categories]
    if missing:
        raise fail("categories", f"missing category {missing[0]!r} (all of {', '.join(CATEGORIES)} are required)")
    spellings = _check_variants(phrases.spellings, fail)
    variants = _variant_finder(variant for variant, _ in spellings)
    pieces = _resolve_pieces(phrases.pieces, fail)
    for name, piece in pieces.items():
        _check_spellings(piece, piece, f"pieces.{name}", variants, fail)

    def patterns(items: list[str], where: str) -> tuple[str, ...]:
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
        _check_compiled(out, items, where, fail, compile)
        return tuple(out)

    return CrisisPhrases(
        categories=tuple(
            CategoryPhrases(name=name, description=body.description,
                            patterns=patterns(body.patterns, f"categories.{name}.patterns"),
                            examples=tuple(body.examples))
            for name, body in phrases.categories.items()
        ),
        figurative=patterns(phrases.figurative, "figurative"),
        denials=patterns(phrases.denials, "denials"),
        spellings=spellings,
        not_flagged=tuple(phrases.not_flagged),
        source=source,
        adjacent=patterns(phrases.adjacent, "adjacent"),
        present=patterns(phrases.present, "present"),
        distress=patterns(phrases.distress, "distress"),
        distress_emoji=phrases.distress_emoji,
        harm_emoji=phrases.harm_emoji,
        laughter_emoji=phrases.laughter_emoji,
        laughter=patterns(phrases.laughter, "laughter"),
        someone_else=patterns(phrases.someone_else, "someone_else"),
        follow_ups=patterns(phrases.follow_ups, "follow_ups"),
        loss=patterns(phrases.loss, "loss"),
        typo_words=tuple(phrases.typo_words),
        run_together=tuple(phrases.run_together),
        own_risk=patterns(phrases.own_risk, "own_risk"),
        feelings=patterns(phrases.feelings, "feelings"),
        feelings_guard=patterns(phrases.feelings_guard, "feelings_guard"),
    )


_Fail = Callable[[str, str], ValueError]


def _check_variants(spellings: Mapping[str, list[str]], fail: _Fail) -> tuple[tuple[str, str], ...]:
    """Each variant rewrites to one canonical spelling, never to itself."""
    owner: dict[str, str] = {}
    for canonical, variants in spellings.items():
        where = f"spellings.{canonical}"
        for variant in variants:
            if variant == canonical:
                raise fail(where, f"variant {variant!r} is the canonical spelling itself")
            if variant in owner and owner[variant] != canonical:
                raise fail(where, f"variant {variant!r} is also listed under {owner[variant]!r}")
            owner[variant] = canonical
    return tuple(owner.items())


def _resolve_pieces(raw: Mapping[str, str], fail: _Fail) -> dict[str, str]:
    """Each piece with the pieces it names filled in (a piece may not name itself)."""
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


def combine(patterns: Iterable[str], compile: Compile = re.compile) -> re.Pattern[str]:
    """One regular expression matching any of ``patterns`` on whole words (the detector's form)."""
    return compile(r"\b(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\b")


def _matches_empty(compiled: re.Pattern[str]) -> bool:
    return compiled.fullmatch("") is not None or any(m.end() == m.start() for m in compiled.finditer("a . b"))


def _check_compiled(patterns: list[str], originals: list[str], where: str, fail: _Fail,
                    compile: Compile = re.compile) -> None:
    """Compile a list once, as the detector will (``compile`` keeps it for the detector);
    only when that fails is each pattern compiled alone, to name the one at fault."""
    if not patterns:
        return
    try:
        if not _matches_empty(combine(patterns, compile)):
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

