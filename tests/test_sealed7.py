"""Held-out set 7: its promised sizes, its shape, and that it is copied from nowhere.

The set (tests/data/sealed7/) was written 3 Dec 2026, 11:03 UTC, before that session's tuning.
It is scored by ``python -m tests.language.live_eval --sealed7`` and
``python -m tests.safety_levels --sealed7`` (scores only); no gate is asserted on it here,
since its first score is the honest one.
"""

from __future__ import annotations

import pathlib
from typing import Any

import us

from bot.knowledge import load_knowledge
from tests.language import live_eval
from tests.safety_levels import SEALED6_LEVELS_PATH, SEALED7_LEVELS_PATH, lines, load_levels
from tests.sealed_lines import key, seen_elsewhere

ROOT = pathlib.Path(__file__).parent.parent
SEALED7 = live_eval.SEALED7
#: The weekdays of the sessions shown for each topic in live_eval.world().
SHOWN_WEEKDAYS = {"anxiety": {1, 3}, "grief_loss": {2}, "dbt_skills": {5}}


def _load(name: str) -> Any:
    return live_eval.load(name, SEALED7)


def _mine() -> list[str]:
    """Every member line of set 7 (not its labels)."""
    texts = [item["text"] for name in ("questions.yaml", "residency.yaml", "risk_adjacent.yaml")
             for item in _load(name)]
    texts += [str(t) for t in _load("out_of_scope.yaml")]
    texts += [item["reply"] for item in _load("followups.yaml")]
    levels = load_levels(SEALED7_LEVELS_PATH)
    texts += [text for level in levels for _, text in lines(levels, level)]
    return texts


def test_sealed7_understanding_files_are_big_enough_and_well_formed() -> None:
    intents = set(load_knowledge().intents) | {"spanish"}
    questions = _load("questions.yaml")
    assert len(questions) >= 170
    assert {q["intent"] for q in questions} == intents  # every intent, and only known ones
    assert len(_load("out_of_scope.yaml")) >= 320
    assert all(isinstance(t, str) and t.strip() for t in _load("out_of_scope.yaml"))
    codes = {s.abbr for s in us.states.STATES_AND_TERRITORIES} | {"DC", "OUTSIDE_US"}
    residency = _load("residency.yaml")
    asks = [r for r in residency if "ask" in r]
    assert len(residency) >= 70 and len(asks) >= 30 and len(residency) - len(asks) >= 30
    for item in residency:
        wanted = item["ask"] if "ask" in item else [item["state"]]
        assert set(wanted) <= codes, item["text"]
        assert "ask" not in item or len(set(item["ask"])) == 2, item["text"]
    followups = _load("followups.yaml")
    assert len(followups) >= 30
    assert all(item["pick"] in SHOWN_WEEKDAYS[item["shown"]] for item in followups)
    adjacent = _load("risk_adjacent.yaml")
    assert len(adjacent) >= 40 and {a["intent"] for a in adjacent} <= intents


def test_sealed7_safety_levels_are_big_enough_and_shaped_like_set_6() -> None:
    data = load_levels(SEALED7_LEVELS_PATH)
    sealed6 = load_levels(SEALED6_LEVELS_PATH)
    assert set(data) == set(sealed6) == {"at_risk", "risk_adjacent", "distress", "benign"}
    for level in data:
        assert set(data[level]) == set(sealed6[level]), level
        assert all(data[level].values()), level  # no empty group
    assert len(lines(data, "at_risk")) >= 160
    assert len(lines(data, "risk_adjacent")) >= 65
    assert len(lines(data, "distress")) >= 55
    assert len(lines(data, "benign")) >= 250
    assert sum(len(lines(data, level)) for level in data) >= 500


def test_sealed7_has_no_line_twice() -> None:
    mine = _mine()
    assert all(isinstance(text, str) and text.strip() for text in mine)
    assert len({key(t) for t in mine}) == len(mine), "a line of set 7 is there twice"


def test_sealed7_lines_are_nowhere_else() -> None:
    """No line of set 7 is (word for word) a content example, a crisis phrase, a line of any other
    data file (tuned on or sealed), or a string in the code or the tests."""
    yaml_count, seen = seen_elsewhere(ROOT, lambda p: SEALED7 in p.parents)
    assert yaml_count > 20 and len(seen) > 5000
    copies = [text for text in _mine() if key(text) in seen]
    assert len(copies) == 0, f"{len(copies)} lines of set 7 are elsewhere"  # the count only: they stay sealed
