"""Round 3 of issue 9: risk-adjacent contexts generalise, and their look-alikes stay at risk.

``tests/data/dev/at_risk_contrast.yaml`` holds at-risk messages that look like risk-adjacent
ones (a past loss *and* present intent, a past attempt *and* "thinking about it again",
means at hand, a profession or a group question beside the member's own risk): every one
must reach the crisis path. The round-3 lines of ``tests/data/dev/risk_adjacent.yaml`` must
never reach the crisis path or the check-in. Both are tuning sets (their first scores are in
docs/crisis-detection.md), so these are regression floors, not estimates.
"""

from __future__ import annotations

import pathlib

import pytest
import yaml

from bot.language.crisis import CrisisDetector
from tests.conftest import default_detector

DEV = pathlib.Path(__file__).parent / "data" / "dev"
ROUND3 = "# fourth batch (safety helper"


@pytest.fixture(scope="module")
def detector() -> CrisisDetector:
    return default_detector()


def contrast_lines() -> list[tuple[str, str]]:
    data: dict[str, list[str]] = yaml.safe_load((DEV / "at_risk_contrast.yaml").read_text(encoding="utf-8"))
    return [(group, text) for group, texts in data.items() for text in texts]


def round3_adjacent_lines() -> list[str]:
    raw = (DEV / "risk_adjacent.yaml").read_text(encoding="utf-8")
    assert ROUND3 in raw
    items: list[dict[str, str]] = yaml.safe_load(raw[raw.index(ROUND3):])
    return [item["text"] for item in items]


def test_contrast_set_is_big_and_covers_every_kind() -> None:
    lines = contrast_lines()
    assert len(lines) >= 80
    assert {g for g, _ in lines} >= {"loss_and_intent", "past_and_again", "means_at_hand", "professional_and_own",
                                     "group_question_and_own", "intrusive_but_wanting", "media_and_own"}
    assert len(round3_adjacent_lines()) >= 100


def test_every_look_alike_of_a_risk_adjacent_message_reaches_the_crisis_path(detector: CrisisDetector) -> None:
    missed = [(group, text, detector.assess(text).level) for group, text in contrast_lines()
              if not detector.assess(text).at_risk]
    assert missed == []


def test_round3_risk_adjacent_lines_never_page_nor_check_in(detector: CrisisDetector) -> None:
    alarmed = [(text, detector.assess(text).level) for text in round3_adjacent_lines()
               if detector.assess(text).level in ("at_risk", "distress", "someone_else")]
    assert alarmed == []


@pytest.mark.parametrize("text", [
    "my brother killed himself last year and honestly i'm next",
    "i attempted suicide years ago and the urge is back",
    "my mom took her life and now i'm thinking about ending mine",
    "what if someone in group says they're suicidal, asking because that member is me",
    "my dad shot himself and i keep holding his gun",
])
def test_own_risk_beside_a_context_stays_at_risk(detector: CrisisDetector, text: str) -> None:
    assert detector.assess(text).at_risk


def test_dev_files_hold_no_sealed_line() -> None:
    mine = {t.casefold() for _, t in contrast_lines()} | {t.casefold() for t in round3_adjacent_lines()}
    for folder in ("sealed", "sealed2", "sealed3", "sealed4", "sealed5", "sealed6", "sealed7", "sealed8"):
        for path in (DEV.parent / folder).glob("*.yaml"):
            assert not [line for line in mine if line in path.read_text(encoding="utf-8").casefold()], path.name
