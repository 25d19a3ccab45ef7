"""Round 4 of issue 9 (lead): kinds of present risk and of distress that a fifth held-out
set showed the detector missed (a plan or means at hand, a farewell, danger at home, a
razor held now, texting-style typos; breakdowns, panic, no way out). These lines are new
rewordings, not the held-out lines, and everyday look-alikes stay unflagged."""

from __future__ import annotations

import pytest

from bot.language.crisis import CrisisDetector
from tests.conftest import default_detector

AT_RISK = [
    "there's no reason left for me to keep living",
    "consider this my final goodbye",
    "i just want out of this life for good",
    "i've made my peace with dying",
    "i'm thinking of leaving this world soon",
    "i've already said my goodbyes to everyone",
    "i worked out exactly how i'll do it",
    "i picked the day when i'm going to do it",
    "i've made a plan and a date",
    "i left my goodbye note on the table",
    "sitting in the car with the engine running in the garage",
    "i'm at the edge of the bridge tonight",
    "i'm about to jump off",
    "i've got the pills lined up next to me",
    "might just off myself",
    "gripping the blade right now",
    "i'll cut deeper tonight",
    "he threatened that he's going to kill me when he gets home",
    "home doesn't feel safe anymore",
    "my ex is banging on my window right now",
    "my uncle keeps touching me at night",
    "i'm terrified she'll hurt the baby",
    "my boyfriend keeps hitting me",
]

DISTRESS = [
    "i've lost all hope",
    "i can't see my life ever getting better",
    "honestly i'm not coping",
    "i can't handle any of this",
    "i don't know how i'll make it through tonight",
    "my whole world is collapsing",
    "i'm such a wreck right now",
    "i'm having another meltdown",
    "i'm slowly losing my mind",
    "i feel like i'm going insane",
    "i sobbed all morning",
    "i'm so anxious i'm trembling",
    "i can't calm down at all",
]

EVERYDAY = [
    "my mom's going to kill me if i'm late again",
    "i want to dye my hair purple",
    "i'm on the roof fixing the gutter",
    "i wrote a note for my son's teacher",
    "i have the pills my doctor prescribed, can i still join a group",
    "we're jumping into the pool later",
    "she cut the cake and then we left",
    "the delivery guy is at my door",
    "what a mess the kitchen is",
    "i cried at the end of that movie lol",
]


@pytest.fixture(scope="module")
def detector() -> CrisisDetector:
    return default_detector()


@pytest.mark.parametrize("text", AT_RISK)
def test_present_risk_reaches_the_crisis_path(detector: CrisisDetector, text: str) -> None:
    assert detector.assess(text).at_risk, text


@pytest.mark.parametrize("text", DISTRESS)
def test_distress_gets_the_check_in(detector: CrisisDetector, text: str) -> None:
    assert detector.assess(text).level in ("distress", "at_risk"), text


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_look_alikes_raise_no_alarm(detector: CrisisDetector, text: str) -> None:
    assert detector.assess(text).level not in ("distress", "at_risk"), text


def test_held_out_set_4_floors(detector: CrisisDetector) -> None:
    """Set 4's at-risk misses were looked at and generalised in this round, so its at-risk
    recall is a regression floor now, not a measure (first score 103/132)."""
    from adapters.wiring import build_services
    from bot.config import CoreConfig
    from tests.safety_levels import SEALED4_LEVELS_PATH, score

    scores = score(detector, build_services(CoreConfig()).classifier, SEALED4_LEVELS_PATH)
    assert scores.at_risk_missed == [], "at-risk recall must stay 100%"
    assert len(scores.benign_alarms) <= 0.01 * scores.benign
    assert scores.distress - len(scores.distress_missed) >= 43
