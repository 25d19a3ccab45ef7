"""The net under the crisis phrase lists (bot/language/crisis/net.py), through the core: a
message about being alive, waking up, a way out or feeling low that the bot cannot otherwise
read gets the distress check-in, which asks directly; it never pages anyone by itself.

The at-risk lines are the audit's misses of 2 Dec 2026 (before: a wrong answer, the state
question or "Sorry, I didn't follow")."""

from __future__ import annotations

import pytest

from tests.chat import Chat
from tests.fakes import FakeStore

#: Read as at risk by the phrase lists since round 5 (safety helper), like "tired of being alive":
#: the crisis path, the safer level; the net never sees them.
AT_RISK_NOW = ["i'm sick of being alive", "i'm sick of living"]
MISSED_BEFORE = ["i don't see a reason to wake up tomorrow",
                 "i need a way out, permanently", "feeling really low today", "i'm exhausted and numb all the time",
                 "i just cry all day", "i'm drowning here"]


def _urgent(store: FakeStore) -> list[str]:
    return [t for t in store.staff_texts() if "URGENT" in t]


@pytest.mark.parametrize("text", MISSED_BEFORE)
async def test_unread_words_about_living_or_feeling_low_get_the_check_in(
        chat: Chat, store: FakeStore, text: str) -> None:
    out = await chat.say(text)
    assert out.intent == "distress_checkin"
    assert "harming yourself" in chat.text and "Yes, I am" in chat.labels
    assert not _urgent(store)
    await chat.press("Yes, I am")
    assert "988" in chat.text and _urgent(store)


@pytest.mark.parametrize("text", ["my phone is dying", "this job is killing me", "i'm dead tired",
                                  "i'd kill for a coffee", "lmao i'm crying this is so funny",
                                  "i'm drowning in paperwork this week", "what's the point of therapy",
                                  "can i cancel my booking for good", "i want to end my subscription"])
async def test_figures_of_speech_and_questions_we_read_are_not_asked(chat: Chat, store: FakeStore, text: str) -> None:
    out = await chat.say(text)
    assert out.intent != "distress_checkin"
    assert "harming yourself" not in chat.text and not _urgent(store)


@pytest.mark.parametrize("text", AT_RISK_NOW)
async def test_sick_of_being_alive_takes_the_crisis_path(chat: Chat, store: FakeStore, text: str) -> None:
    await chat.say(text)
    assert "988" in chat.text and _urgent(store)
