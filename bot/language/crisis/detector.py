"""Deciding what one message signals: at risk now, risk-adjacent, distress, or nothing.

``CrisisDetector.assess`` reads a message against the published phrase lists
(``bot/content/crisis.yaml``, see ``docs/crisis-detection.md``) and returns a
``RiskAssessment`` with one of four levels:

* ``at_risk``: present intent, a plan, means, self-harm now, danger at home, harm
  to others: the crisis path (reply, urgent staff page, risk flag);
* ``adjacent``: every at-risk phrase in the message sits inside a risk-adjacent
  context (a loss to suicide, someone else, a professional, a question about how
  groups handle it, the clearly past, negated intrusive thoughts) and nothing
  signals danger now: one gentle line of resources, then the question answered;
* ``distress``: distress without a stated risk ("hopeless", "can't cope", crying
  emoji): a check-in that asks directly about self-harm;
* ``someone_else``: someone else is at risk now ("my friend said she wants to end
  her life, what do i do") and nothing in the message is the member's own risk: an
  answer on how to help them (988 serves people worried about someone; 911 in
  immediate danger), no urgent page and no risk flag on the member;
* ``none``.

Typos and run-together words in the key phrases ("i wnat to die", "iwanttodie")
are read through one extra reading (``bot.language.crisis.typos``).
``follow_up`` and ``mentions_loss`` give the core what it needs for context across
two messages ("I lost my brother ..." then "sometimes I think about joining him").

Anything ambiguous goes to the safer level: a message with both a past loss and
present intent is at risk, and distress outranks risk-adjacent. It is a safety
net, not a clinical assessment. Pure Python; no I/O beyond reading the phrase file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

from bot.language.crisis.readings import Respeller, crisis_readings
from bot.language.crisis.phrases import Compile, CrisisPhrases, RiskCategory, combine, load_crisis_phrases
from bot.language.crisis.prefilter import Prefilter, Remember
from bot.language.crisis.typos import TypoReader

#: Letters spelled out with spaces or dots, three or more ("i w a n t  t o  d i e", "d.i.e", "k-i-l-l"):
#: joined into one token for an extra reading (tester #7), which run-together splitting then reads.
_SPELLED: Final = re.compile(r"(?<![^\W\d_])[a-z](?:(?: {1,2}|[.\-*_] ?)[a-z](?![^\W\d_])){2,}")

#: The member asks how to help ("what should i do", "how do i help"): with someone else at
#: risk now beside a risk-adjacent context, the someone-else reply fits better.
_HELP_ASKED: Final = re.compile(r"\b(?:what (?:should|do|can) i do|how (?:do|can|should) i help|what do i do)\b")
RiskLevel = Literal["at_risk", "adjacent", "someone_else", "distress", "none"]
_RANK: Final[dict[str, int]] = {"none": 0, "adjacent": 1, "someone_else": 2, "distress": 3, "at_risk": 4}


@dataclass(frozen=True, slots=True)
class RiskAssessment:
    """What the detector concluded about one message.

    ``at_risk`` is True only for the at-risk level; ``category`` names the risk
    phrase that matched (also for a risk-adjacent message); ``level`` defaults
    from ``at_risk`` so ``RiskAssessment(at_risk=True, category="suicide")`` reads
    as it always did.
    """

    at_risk: bool
    category: RiskCategory | None
    level: RiskLevel | None = None

    def __post_init__(self) -> None:
        if self.level is None:
            object.__setattr__(self, "level", "at_risk" if self.at_risk else "none")


# The member's own risk beside someone else's: "... and honestly me too", "so do i".
_ME_TOO: Final = re.compile(r"\b(?:(?:me|i) (?:too|as well|also)|so do i|same here|i do too|i feel the same)\b")
_NOT_AT_RISK: Final = RiskAssessment(at_risk=False, category=None)
_DISTRESS: Final = RiskAssessment(at_risk=False, category=None, level="distress")


class CrisisDetector:
    """Assesses member messages against a set of crisis phrases.

    Every category's patterns are compiled once into one regular expression; a
    cheap pre-filter (``Prefilter``) settles most messages before any of them runs.
    """

    __slots__ = ("_adjacent", "_categories", "_distress", "_distress_emoji", "_feelings", "_feelings_guard",
                 "_follow_ups", "_harm_emoji", "_laughter", "_laughter_emoji", "_loss", "_mask", "_own_risk", "_prefilter", "_present", "_denials",
                 "_respell", "_someone_else", "_typos", "phrases")

    def __init__(self, phrases: CrisisPhrases, *, compile: Compile = re.compile,
                 remember: Remember | None = None) -> None:
        """``compile`` as given to ``load_crisis_phrases`` (it then finds the lists compiled);
        ``remember`` keeps the pre-filter's expression between processes (see ``Prefilter``)."""
        self.phrases = phrases

        def combined(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
            return combine(patterns, compile) if patterns else None

        self._categories: tuple[tuple[RiskCategory, re.Pattern[str]], ...] = tuple(
            (category.name, combine(category.patterns, compile)) for category in phrases.categories
        )
        self._prefilter = Prefilter((p for category in phrases.categories for p in category.patterns),
                                   remember=remember, compile=compile)
        self._mask = combined(phrases.figurative)
        self._denials = combined(phrases.denials)
        self._adjacent = combined(phrases.adjacent)
        self._present = combined(phrases.present)
        self._own_risk = combined(phrases.own_risk)
        self._distress = combined(phrases.distress)
        self._feelings = combined(phrases.feelings)
        self._feelings_guard = combined(phrases.feelings_guard)
        self._laughter = combined(phrases.laughter)
        self._distress_emoji = frozenset(phrases.distress_emoji)
        self._laughter_emoji = frozenset(phrases.laughter_emoji)
        self._harm_emoji = frozenset(phrases.harm_emoji)
        self._respell = Respeller(phrases.spellings)
        self._someone_else = combined(phrases.someone_else)
        self._follow_ups = combined(phrases.follow_ups)
        self._loss = combined(phrases.loss)
        self._typos = TypoReader(phrases.typo_words, phrases.run_together)

    def readings(self, text: str) -> tuple[str, ...]:
        """The normalised reading(s) of ``text`` that the patterns are matched against."""
        return crisis_readings(text, self._respell)

    def assess(self, text: str) -> RiskAssessment:
        """Which of the four levels this message signals (see the module docstring)."""
        if not text or text.isspace():
            return _NOT_AT_RISK
        readings = self._with_typos(self.readings(text))
        joined = _SPELLED.sub(_join_letters, text.lower())
        if joined != text.lower():
            readings += tuple(r for r in self._with_typos(self.readings(joined)) if r not in readings)
        best = _NOT_AT_RISK
        for reading in readings:
            result = self._assess_reading(reading)
            if result.at_risk:
                return result
            if _RANK[result.level or "none"] > _RANK[best.level or "none"]:
                best = result
        if best.level == "distress" and not self._laughter_emoji.isdisjoint(text):
            return _NOT_AT_RISK if best.category is None else best
        if best.level != "distress" and self._crying(text, readings):
            return _DISTRESS
        if best.level == "none" and self._harm_only(text):
            return _DISTRESS  # "🔪🩸": ask directly rather than not follow
        return best

    def _harm_only(self, text: str) -> bool:
        """A message of emoji alone with a knife, blood or pills in it, and no laughter."""
        return (not self._harm_emoji.isdisjoint(text) and self._laughter_emoji.isdisjoint(text)
                and not any(ch.isalnum() for ch in text))

    def _with_typos(self, readings: tuple[str, ...]) -> tuple[str, ...]:
        """The readings plus their typo-fixed forms ("i wnat to die", "iwanttodie")."""
        extra = [self._respell(fixed) for r in readings if (fixed := self._typos.reading(r)) is not None]
        return readings + tuple(r for r in extra if r not in readings) if extra else readings

    def follow_up(self, text: str) -> bool:
        """A follow-up that is at risk after a loss or a risky turn ("joining him", "i have a plan")."""
        if self._follow_ups is None or not text:
            return False
        return any(self._follow_ups.search(r) for r in self._with_typos(self.readings(text)))

    def mentions_loss(self, text: str) -> bool:
        """The message speaks of a death or a loss ("I lost my brother", "since my mom died")."""
        if self._loss is None or not text:
            return False
        return any(self._loss.search(r) for r in self.readings(text))

    def _assess_reading(self, reading: str) -> RiskAssessment:
        masked = reading
        if self._prefilter.maybe(reading) and self._first_category(reading) is not None:
            if self._mask is not None:
                masked = _blank(self._mask, reading)
            denied = self._first_category(masked) if self._denials is not None else None
            if denied is not None and self._denials is not None:
                masked = _blank(self._denials, masked)
            category = self._first_category(masked)
            if category is None and denied is not None and masked != reading:
                # an explicit denial was the only risk ("no thoughts of suicide, just burnout"): risk-adjacent
                if self._distressed(masked):
                    return _DISTRESS
                return RiskAssessment(at_risk=False, category=denied, level="adjacent")
            if category is not None:
                framed = self._outside_adjacent(masked)
                if framed is None:
                    if self._about_someone_else(masked):
                        if self._distressed(masked):
                            return _DISTRESS
                        return RiskAssessment(at_risk=False, category=category, level="someone_else")
                    return RiskAssessment(at_risk=True, category=category)
                if self._distressed(framed):
                    return _DISTRESS
                if _HELP_ASKED.search(masked) and self._about_someone_else(masked):
                    # "my son has been cutting himself, what do i do": how to help them, now
                    return RiskAssessment(at_risk=False, category=category, level="someone_else")
                return RiskAssessment(at_risk=False, category=category, level="adjacent")
        return _DISTRESS if self._distressed(masked) else _NOT_AT_RISK

    def _outside_adjacent(self, reading: str) -> str | None:
        """The reading with risk-adjacent contexts blanked, or None if it is still at risk."""
        if self._adjacent is None:
            return None
        framed, found = self._adjacent.subn(" . ", reading)
        if not found:
            return None
        if self._present is not None and self._present.search(reading):
            return None  # danger now, whatever the context
        framed = " ".join(framed.split())
        if self._first_category(framed) is not None:
            return None  # something at risk outside every context
        if self._own_risk is not None and self._own_risk.search(framed):
            return None  # the member's own risk beside the context ("... and i'm next")
        return framed

    def _about_someone_else(self, reading: str) -> bool:
        """Every at-risk phrase is about someone else at risk now, none about the member."""
        if self._someone_else is None:
            return False
        framed, found = self._someone_else.subn(" . ", reading)
        if not found or _ME_TOO.search(framed):
            return False
        if self._own_risk is not None and self._own_risk.search(framed):
            return False  # the member's own risk beside theirs ("... i've been thinking about it too")
        return self._first_category(" ".join(framed.split())) is None

    def _distressed(self, reading: str) -> bool:
        """Distress phrases, or a feeling with nothing beside it that the bot can answer or that
        explains it away (``feelings``, ``feelings_guard``); never when the message is laughing
        ("lmao i'm crying")."""
        if self._distress is not None and self._distress.search(reading) is not None:
            pass
        elif self._feelings is None or self._feelings.search(reading) is None:
            return False
        elif self._feelings_guard is not None and self._feelings_guard.search(reading) is not None:
            return False
        return self._laughter is None or self._laughter.search(reading) is None

    def _crying(self, text: str, readings: Iterable[str]) -> bool:
        """Crying emoji count as distress, unless the message is laughing."""
        if not self._distress_emoji or self._distress_emoji.isdisjoint(text):
            return False
        if not self._laughter_emoji.isdisjoint(text):
            return False
        return self._laughter is None or not any(self._laughter.search(r) for r in readings)

    def _first_category(self, reading: str) -> RiskCategory | None:
        for name, pattern in self._categories:
            if pattern.search(reading):
                return name
        return None


def _join_letters(match: re.Match[str]) -> str:
    return "".join(ch for ch in match.group(0) if ch.isalpha())


def _blank(pattern: re.Pattern[str], reading: str) -> str:
    return " ".join(pattern.sub(" . ", reading).split())




def load_detector(*, compile: Compile = re.compile, remember: Remember | None = None) -> CrisisDetector:
    """A detector for the published ``bot/content/crisis.yaml`` (the composition root loads it
    once, with its cache of compiled patterns as ``compile`` and ``remember``)."""
    return CrisisDetector(load_crisis_phrases(compile=compile), compile=compile, remember=remember)
