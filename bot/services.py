"""What every flow may use: knowledge, understanding, residency rules, notices, settings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from bot.config import CoreConfig
from bot.knowledge import KnowledgeBase, load_knowledge
from bot.notices import NoticeWriter
from bot.language.residence import residence_from_code
from bot.safety import CrisisDetector, default_detector
from bot.language.intents import IntentClassifier


class ContentError(ValueError):
    """A content file (knowledge, crisis phrases) is broken; the message is one line."""


@dataclass(frozen=True)
class Services:
    config: CoreConfig
    knowledge: KnowledgeBase
    classifier: IntentClassifier
    detector: CrisisDetector
    notices: NoticeWriter

    @classmethod
    def build(cls, config: CoreConfig, knowledge: KnowledgeBase | None = None) -> Services:
        try:
            kb = knowledge or load_knowledge()
            detector = default_detector()
        except ValueError as error:  # KnowledgeError, or the crisis phrase file's own
            raise ContentError(" ".join(str(error).split())) from None
        return cls(config=config, knowledge=kb, classifier=IntentClassifier(kb),
                   detector=detector,
                   notices=NoticeWriter(reference_only=config.notices_reference_only))

    @cached_property
    def eligible_states_text(self) -> str:
        """'Florida, New Jersey and New York' from the configured codes."""
        names = sorted(r.name for code in self.config.eligible_states
                       if (r := residence_from_code(code)) is not None)
        if len(names) <= 1:
            return "".join(names)
        return ", ".join(names[:-1]) + " and " + names[-1]

    def answer(self, intent_id: str) -> str | None:
        return self.knowledge.answer(intent_id, eligible_states=self.eligible_states_text,
                                     min_age=self.config.min_age)
