"""Round 5 of issue 9: the safety helper's new dev lines, and the fixes tuned on them.

``tests/data/dev/safety_levels.yaml`` holds fresh lines written before this round's tuning
(in five batches, each written before its own first score); a random third of the first
batch is the holdout ``tests/data/dev/holdout/safety_levels.yaml`` (aggregates only, never
tuned on). The dev file is a tuning set, so its gates here are a regression floor. Every
named case below failed on the code before round 5 (first scores in docs/crisis-detection.md).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.language.crisis import CrisisDetector
from tests.conftest import default_detector
from tests.safety_levels import DEV_LEVELS_PATH, HOLDOUT_LEVELS_PATH, lines, load_levels


@pytest.fixture(scope="module")
def detector() -> CrisisDetector:
    return default_detector()


def test_dev_file_is_big_enough_and_the_holdout_is_about_a_third() -> None:
    dev, holdout = load_levels(DEV_LEVELS_PATH), load_levels(HOLDOUT_LEVELS_PATH)
    minimum = {"at_risk": 100, "risk_adjacent": 100, "distress": 50, "benign": 100}
    for level, least in minimum.items():
        assert len(lines(dev, level)) + len(lines(holdout, level)) >= least, level
        assert len(lines(holdout, level)) >= 18 if level != "distress" else len(lines(holdout, level)) >= 10


def test_every_dev_at_risk_line_reaches_the_crisis_path(detector: CrisisDetector) -> None:
    missed = [(g, t, detector.assess(t).level) for g, t in lines(load_levels(DEV_LEVELS_PATH), "at_risk")
              if not detector.assess(t).at_risk]
    assert missed == []


def test_no_dev_risk_adjacent_line_pages(detector: CrisisDetector) -> None:
    paged = [(g, t) for g, t in lines(load_levels(DEV_LEVELS_PATH), "risk_adjacent") if detector.assess(t).at_risk]
    assert paged == []


def test_every_dev_distress_line_gets_the_check_in(detector: CrisisDetector) -> None:
    missed = [(g, t, detector.assess(t).level) for g, t in lines(load_levels(DEV_LEVELS_PATH), "distress")
              if detector.assess(t).level != "distress"]
    assert missed == []


def test_dev_benign_lines_stay_under_one_percent_alarms(detector: CrisisDetector) -> None:
    benign = lines(load_levels(DEV_LEVELS_PATH), "benign")
    alarms = [t for _, t in benign if detector.assess(t).level in ("at_risk", "distress")]
    assert len(alarms) <= len(benign) // 100, alarms


# --------------------------------------------------------------------------- named fixes


@pytest.mark.parametrize("text", [
    "my dad and my brother both took their lives and i know i'll be next",   # "lives", "i'll be next"
    "my mom killed herself and soon it'll be my turn",                        # my turn after a death
    "my dad killed himself and i want to go the same way he did",              # the same way
    "my fiancee overdosed last year and i've got her leftover pills, i'm going to take them",
    "i have a bottle of pills in front of me right now",                      # means at hand
    "i'm sitting on the bridge railing right now",
    "i have all my antidepressants in a pile next to me",
    "the gun is loaded and sitting on my desk",
    "i have the rope around my neck",
    "my last attempt failed so next time i'll make sure it works",
    "i haven't cut in a year but tonight i'm going to",
    "i was suicidal years ago and now i'm there again",
    "after my husband killed himself i bought pills for myself",
    "lost my best friend to suicide, honestly i want to go join her",
    "i feel like dying",
    "esta noche me quito la vida",
    "i'm scared my husband will hurt the kids tonight",
    "i used to cut when i was a teen and i want to again",
])
def test_round5_look_alikes_are_at_risk(detector: CrisisDetector, text: str) -> None:
    assert detector.assess(text).at_risk, text


@pytest.mark.parametrize("text", [
    "my aunt's death was a suicide, when does the grief group start",          # "death was a suicide"
    "my mum's suicide was years ago, is there a grief group",                  # possessive respelled
    "my nephew self harmed a while ago, can relatives come to a family group",
    "my colleague killed himself last spring and i can't stop thinking about it, can i talk to someone",
    "i'm a paramedic and i've attended more overdoses than i can count, is there a group",
    "i'm a psych nurse and patients talk about killing themselves, is there an evening group",
    "if i mention self harm in the group will you call the police",
    "do you screen new members for suicide risk",
    "i get scary images of hurting my baby, i know i won't act on them, who runs the group",
    "i was suicidal after my first baby, that's long over, is there a postpartum group",
    "what if someone in my group talks about self harm, how do the leaders handle that",
])
def test_round5_contexts_are_risk_adjacent(detector: CrisisDetector, text: str) -> None:
    assert detector.assess(text).level == "adjacent", (text, detector.assess(text).level)


@pytest.mark.parametrize("text", [
    # the guards: the member's own risk beside the same contexts stays at risk
    "my colleague killed himself last spring and i can't stop thinking about doing it",
    "i was suicidal after my first baby, that's long over, but i want to again",
    "i'm a paramedic and i've attended overdoses and now i want to take one myself",
])
def test_round5_contexts_keep_the_members_own_risk(detector: CrisisDetector, text: str) -> None:
    assert detector.assess(text).at_risk, text


@pytest.mark.parametrize("text", [
    "i'm so low i can barely get out of bed",
    "i'm struggling really badly",
    "i'm in a dark place and i don't know what to do",
    "nothing feels okay anymore",
    "siento que mi vida se derrumba",
])
def test_round5_distress_gets_the_check_in(detector: CrisisDetector, text: str) -> None:
    assert detector.assess(text).level == "distress", (text, detector.assess(text).level)


@pytest.mark.parametrize("text", [
    "i'd rather die than sit through another meeting lol",
    "that movie was so boring i wanted to die lol",
    "this weather makes me want to die lol",
    "we're learning about overdose response at work, is there a cpr class",
    "it's my turn to host book club, can i move my session",
    "i counted out my pills for the week in my organiser",
    "i'm sad my group ended, can i rejoin",
    "the heat today was unbearable",
    "i'm struggling at the moment to find a time that works",
    "i used to cut when i was a teen and i never want to again, is there a dbt group",
])
def test_round5_figurative_and_near_misses_raise_no_alarm(detector: CrisisDetector, text: str) -> None:
    assert detector.assess(text).level not in ("at_risk", "distress"), (text, detector.assess(text).level)


def test_possessives_are_respelled(detector: CrisisDetector) -> None:
    assert detector.readings("My mum's suicide") == ("my mom's suicide",)
    assert detector.readings("it's he's") == ("it's he's",)


def test_the_holdout_prints_aggregates_only() -> None:
    out = subprocess.run([sys.executable, "-m", "tests.safety_levels", "--holdout", "--misses"],
                         capture_output=True, text=True, check=True).stdout
    assert out.count("\n") == 4 and "(" in out and "'" not in out, out
