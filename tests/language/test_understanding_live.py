"""The understanding test of issue 8: the whole core on held-out phrasings.

Prints accuracy on questions, rejection of out-of-scope messages, residency and
follow-up scores and the count of consequential misfires (a stored residence, a staff
page, a booking nobody asked for), and fails below 95% / 95% or above 0 misfires.

The sets under tests/data/live/ were written before any tuning; the work since has
looked at their misses, so these figures are a regression floor. The sealed sets under
tests/data/sealed/ and tests/data/sealed2/ (wave 2, with risk-adjacent questions) were
written later and never tuned on: their scores are printed as the honest ones, with
floors just below the figures measured at the end of wave 2 (regression floors, not
targets). tests/data/dev/ is wave 2's own tuning set (not scored here).
"""

from __future__ import annotations

import pytest
import yaml

from bot.config import CoreConfig
from bot.knowledge import load_knowledge
from bot.language.normalise import words
from bot.dependencies import Dependencies
from tests.conftest import services_for
from tests.language import live_eval
from tests.language.live_eval import DEV, SEALED, SEALED2, SEALED3, SEALED4, SEALED5, SEALED7, Score

MIN_QUESTIONS = 0.95
MIN_REJECTION = 0.95
MIN_RESIDENCY = 0.95
MIN_FOLLOWUPS = 0.8
SEALED_FLOOR = 0.78  # the sealed set's figures after wave 2 (80% questions, 94% rejection), less a margin
#: sealed2 after wave 2 (first score on main in brackets): questions 80% (76%), out of scope
#: 93% (94%, 1 stored residence), residency 94% (94%), risk-adjacent answered 53% (47%).
#: After wave 3 (language helper; sealed2 seen only as these aggregates, three times):
#: questions 86.1%, out of scope 94.9%, residency 93.9%, risk-adjacent answered 71.9%.
SEALED2_FLOORS = {"questions": 0.84, "out of scope": 0.92, "residency": 0.9, "risk-adjacent": 0.68}
SEALED2_MAX_CRISIS = 5  # risk-adjacent questions still sent down the crisis path (the safer level)


@pytest.fixture(scope="module")
def services() -> Dependencies:
    return services_for(CoreConfig())


def _report(scores: list[Score], title: str) -> dict[str, Score]:
    """Prints accuracy, out-of-scope rejection and consequential misfires per category."""
    print(f"\n{title}")
    for score in scores:
        print("  " + score.line())
        for miss in score.misses if "sealed" not in title else []:
            print("     miss:", miss)
    return {s.name: s for s in scores}


async def test_understanding_on_held_out_sets(services: Dependencies) -> None:
    scores = _report(await live_eval.score_all(services), "held-out sets (tests/data/live)")
    assert scores["questions"].rate >= MIN_QUESTIONS
    assert scores["out of scope"].rate >= MIN_REJECTION
    assert scores["residency"].rate >= MIN_RESIDENCY
    assert scores["follow-ups"].rate >= MIN_FOLLOWUPS
    assert sum(s.misfires for s in scores.values()) == 0


async def test_understanding_on_the_sealed_set(services: Dependencies) -> None:
    scores = _report(await live_eval.score_all(services, SEALED), "sealed set (tests/data/sealed)")
    assert scores["questions"].rate >= SEALED_FLOOR
    assert scores["out of scope"].rate >= SEALED_FLOOR
    assert sum(s.misfires for s in scores.values()) == 0


async def test_understanding_on_the_second_sealed_set(services: Dependencies) -> None:
    scores = _report(await live_eval.score_all(services, SEALED2), "sealed set 2 (tests/data/sealed2)")
    for name, floor in SEALED2_FLOORS.items():
        assert scores[name].rate >= floor, name
    assert scores["out of scope"].misfires == 0  # no stored residence, staff page or booking
    assert scores["residency"].misfires == 0
    assert scores["risk-adjacent"].misfires <= SEALED2_MAX_CRISIS


def test_sealed2_is_big_enough() -> None:
    assert len(live_eval.load("questions.yaml", SEALED2)) >= 150
    assert len(live_eval.load("out_of_scope.yaml", SEALED2)) >= 150
    assert len(live_eval.load("residency.yaml", SEALED2)) >= 30
    assert len(live_eval.load("risk_adjacent.yaml", SEALED2)) >= 30


def test_held_out_phrasings_are_not_in_the_content_file() -> None:
    kb = load_knowledge()
    trained = {tuple(words(t)) for i in kb.intents.values() for t in i.examples}
    trained |= {tuple(words(t)) for t in kb.out_of_scope}
    for folder in (live_eval.DATA, SEALED, SEALED2, SEALED3, SEALED4, SEALED5, SEALED7, live_eval.HOLDOUT,
                   live_eval.HOLDOUT2, live_eval.HOLDOUT3):
        texts = [item["text"] for item in live_eval.load("questions.yaml", folder)]
        texts += [str(t) for t in live_eval.load("out_of_scope.yaml", folder)]
        copies = [t for t in texts if tuple(words(t)) in trained]
        assert not copies, copies


