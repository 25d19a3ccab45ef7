"""Fixes of the language round of 3 Dec 2026 (issue 8), each found on tests/data/dev's sixth
batch. Every test here failed before its fix."""

from __future__ import annotations

import pytest

from bot.knowledge import load_knowledge
from bot.language.intents import IntentClassifier
from bot.language.residence import read_places
from tests.conftest import PLACES


@pytest.fixture(scope="module")
def clf() -> IntentClassifier:
    return IntentClassifier(load_knowledge(), PLACES)


@pytest.mark.parametrize("text", ["we live in the uk", "I'm in the UK", "uk"])
def test_a_two_letter_country_name_is_a_place_abroad(text: str) -> None:
    reading = read_places(text, PLACES)
    assert reading.single is not None and reading.single.kind == "outside_us"


@pytest.mark.parametrize("text", ["pa", "i live in ok"])
def test_two_letter_state_codes_keep_their_own_rules(text: str) -> None:
    assert all(r.kind != "outside_us" for m in read_places(text, PLACES).mentions for r in m.options)


@pytest.mark.parametrize("text", ["what are the hours for cvs"])
def test_everyday_requests_of_round6_are_out_of_scope(clf: IntentClassifier, text: str) -> None:
    assert clf.understand(text).intent is None
