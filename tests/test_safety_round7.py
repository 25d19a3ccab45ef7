"""Round 7 of issue 9: the safety helper's batch-7 lines, and the fixes tuned on them.

``tests/data/dev/safety_levels_b7.yaml`` was written on 3 Dec 2026 before any round-7 tuning (a
random two thirds, seed 7); the other third is ``tests/data/dev/holdout_b7_safety.yaml``
(``--holdout7``: aggregates only, never tuned on). The named cases below are self-written probes
of the kinds of things people say (not lines of any held-out set): every at-risk and distress case,
and every look-alike except those marked as guards, failed on the lists before round 7
(checked against the lists of 1edd70a). First and final scores: docs/crisis-detection.md, "Round 7".
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.language.crisis import CrisisDetector
from tests.conftest import default_detector
from tests.safety_levels import DEV_B7_LEVELS_PATH, DEV_PATHS, HOLDOUT7_LEVELS_PATH, lines, load_levels


@pytest.fixture(scope="module")
def detector() -> CrisisDetector:
    return default_detector()


def test_batch7_is_big_enough_and_a_third_is_held_out() -> None:
    dev, holdout = load_levels(DEV_B7_LEVELS_PATH), load_levels(HOLDOUT7_LEVELS_PATH)
    # as written (after dropping, by program, lines that were word for word elsewhere in the repo)
    for level, least in {"at_risk": 150, "risk_adjacent": 50, "distress": 60, "benign": 150}.items():
        total = len(lines(dev, level)) + len(lines(holdout, level))
        assert total >= least, level
        assert abs(len(lines(holdout, level)) * 3 - total) <= 3, level  # a third, rounded down


def test_batch7_gates_hold_on_the_dev_lines(detector: CrisisDetector) -> None:
    dev = load_levels(DEV_B7_LEVELS_PATH)
    assert [t for _, t in lines(dev, "at_risk") if not detector.assess(t).at_risk] == []
    assert [t for _, t in lines(dev, "risk_adjacent") if detector.assess(t).at_risk] == []
    assert [t for _, t in lines(dev, "distress") if detector.assess(t).level != "distress"] == []
    assert [t for _, t in lines(dev, "benign") if detector.assess(t).level in ("at_risk", "distress")] == []


AT_RISK = [
    # going and not coming back; the last one; the body stopping
    "gonna drive out to the coast and never come back",
    "i've decided tonight is the last one",
    "i just want my heart to stop beating for good",
    "my family would get more from my life insurance than from me alive",
    # the nerve, everything said, not facing tomorrow, things given away, means "not for" their use
    "i'm just waiting for the courage to do it",
    "i've told my sister everything i needed to say, i'm ready",
    "i'll make sure i don't have to face another morning",
    "i'm giving away my records and guitar to friends",
    "i've been checking train times and it's not for travel",
    # pills ready, the place chosen, a beam, a whole bottle with a time
    "the razors are laid out",
    "i already picked the overpass",
    "tied a belt to the closet rod",
    "my sleeping pills, the whole box, right now",
    # intrusive thoughts wanted; being with someone gone; euphemisms; how much longer alive
    "i get these images of jumping and honestly i kind of want to",
    "i want to go be with my mom, she passed in the spring",
    "i want to be six feet under",
    "i just want to uninstall myself",
    "not sure how much longer i can stay alive",
    # the bug: "i'll" never matched "what i'll do to myself"
    "i'm afraid of what i'll do to myself",
    # waking up, feeling like living, a recent attempt, which meds would kill me
    "i want to stop waking up",
    "i don't feel like living anymore",
    "i almost did it last night",
    "i know which of my pills would kill me",
    "i overdid my insulin on purpose",
    "i'm going to throw myself down the stairs",
    "i've loaded the gun",
    "my dad is drunk and coming at me with a knife",
    "tonight my stepdad said i'm next",
    # text-speak spellings
    "idk how much longer i can stay alive",
    "ion wanna live anymore",
    "sui ideation bad tonight",
    # Spanish
    "pronto ya no voy a estar",
    "ya no quiero seguir",
    "estoy en el balcon y quiero tirarme",
    "es hora de irme de este mundo",
    "mi esposo me va a matar esta noche",
    "ya no le veo sentido a seguir",
    # third probes
    "you'll all be free of me soon",
    "i want to be found dead",
    "i'm doing it tonight",
    "i love you all, i'm sorry, goodbye",
    "i don't trust myself tonight",
    "i'm going to be gone by sunday",
    "me quiero ahogar",
    "voy a saltar del puente",
]
DISTRESS = [
    "i feel invisible and unloved",
    "i feel so unwanted lately",
    "i feel unlovable",
    "my chest feels so heavy",
    "i'm sad every day",
    "so sad today",
    "i haven't felt happy in months",
    "i've been in bed for days",
    "the loneliness won't go away",
    "i'm so heartbroken i can't eat",
    "nothing i do ever makes a difference",
    "i'm tired of being sad",
    "why do i even try",
    "everything feels wrong",
    "i can't get out of this funk",
    "me siento horrible",
    "estoy destrozada",
    "no puedo dejar de llorar",
]
BENIGN = [
    # the guard: a question, passing, an ordinary cause
    # guards (these passed before too): the new feelings list stays quiet beside a question, "doing
    # better", or a cold; a trip; "tried" with no attempt
    "i feel so isolated since the move, is there a social group",
    "i've been feeling isolated but i'm doing better now",
    "i feel miserable with this cold",
    # figurative and near misses
    "i binge watched the show and overdosed on it",
    "i'd rather die than go to karaoke night",
    "if my roommate eats my yogurt again i'll kill her lol",
    "my brother said he'd kill me for borrowing his car",
    "i'd jump off a cliff for a good pizza",
    "i have never had thoughts of hurting myself",
    "i have no plan to hurt myself, i just want support",
    "saying goodbye to my coworkers on my last day",
    "going to the lake and not coming back till sunday",
    "i hope i don't wake up late tomorrow",
    "i'm planning my exit from this job",
    "goodbye everyone, see you thursday",
    "we went bungee jumping off a bridge",
    "i'm leaving for good, moving to canada next month",
    "i have my prescription ready to pick up",
    "my husband locked me out by accident",
    "te voy a matar si no me llamas jaja",
    "i'd rather die than run a marathon",
    "i cut myself a slice of cake",
    # guards
    "i'll be gone by friday for my trip",
    "i tried yoga last night but it didn't work for my back",
]


@pytest.mark.parametrize("text", AT_RISK)
def test_round7_indirect_phrasings_reach_the_crisis_path(detector: CrisisDetector, text: str) -> None:
    assert detector.assess(text).at_risk, text


@pytest.mark.parametrize("text", DISTRESS)
def test_round7_distress_gets_the_check_in(detector: CrisisDetector, text: str) -> None:
    assert detector.assess(text).level == "distress", text


@pytest.mark.parametrize("text", BENIGN)
def test_round7_look_alikes_raise_no_alarm(detector: CrisisDetector, text: str) -> None:
    assert detector.assess(text).level not in ("at_risk", "distress"), text


def test_what_ill_do_to_myself_is_at_risk(detector: CrisisDetector) -> None:
    """The pattern asked for "i 'll" with a space, so "what i'll do to myself" never matched."""
    assert detector.assess("i'm scared of what i'll do to myself").at_risk
    assert detector.assess("i'm scared of what i might do to myself").at_risk


def test_a_feeling_is_checked_in_unless_a_guard_is_beside_it(detector: CrisisDetector) -> None:
    assert detector.assess("i feel so isolated").level == "distress"
    assert detector.assess("i feel so isolated lately, is there a group for that").level != "distress"
    assert detector.assess("i feel so isolated but i'm doing better now").level != "distress"
    assert detector.assess("i feel so isolated lol").level != "distress"  # laughter, as for `distress`
    assert detector.assess("i feel so isolated and i want to die").at_risk  # a crisis phrase still counts


def test_the_round7_holdout_prints_aggregates_only() -> None:
    out = subprocess.run([sys.executable, "-m", "tests.safety_levels", "--holdout7", "--misses"],
                         capture_output=True, text=True, check=True).stdout
    assert out.count("\n") == 4 and "'" not in out, out


def test_dev_scores_both_tuning_files() -> None:
    out = subprocess.run([sys.executable, "-m", "tests.safety_levels", "--dev"],
                         capture_output=True, text=True, check=True).stdout
    total = sum(len(lines(load_levels(path), "at_risk")) for path in DEV_PATHS)
    assert out.splitlines()[0].endswith(f"/{total}") and DEV_B7_LEVELS_PATH in DEV_PATHS
