"""The regex pre-filter: one cheap expression that settles most messages at once.

Most messages match no crisis pattern. Instead of running every category's full
expression on them, ``Prefilter`` works out which letters each pattern can start
with (its first one to three characters, read from the regular expression itself)
and compiles one small alternation of those prefixes. A message none of whose
words starts like any pattern cannot match, so the detector stops there. The
pre-filter may say "maybe" too often, never "no" wrongly: a pattern whose start
cannot be worked out makes it always say "maybe".

This replaced a search-optimised expression that cost about 0.3 s of CPU to compile
at every start (the largest single part of start-up); this one compiles in a few
milliseconds. It is coarse (three-letter prefixes such as "how" or "the" pass), so a
typical message still runs the category expressions: about 0.1 ms a message.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable
from typing import Any, Final

_re_parser: Any = importlib.import_module("re._parser")
_PREFIX_LENGTH: Final = 3
_PREFIX_CAP: Final = 4000
#: The expression when some pattern's start cannot be worked out: every text may match.
_ALWAYS: Final = r"(?:)"
#: ``remember(inputs, build)``: ``build()``, or what it returned for the same inputs before.
Remember = Callable[[tuple[str, ...], Callable[[], str]], str]


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



class Prefilter:
    """``maybe(text)`` is False only when no pattern can match ``text``."""

    __slots__ = ("_always", "_regex")

    def __init__(self, patterns: Iterable[str], *, remember: Remember | None = None,
                 compile: Callable[[str], re.Pattern[str]] = re.compile) -> None:
        """``remember(patterns, build)`` may keep the expression built from ``patterns``
        between processes (working it out reads every pattern again: about 0.1 s)."""
        listed = tuple(patterns)
        expression = remember(listed, lambda: _expression(listed)) if remember else _expression(listed)
        self._always = expression == _ALWAYS
        self._regex = compile(expression)

    def maybe(self, text: str) -> bool:
        """False only when no pattern can match ``text``."""
        return self._always or self._regex.search(text) is not None


def _expression(patterns: Iterable[str]) -> str:
    """One alternation of every pattern's possible starts, or ``_ALWAYS`` when one start is unknown."""
    prefixes: set[str] = set()
    for pattern in patterns:
        classes = _prefix_classes(pattern)
        if not classes:
            return _ALWAYS
        prefixes.add("".join(_char_class(chars) for chars in classes))
    return r"\b(?:" + ("|".join(sorted(prefixes)) or "(?!)") + ")"


def _char_class(chars: Iterable[str]) -> str:
    ordered = sorted(chars)
    if len(ordered) == 1:
        return re.escape(ordered[0])
    return "[" + "".join("\\" + ch if ch in "\\]^-[" else ch for ch in ordered) + "]"
