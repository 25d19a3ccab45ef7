"""Round 7, tester: the crisis-detection bugs of /work/plan/notes/tester.md (#7, #8, #11, #23) and
round 7's tester batch of risk-adjacent lines (safety2, 3 Dec 2026).

Every case below failed on main before this round (1913076) except those marked as guards. The batch
``tests/data/dev/risk_adjacent_b8.yaml`` (tuned on) and its held-out third
``tests/data/dev/holdout5/risk_adjacent.yaml`` (scores only) are scored through the whole core by
``python -m tests.language.live_eval --dev`` / ``--holdout5``. Figures: docs/crisis-detection.md,
"Round 7, tester".
"""

from __future__ import annotations

import pytest

from bot.language.crisis import CrisisDetector
from tests.chat import Chat
from tests.conftest import default_detector
from tests.fakes import FakeStore
from tests.language import live_eval


@pytest.fixture(scope="module")
def detector() -> CrisisDetector:
    return default_detector()


def urgent(store: FakeStore) -> list[str]:
    return [s.item.notice.kind for s in store.data.outbox.values() if s.item.notice.urgent]


# --------------------------------------------------------------------------- #7 spelled out, punctuated

SPELLED = [
    "i w a n t  t o  d i e",  # letters spaced, words split by two spaces
    "i want to d.i.e",
    "i want to d. i. e",
    "k.i.l.l myself",
    "i w a n t t o d i e",
]


@pytest.mark.parametrize("text", SPELLED)
def test_spelled_out_or_punctuated_crisis_words_are_at_risk(detector: CrisisDetector, text: str) -> None:
    assert detector.assess(text).at_risk


@pytest.mark.parametrize("text", ["the u.s.a is big", "a b c d e f", "i got an a in p.e. today",
                                  "d.i.y projects for the weekend"])
def test_spelled_out_look_alikes_stay_benign(detector: CrisisDetector, text: str) -> None:  # guards
    assert detector.assess(text).level == "none"


async def test_punctuated_die_gets_the_crisis_reply_not_a_booking(chat: Chat, store: FakeStore) -> None:
    await chat.say("i want to d.i.e")
    assert chat.last.crisis and urgent(store) == ["crisis"]


# --------------------------------------------------------------------------- #8 denials, the past, professionals

ADJACENT = [
    "i would never hurt myself but i'm really anxious",
    "no thoughts of suicide, just burnout",
    "i used to want to die but that was years ago, im good now",
    "my client is suicidal, can i refer her",
    "i'm a nurse and my patient overdosed, do you have groups for staff",
    "my therapist said i should join a group because of my suicide attempt last year",
    # the same constructions, other words
    "i'd never kill myself but work is crushing me, any evening groups",
    "no thoughts of self harm, just stress at work",
    "i used to want to kill myself but that was a long time ago, i'm doing well now",
    "my patient is suicidal and i want to refer him to a group",
    "i'm a paramedic and my patient overdosed last night, is there a group for responders",
    "my doctor said a group could help after my suicide attempt in 2019",
]


@pytest.mark.parametrize("text", ADJACENT)
def test_denials_the_past_and_professionals_are_risk_adjacent(detector: CrisisDetector, text: str) -> None:
    assert detector.assess(text).level == "adjacent"


AT_RISK_STILL = [
    "i used to want to die and now i do again",
    "i used to want to die years ago and now i do again",
    "i would never hurt myself but sometimes i think about it",
    "i would never hurt myself but i'm scared i might",
    "no thoughts of suicide right now",
    "my suicide attempt last year failed and i'll try again",
    "my patient overdosed and i took some of his pills too",
]


@pytest.mark.parametrize("text", AT_RISK_STILL)
def test_present_risk_beside_a_denial_or_the_past_stays_at_risk(detector: CrisisDetector, text: str) -> None:
    assert detector.assess(text).at_risk  # guards as much as fixes


async def test_a_denial_with_a_clause_gets_the_line_and_no_page(chat: Chat, store: FakeStore) -> None:
    await chat.say("no thoughts of suicide, just burnout")
    assert not chat.last.crisis and urgent(store) == []
    assert "If any of this is weighing on you" in chat.text
    assert not store.data.members["console:u1"].at_risk


async def test_a_clinician_asking_to_refer_is_not_paged(chat: Chat, store: FakeStore) -> None:
    await chat.say("my client is suicidal, can i refer her")
    assert not chat.last.crisis and urgent(store) == []


# --------------------------------------------------------------------------- #11 bereaved passive ideation

# "wish i was with her" after a stated death is passive ideation: at risk (docs: being with someone who
# died). Missing someone without a stated death may be homesickness: the check-in, which asks directly.
BEREAVED_AT_RISK = [
    "since my mom died i wish i was with her",
    "my husband passed away and i just want to be with him",
]
BEREAVED_CHECKIN = [
    "i miss my mom so much i wish i was with her",
    "since my wife passed i dont see the point",
    "i miss my dad so much, i wish i could be with him again",
]


@pytest.mark.parametrize("text", BEREAVED_AT_RISK)
def test_wishing_to_be_with_someone_who_died_is_at_risk(detector: CrisisDetector, text: str) -> None:
    assert detector.assess(text).at_risk


@pytest.mark.parametrize("text", BEREAVED_CHECKIN)
def test_bereaved_passive_ideation_gets_at_least_the_check_in(detector: CrisisDetector, text: str) -> None:
    assert detector.assess(text).level in ("distress", "at_risk")


@pytest.mark.parametrize("text", ["i miss my mom so much, is there a grief group",
                                  "i don't see the point of paying for two groups",
                                  "i wish i was with her at the beach right now"])
def test_bereavement_look_alikes_are_not_checked_in(detector: CrisisDetector, text: str) -> None:  # guards
    assert detector.assess(text).level in ("none", "adjacent")


# --------------------------------------------------------------------------- #23 Spanish distress


async def test_spanish_distress_gets_the_spanish_check_in(chat: Chat) -> None:
    # fixed on main before this round (a guard, not a fix): the tester saw the English-only notice
    await chat.say("estoy muy triste y no sé qué hacer")
    assert chat.last.intent == "distress_checkin" and "¿está pensando en hacerse daño" in chat.text


# --------------------------------------------------------------------------- the tester batch


def test_the_tester_batch_is_wired_and_a_third_is_held_out() -> None:
    dev = live_eval.load("risk_adjacent_b8.yaml", live_eval.DEV)
    held = live_eval.load("risk_adjacent.yaml", live_eval.HOLDOUT5)
    assert len(dev) + len(held) >= 40 and abs(len(held) * 3 - (len(dev) + len(held))) <= 3
    assert "risk_adjacent_b8.yaml" in live_eval.RISK_ADJACENT_FILES
