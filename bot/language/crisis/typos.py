"""Typos and run-together words in the crisis key phrases ("i wnat to die", "iwanttodie").

``TypoReader`` makes one extra reading of an already normalised message, or None
when it would not differ:

* a word that is one slip away from a key word (``typo_words`` in crisis.yaml) is
  read as that word: two neighbouring letters swapped ("wnat", "kilL" -> "klil"), or,
  for key words of five letters or more, one letter left out ("myslf", "sucide").
  A variant that is itself a word in the guard list below (or another key word) is
  never rewritten, so "ned", "live" and "tide" stay what they are;
* a long token that contains a run-together key phrase (``run_together``:
  "i want to die" -> "iwanttodie") is split back into its words;
* three or more single letters in a row are read as one word ("i want to d i e").

The extra reading only adds chances to match: the detector checks it alongside
the original, so it can raise recall but a benign message that matched nothing
still matches nothing unless its typo-fixed form is itself a crisis phrase.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

# Real words that are one slip from a key word: never rewritten.
_GUARD: Final = frozenset(
    "ned den ide tide side ended file vile evil veil hurts shut cut cute "
    "want wand wan ant ants wnt nat tan dies died diet dice tied lies live lives "
    "alive olive elf self shelf fell kill kills skill ill pill mill fill will "
    "till hill bill lil dead deed dean dad deaf read lead mead head yself suicida ills gong ding "
    "waned ridge bride exit".split()
)
_MIN_DELETION: Final = 5
_MIN_RUN: Final = 7  # shorter run-together tokens are too easily real words


def _slips(word: str) -> set[str]:
    out = {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)}
    if len(word) >= _MIN_DELETION:
        out |= {word[:i] + word[i + 1:] for i in range(len(word))}
    out.discard(word)
    return out


class TypoReader:
    __slots__ = ("_fixes", "_runs", "_run_pattern")

    def __init__(self, key_words: Iterable[str], run_together: Iterable[str]) -> None:
        keys = [w for w in key_words if w]
        taken = set(keys) | _GUARD
        fixes: dict[str, str] = {}
        clashes: set[str] = set()
        for key in keys:
            for slip in _slips(key):
                if slip in taken:
                    continue
                if slip in fixes and fixes[slip] != key:
                    clashes.add(slip)
                fixes[slip] = key
        for slip in clashes:
            del fixes[slip]
        self._fixes = fixes
        runs = {phrase.replace(" ", ""): phrase for phrase in run_together if " " in phrase}
        self._runs = runs
        self._run_pattern = (re.compile("|".join(sorted(map(re.escape, runs), key=len, reverse=True)))
                             if runs else None)

    def reading(self, reading: str) -> str | None:
        """The typo-fixed reading, or None if nothing changed."""
        words, changed = _spelled_out(reading.split(" "))
        out: list[str] = []
        for word in words:
            fixed = self._fixes.get(word)
            if fixed is None and self._run_pattern is not None and len(word) >= _MIN_RUN:
                split = self._run_pattern.sub(lambda m: f" {self._runs[m.group(0)]} ", word).strip()
                if split != word:
                    fixed = " ".join(self._fix_word(w) for w in split.split())
            if fixed is None:
                out.append(word)
            else:
                out.append(fixed)
                changed = True
        return " ".join(out) if changed else None

    def _fix_word(self, word: str) -> str:
        return self._fixes.get(word, word)

    def run_forms(self) -> tuple[str, ...]:
        return tuple(self._runs)


_MIN_SPELLED: Final = 3


def _spelled_out(words: list[str]) -> tuple[list[str], bool]:
    """Runs of three or more single letters joined into one word: "d i e" -> "die"."""
    out: list[str] = []
    run: list[str] = []
    changed = False
    for word in [*words, ""]:
        if len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        if len(run) >= _MIN_SPELLED:
            out.append("".join(run))
            changed = True
        else:
            out.extend(run)
        run = []
        if word:
            out.append(word)
    return out, changed