def test_sealed_phrasings_are_not_in_the_tuning_set() -> None:
    """The dev set is tuned on; a sealed line copied into it would be trained on."""
    tuned = {tuple(words(item["text"])) for item in live_eval.load("questions.yaml", DEV)}
    tuned |= {tuple(words(str(t))) for t in live_eval.load("out_of_scope.yaml", DEV)}
    for folder in (SEALED, SEALED2, SEALED3, SEALED4, SEALED5, SEALED7, live_eval.HOLDOUT3):
        texts = [item["text"] for item in live_eval.load("questions.yaml", folder)]
        texts += [str(t) for t in live_eval.load("out_of_scope.yaml", folder)]
        copies = [t for t in texts if tuple(words(t)) in tuned]
        assert not copies, f"{len(copies)} sealed lines from {folder.name} are in the dev set"


def test_sealed4_is_big_enough() -> None:
    """Held-out set 4 (written 2 Dec 2026 before that round's tuning) keeps its promised sizes."""
    questions = live_eval.load("questions.yaml", SEALED4)
    assert len(questions) >= 220
    assert {q["intent"] for q in questions} >= set(load_knowledge().intents) | {"spanish"}
    assert len(live_eval.load("out_of_scope.yaml", SEALED4)) >= 320
    residency = live_eval.load("residency.yaml", SEALED4)
    assert sum("ask" in r for r in residency) >= 35 and sum("state" in r for r in residency) >= 35
    assert len(live_eval.load("followups.yaml", SEALED4)) >= 24
    assert len(live_eval.load("risk_adjacent.yaml", SEALED4)) >= 45
    levels = yaml.safe_load((SEALED4 / "safety_levels.yaml").read_text())
    sizes = {level: sum(len(lines) for lines in groups.values()) for level, groups in levels.items()}
    assert sizes["at_risk"] >= 130 and sizes["risk_adjacent"] >= 60
    assert sizes["distress"] >= 45 and sizes["benign"] >= 220


def test_sealed5_is_big_enough() -> None:
    """Held-out set 5 (written 2 Dec 2026, 17:08 UTC, before that session's tuning) keeps its promised sizes."""
    questions = live_eval.load("questions.yaml", SEALED5)
    assert len(questions) >= 220
    assert {q["intent"] for q in questions} >= set(load_knowledge().intents) | {"spanish"}
    assert len(live_eval.load("out_of_scope.yaml", SEALED5)) >= 320
    residency = live_eval.load("residency.yaml", SEALED5)
    assert len(residency) >= 70 and sum("ask" in r for r in residency) >= 40
    assert len(live_eval.load("followups.yaml", SEALED5)) >= 24
    assert len(live_eval.load("risk_adjacent.yaml", SEALED5)) >= 50
    levels = yaml.safe_load((SEALED5 / "safety_levels.yaml").read_text(encoding="utf-8"))
    sizes = {level: sum(len(lines) for lines in groups.values()) for level, groups in levels.items()}
    assert sizes["at_risk"] >= 160 and sizes["risk_adjacent"] >= 70
    assert sizes["distress"] >= 50 and sizes["benign"] >= 320


def test_sealed5_lines_are_nowhere_else() -> None:
    """No line of set 5 is (word for word) a content example, a crisis phrase, or a line of any other
    data file, tuned on or not: a copy would be trained on, or would score a seen line twice."""
    def strings(item: object) -> list[str]:
        if isinstance(item, str):
            return [item]
        if isinstance(item, dict):
            return [s for value in item.values() for s in strings(value)]
        if isinstance(item, list):
            return [s for value in item for s in strings(value)]
        return []

    data = SEALED5.parent
    others = [*(data.parent.parent / "bot" / "content").glob("*.yaml"),
              *(p for p in data.rglob("*.yaml") if SEALED5 not in p.parents)]
    seen = {tuple(words(s)) for path in others
            for s in strings(yaml.safe_load(path.read_text(encoding="utf-8")))}
    mine: list[str] = []
    for path in SEALED5.glob("*.yaml"):
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(loaded, dict):  # safety_levels.yaml: level -> group -> lines
            mine += strings(loaded)
        else:  # the lines themselves, or items whose line is `text` / `reply` (not the labels)
            mine += [str(item) if not isinstance(item, dict) else str(item.get("text", item.get("reply")))
                     for item in loaded]
    assert len(mine) > 1300
    copies = [s for s in mine if tuple(words(s)) in seen]
    assert not copies, f"{len(copies)} lines of set 5 are elsewhere"

def test_held_out_sets_are_big_enough() -> None:
    questions = live_eval.load("questions.yaml")
    assert len(questions) >= 150
    assert len(live_eval.load("out_of_scope.yaml")) >= 300
    assert sum("ask" in r for r in live_eval.load("residency.yaml")) >= 60
    kb = load_knowledge()
    assert {q["intent"] for q in questions} >= set(kb.intents) - {"switch"} - {"topic_info"} | {"switch"}
