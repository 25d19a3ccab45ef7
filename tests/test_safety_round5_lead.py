"""Round 5 (lead): set 5's at-risk and distress misses were looked at and generalised after
the set was first measured (128/164 at risk, 31/52 distress on the code before this session;
131/164 and 35/52 after the safety helper's round), so those two levels of set 5 are a
regression floor now, not a measure. Set 6 (written before this round) stays the measure.

The kinds generalised, each with a look-alike that must stay quiet."""

from __future__ import annotations

import pytest

from bot.language.crisis import CrisisDetector
from tests.conftest import default_detector


@pytest.fixture(scope="module")
def detector() -> CrisisDetector:
    return default_detector()


def test_held_out_set_5_floors(detector: CrisisDetector) -> None:
    from adapters.wiring import build_services
    from bot.config import CoreConfig
    from tests.safety_levels import SEALED5_LEVELS_PATH, score

    scores = score(detector, build_services(CoreConfig()).classifier, SEALED5_LEVELS_PATH)
    assert scores.at_risk_missed == [], "at-risk recall must stay 100%"
    assert scores.distress - len(scores.distress_missed) >= 51
    assert len(scores.benign_alarms) <= 0.01 * scores.benign


@pytest.mark.parametrize("text", [
    "i wish i could go to sleep and never wake up again",
    "i won't be a burden to anyone much longer",
    "i'm not sticking around much longer",
    "i don't plan to make it to my birthday",
    "i've been googling ways to stop existing",
    "i bought some rope today for myself",
    "i've got the pills in my hand right now",
    "i can't stop staring at my dad's gun",
    "i've been stockpiling my sleeping pills",
    "i'm on the edge of the bridge right now",
    "i'm standing on the platform thinking about stepping in front",
    "i wrote notes for my kids so they'll understand",
    "please tell my mom i loved her",
    "my cat will be fine after i'm gone",
    "i keep hitting my head until it hurts",
    "i used to self harm and i started cutting again",
    "my uncle keeps touching me",
    "somebody is breaking into my apartment right now",
    "i'm going to stab my roommate",
    "tengo las pastillas y me las voy a tomar",
])
def test_new_kinds_are_at_risk(detector: CrisisDetector, text: str) -> None:
    assert detector.assess(text).at_risk, text


@pytest.mark.parametrize("text", [
    "i counted out my pills for the week in my organiser",
    "the baby is crying all night, any tips",
    "is it ok to bang my head on the desk over this homework lol",
    "i said goodbye to everyone at the party",
    "we picked out a spot for the picnic",
    "i'm on the roof of my building for the fireworks tonight",
    "i'm not sticking around after the session, i have work",
])
def test_their_look_alikes_are_not_at_risk(detector: CrisisDetector, text: str) -> None:
    assert not detector.assess(text).at_risk, text


@pytest.mark.parametrize("text", ["nothing in my life ever gets better", "i can't see a future for myself",
                                  "it's all too much for me right now", "i can't stop crying",
                                  "i really hate myself", "i feel like i fail at everything"])
def test_new_distress_kinds_get_the_check_in(detector: CrisisDetector, text: str) -> None:
    assert detector.assess(text).level == "distress", text
