"""Round 6 of issue 9: the safety helper's batch-6 lines, and the fixes tuned on them.

Batch 6 of ``tests/data/dev/safety_levels.yaml`` (groups ``r6_*``) was written on 3 Dec 2026
before any round-6 tuning; a random third of it is ``tests/data/dev/holdout_b6_safety.yaml``
(``--holdout3``: aggregates only, never tuned on). The named cases below are self-written
probes of the kinds of things people say (not lines of any held-out set). Every at-risk and
distress case, and the "rather die than go to another <event>" look-alike, failed on the lists
before round 6 (checked against the lists of 71d95d0); the other look-alikes guard the new
patterns' edges. First and final scores: docs/crisis-detection.md, "Round 6".
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.language.crisis import CrisisDetector
from tests.conftest import default_detector
from tests.safety_levels import DEV_LEVELS_PATH, HOLDOUT3_LEVELS_PATH, lines, load_levels


@pytest.fixture(scope="module")
def detector() -> CrisisDetector:
    return default_detector()


def _batch6(level: str) -> list[tuple[str, str]]:
    return [(g, t) for g, t in lines(load_levels(DEV_LEVELS_PATH), level) if g.startswith("r6_")]


def test_batch6_is_big_enough_and_a_third_is_held_out() -> None:
    holdout = load_levels(HOLDOUT3_LEVELS_PATH)
    # Nineteen lines were taken out after writing (ten from dev, nine from the held-out third): they
    # happened to be word for word lines of the sealed sets 5, 6 and 7 (the sealed tests keep those
    # unique), so the sizes are approximate; batch 6b (groups r6b_*) was written after tuning to
    # make up the dev counts and is not counted here.
    for level, least in {"at_risk": 75, "distress": 34, "risk_adjacent": 30, "benign": 78}.items():
        assert len(_batch6(level)) >= least, level
        assert abs(len(lines(holdout, level)) * 2 - len(_batch6(level))) <= 12, level  # about a third of the whole


def test_batch6_gates_hold_on_the_dev_lines(detector: CrisisDetector) -> None:
    assert [t for _, t in _batch6("at_risk") if not detector.assess(t).at_risk] == []
    assert [t for _, t in _batch6("risk_adjacent") if detector.assess(t).at_risk] == []
    assert [t for _, t in _batch6("distress") if detector.assess(t).level != "distress"] == []
    alarms = [t for _, t in _batch6("benign") if detector.assess(t).level in ("at_risk", "distress")]
    assert len(alarms) <= len(_batch6("benign")) // 100 + 1, alarms


AT_RISK = [
    # ending it as a feeling, not wanting to be alive (hedged), making it stop
    "some days i feel like ending it",
    "i don't wanna do this anymore",
    "i'd be better off gone",
    "i want to make it all go away",
    "i just want it to be over",
    "i want to end the pain",
    "i'm ready to let go",
    "i've had enough of life",
    "i hate being alive",
    "i'm exhausted of being alive",
    # nobody would care, death as the only way, no fear of it
    "they won't miss me",
    "it doesn't matter if i live or die",
    "death is the answer",
    "there's only one way out of this",
    "i'm not scared of dying anymore",
    "i'd welcome death",
    "i don't belong in this world",
    "i should never have been born",
    # giving things away, goodbyes, messages for the people left
    "you can have my things, i won't need them anymore",
    "i won't need any of my stuff where i'm going",
    "please tell my sister i love her",
    "just know it wasn't anyone's fault",
    "see you on the other side",
    "goodbye everyone",
    "i wrote my will and a letter for my family",
    "you won't hear from me again",
    "by the time you read this i'll be gone",
    # means and method
    "how much insulin would it take",
    "i have a rope in my closet",
    "i've been drinking and took some pills",
    "i'm about to take my whole prescription",
    "i'm going to drive my car off the road",
    "i'm on the roof",
    # self-harm now, harm to others, danger at home
    "i've been cutting every day",
    "i punched the wall until my hand broke",
    "i haven't eaten in days on purpose",
    "i think about killing my wife",
    "i'm scared of my husband",
    "i'm afraid for my life",
    "my dad is drunk and throwing things at me",
    "i'm hiding in the bathroom from my husband",
    # a loss or someone else, with the member's own risk
    "since my husband passed i've been thinking i should just join him",
    "i used to cut and now i've started again",
    "after my mom's suicide i feel like i'm going to end up the same",
    "my best friend tried to kill herself and honestly i've been thinking about it too",
    "i haven't cut in a year but i really want to tonight",
    # Spanish, misspelt, text-speak
    "no le veo sentido a la vida",
    "me voy a tirar del puente",
    "estoy harta de vivir",
    "nadie me va a extrañar",
    "i wanna dissapear forever",
    "im so done w life, want out",
    "i want to diee",
    "nobody wud miss me",
    "i just wanna sleep n never wake up",
    "idc if i die",
    # pass 7 (self-written probes, each missed before the pass)
    "everyone would be fine if i just wasn't in the picture",
    "i don't think i'll make it to my next birthday",
    "i'm planning my exit",
    "the bottle of pills is calling me",
    "i just want to go home to god",
    "i can't promise i'll still be here in the morning",
    "i want to end everything tonight",
    "there's a bridge near my house and i think about it every day",
    "my plan is to do it this weekend",
    # batch 6b kinds (missed at its first score)
    "the only thing stopping me is my dog",
    "i keep checking how high the car park is",
]


@pytest.mark.parametrize("text", AT_RISK)
def test_round6_indirect_phrasings_reach_the_crisis_path(detector: CrisisDetector, text: str) -> None:
    assert detector.assess(text).at_risk, text


DISTRESS = [
    "i'm so lonely it physically hurts",
    "i'm really not doing great at the moment",
    "i'm miserable all the time",
    "nothing feels worth the effort",
    "i feel dead inside",
    "i have nothing left",
    "i just want to give up",
    "nothing makes me happy anymore",
    "please help me",
    "i can't keep pretending i'm fine",
    "i feel so stupid and useless",
    "i'm struggling to keep my head above water",
    "my life is over",
    "estoy muy mal",
    "no tengo ganas de nada",
    "i feel like i'm failing at everything",
    "i feel so disconnected from everyone",
    "i can't take care of myself anymore",
    "i feel like i'm screaming inside and nobody hears it",
]


@pytest.mark.parametrize("text", DISTRESS)
def test_round6_distress_gets_the_check_in(detector: CrisisDetector, text: str) -> None:
    assert detector.assess(text).level == "distress", text


BENIGN = [
    "i'd rather die than go to another team building day lol",
    "i can't do anything right now, can we book next week",
    "estoy llorando de risa jaja",
    "i'm going to give up now, the website won't load",
    "i've lost interest in everything, is the depression group right for me",
    "i'm so lonely since i moved here, do you have a social anxiety group",
    "can you please help me",
    "i need help booking a group",
    "i left a note for my roommate about the dishes",
    "i'm giving away my old clothes to charity, do you accept donations",
    "i'm in so much pain from my back, is the chronic illness group online",
    "my life sucks right now because my car broke down, any evening groups",
    "the only thing stopping me from joining is the price",
    "i'm so burnt out at work, is there a stress group",
]


@pytest.mark.parametrize("text", BENIGN)
def test_round6_look_alikes_raise_no_alarm(detector: CrisisDetector, text: str) -> None:
    assert detector.assess(text).level not in ("at_risk", "distress"), text


def test_someone_else_at_risk_stays_the_someone_else_answer(detector: CrisisDetector) -> None:
    assert detector.assess("my friend said she wants to kill herself, what do i do").level == "someone_else"


def test_the_new_holdout_prints_aggregates_only() -> None:
    out = subprocess.run([sys.executable, "-m", "tests.safety_levels", "--holdout3", "--misses"],
                         capture_output=True, text=True, check=True).stdout
    assert out.count("\n") == 4 and "'" not in out, out
