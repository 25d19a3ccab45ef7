"""A turn reads the words of its text once (``normalise.Said``), not once per reader."""

from __future__ import annotations

import sys
from collections import Counter

import pytest

from bot.config import CoreConfig
from bot.core import Core
from bot.language import normalise
from adapters.wiring import build_services
from tests.conftest import PLACES
from tests.chat import Chat
from tests.fakes import FakeClock, FakeStore


def count_words(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Every binding of ``normalise.words`` in the core, counting the texts it splits."""
    seen: Counter[str] = Counter()
    real = normalise.words

    def counted(text: str) -> list[str]:
        seen[text] += 1
        return real(text)

    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("bot."):
            for name in ("words", "plain_words"):
                if getattr(module, name, None) is real:
                    monkeypatch.setattr(module, name, counted)
    return seen


@pytest.mark.parametrize("text", ["What are your fees?", "hmm not sure, the thursday one maybe"])
async def test_a_turn_splits_its_text_into_words_once(text: str, store: FakeStore, clock: FakeClock,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    chat = Chat(Core(store, clock, build_services(CoreConfig(min_age=0), places=PLACES)), "u1")
    await chat.say("hi")
    seen = count_words(monkeypatch)
    await chat.say(text)
    assert chat.last is not None and chat.last.replies
    assert seen[text] <= 2  # the turn's Said, and the classifier (on a memo miss) reading its own
