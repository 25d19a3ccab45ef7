"""Crisis phrases: the published lists, their normalisation, the pre-filter and the detector."""

from bot.language.crisis.context import looks_spanish, mentions_military, named_place
from bot.language.crisis.detector import (
    CrisisDetector,
    RiskAssessment,
    RiskLevel,
    load_detector,
)
from bot.language.crisis.phrases import (
    CATEGORIES,
    DEFAULT_PHRASES_PATH,
    CategoryPhrases,
    CrisisPhrases,
    RiskCategory,
    load_crisis_phrases,
)

__all__ = [
    "CATEGORIES",
    "DEFAULT_PHRASES_PATH",
    "CategoryPhrases",
    "CrisisDetector",
    "CrisisPhrases",
    "RiskAssessment",
    "RiskCategory",
    "RiskLevel",
    "load_detector",
    "load_crisis_phrases",
    "looks_spanish",
    "mentions_military",
    "named_place",
]
