"""The understanding memo (bot/language/memo.py): the same text is scored once, and the memo
changes no answer, holds no text, stays bounded and keeps classifiers apart."""

from __future__ import annotations

import dataclasses

from bot.config import CoreConfig
from bot.core import Core
from bot.knowledge import load_knowledge
from bot.language import memo
from bot.language.intents import IntentClassifier, Understanding
from bot.dependencies import Dependencies
from adapters.wiring import build_services
from tests.conftest import PLACES
from tests.chat import Chat
from tests.fakes import FakeClock, FakeStore


class CountingClassifier(IntentClassifier):
    """The real classifier, counting the texts it actually scores."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.scored: list[str] = []

    def understand(self, text: str) -> Understanding:
        self.scored.append(text)
        return super().understand(text)


def counting_services() -> Dependencies:
    base = build_services(CoreConfig(min_age=0), places=PLACES)
    return dataclasses.replace(base, classifier=CountingClassifier(base.knowledge, PLACES))


async def test_a_repeated_message_is_scored_once_and_answered_the_same(store: FakeStore,
                                                                     clock: FakeClock) -> None:
    services = counting_services()
    first, second = Chat(Core(store, clock, services), "u1"), Chat(Core(store, clock, services), "u2")
    await first.say("What are your fees?")
    await second.say("What are your fees?")
    assert services.classifier.scored.count("What are your fees?") == 1  # type: ignore[attr-defined]
    assert second.last is not None and first.last is not None
    assert second.last.intent == first.last.intent and second.last.replies == first.last.replies


def test_results_equal_the_classifier_s_own() -> None:
    classifier = IntentClassifier(load_knowledge(), PLACES)
    reader = memo.UnderstandingMemo(classifier)
    texts = ["hi", "how much does it cost", "I live in NY", "is there a grief group", "asdf qwer",
             "never mind, what do groups cost?", "hi"]
    assert [reader.understand(t) for t in texts] == [classifier.understand(t) for t in texts]


def test_bounded_holds_no_text_and_never_shares_between_classifiers() -> None:
    kb = load_knowledge()
    strict, loose = IntentClassifier(kb, PLACES, threshold=0.9), IntentClassifier(kb, PLACES, threshold=0.0)
    services = build_services(CoreConfig(), places=PLACES)
    one, other = (dataclasses.replace(services, classifier=c) for c in (strict, loose))
    assert one.understand("tell me about groups") == strict.understand("tell me about groups")
    assert other.understand("tell me about groups") == loose.understand("tell me about groups")
    assert strict.understand("tell me about groups") != loose.understand("tell me about groups")
    small = memo.UnderstandingMemo(loose, size=3)
    for n in range(10):
        small.understand(f"question number {n}")
    assert len(small) == 3
    assert all(isinstance(key, bytes) and len(key) == 16 for key in small._entries)  # digests only
    assert small.understand("x" * (memo.MAX_TEXT + 1)) == loose.understand("x" * (memo.MAX_TEXT + 1))
    assert len(small) == 3  # a very long text is not kept
