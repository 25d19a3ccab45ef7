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
* ``none``.

Anything ambiguous goes to the safer level: a message with both a past loss and
present intent is at risk, and distress outranks risk-adjacent. It is a safety
net, not a clinical assessment. Pure Python; no I/O beyond reading the phrase file.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

from bot.language.crisis.normalise import Respeller, crisis_readings
from bot.language.crisis.phrases import CrisisPhrases, RiskCategory, load_crisis_phrases
from bot.language.crisis.prefilter import Prefilter

RiskLevel = Literal["at_risk", "adjacent", "distress", "none"]
_RANK: Final[dict[str, int]] = {"none": 0, "adjacent": 1, "distress": 2, "at_risk": 3}


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


_NOT_AT_RISK: Final = RiskAssessment(at_risk=False, category=None)
_DISTRESS: Final = RiskAssessment(at_risk=False, category=None, level="distress")


class CrisisDetector:
    """Assesses member messages against a set of crisis phrases.

    Every category's patterns are compiled once into one regular expression; a
    cheap pre-filter (``Prefilter``) settles most messages before any of them runs.
    """

    __slots__ = ("_adjacent", "_categories", "_distress", "_distress_emoji", "_laughter",
                 "_laughter_emoji", "_mask", "_prefilter", "_present", "_respell", "phrases")

    def __init__(self, phrases: CrisisPhrases) -> None:
        self.phrases = phrases
        self._categories: tuple[tuple[RiskCategory, re.Pattern[str]], ...] = tuple(
            (category.name, _combine(category.patterns)) for category in phrases.categories
        )
        self._prefilter = Prefilter(p for category in phrases.categories for p in category.patterns)
        masks = (*phrases.figurative, *phrases.denials)
        self._mask = _combine(masks) if masks else None
        self._adjacent = _combine(phrases.adjacent) if phrases.adjacent else None
        self._present = _combine(phrases.present) if phrases.present else None
        self._distress = _combine(phrases.distress) if phrases.distress else None
        self._laughter = _combine(phrases.laughter) if phrases.laughter else None
        self._distress_emoji = frozenset(phrases.distress_emoji)
        self._laughter_emoji = frozenset(phrases.laughter_emoji)
        self._respell = Respeller(phrases.spellings)

    def normalise(self, text: str) -> tuple[str, ...]:
        """The normalised reading(s) of ``text`` that the patterns are matched against."""
        return crisis_readings(text, self._respell)

    def assess(self, text: str) -> RiskAssessment:
        """Which of the four levels this message signals (see the module docstring)."""
        if not text or text.isspace():
            return _NOT_AT_RISK
        readings = self.normalise(text)
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
        return best

    def _assess_reading(self, reading: str) -> RiskAssessment:
        masked = reading
        if self._prefilter.maybe(reading) and self._first_category(reading) is not None:
            if self._mask is not None:
                masked = _blank(self._mask, reading)
            category = self._first_category(masked)
            if category is not None:
                framed = self._outside_adjacent(masked)
                if framed is None:
                    return RiskAssessment(at_risk=True, category=category)
                if self._distressed(framed):
                    return _DISTRESS
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
        return framed

    def _distressed(self, reading: str) -> bool:
        """Distress phrases, unless the message is laughing ("lmao i'm crying")."""
        if self._distress is None or self._distress.search(reading) is None:
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


def _blank(pattern: re.Pattern[str], reading: str) -> str:
    return " ".join(pattern.sub(" . ", reading).split())


def _combine(patterns: Iterable[str]) -> re.Pattern[str]:
    """One regular expression matching any of ``patterns`` on whole words."""
    return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\b")


@functools.cache
def default_detector() -> CrisisDetector:
    """The detector for the published ``bot/content/crisis.yaml`` (loaded once)."""
    return CrisisDetector(load_crisis_phrases())


def normalise(text: str) -> str:
    """The primary normalised reading of ``text`` under the published spellings table."""
    readings = default_detector().normalise(text)
    return readings[0] if readings else ""
