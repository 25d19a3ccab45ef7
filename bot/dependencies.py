"""The core's dependencies: what every flow may use (knowledge, understanding, residency rules,
notices, settings), handed in by the composition root. Not a service layer: no use cases here.

Built by adapters/wiring.py from content it has loaded; nothing here loads files or
keeps module state.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from bot.config import CoreConfig
from bot.identity import MemberRefs
from bot.knowledge import KnowledgeBase
from bot.language.intents import IntentClassifier, Understanding
from bot.language.memo import UnderstandingMemo
from bot.language.places import PlaceIndex
from bot.language.residence import residence_from_code
from bot.notices import NoticeWriter
from bot.safety import CrisisDetector


@dataclass(frozen=True)
class Dependencies:
    config: CoreConfig
    knowledge: KnowledgeBase
    classifier: IntentClassifier
    detector: CrisisDetector
    notices: NoticeWriter
    refs: MemberRefs
    places: PlaceIndex

    @cached_property
    def eligible_states_text(self) -> str:
        """'Florida, New Jersey and New York' from the configured codes."""
        names = sorted(r.name for code in self.config.eligible_states
                       if (r := residence_from_code(code)) is not None)
        if len(names) <= 1:
            return "".join(names)
        return ", ".join(names[:-1]) + " and " + names[-1]

    @cached_property
    def _understanding(self) -> UnderstandingMemo:
        return UnderstandingMemo(self.classifier)

    def understand(self, text: str) -> Understanding:
        """What the text asks for (scored once per recent text: see bot.language.memo)."""
        return self._understanding.understand(text)

    def answer(self, intent_id: str) -> str | None:
        return self.knowledge.answer(intent_id, eligible_states=self.eligible_states_text,
                                     min_age=self.config.min_age)
