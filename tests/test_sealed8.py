"""Held-out set 8: its promised sizes, its shape, and that it is copied from nowhere.

The understanding files of tests/data/sealed8/ were written 3 Dec 2026, 13:57-14:04 UTC, before
that session's tuning (its safety_levels.yaml is written and checked separately, in
tests/test_sealed8_safety.py). It is scored by ``python -m tests.language.live_eval --sealed8``
(scores only); no gate is asserted on it here, since its first score is the honest one.
"""

from __future__ import annotations

import pathlib
from typing import Any

import us

from bot.knowledge import load_knowledge
from tests.language import live_eval
from tests.sealed_lines import key, seen_elsewhere

ROOT = pathlib.Path(__file__).parent.parent
SEALED8 = live_eval.SEALED8
#: The understanding files checked here (safety_levels.yaml has its own test file).
FILES = ("questions.yaml", "out_of_scope.yaml", "residency.yaml", "followups.yaml", "risk_adjacent.yaml")
#: The weekdays of the sessions shown for each topic in live_eval.world().
SHOWN_WEEKDAYS = {"anxiety": {1, 3}, "grief_loss": {2}, "dbt_skills": {5}}


def _load(name: str) -> Any:
    return live_eval.load(name, SEALED8)


def _mine() -> list[str]:
    """Every member line of set 8's understanding files (not their labels)."""
    texts = [item["text"] for name in ("questions.yaml", "residency.yaml", "risk_adjacent.yaml")
             for item in _load(name)]
    texts += [str(t) for t in _load("out_of_scope.yaml")]
    texts += [item["reply"] for item in _load("followups.yaml")]
    return texts


def test_sealed8_understanding_files_are_big_enough_and_well_formed() -> None:
    intents = set(load_knowledge().intents) | {"spanish"}
    questions = _load("questions.yaml")
    assert len(questions) >= 220
    assert {q["intent"] for q in questions} == intents  # every intent, and only known ones
    assert all(sum(q["intent"] == i for q in questions) >= 3 for i in intents)
    assert len(_load("out_of_scope.yaml")) >= 330
    assert all(isinstance(t, str) and t.strip() for t in _load("out_of_scope.yaml"))
    codes = {s.abbr for s in us.states.STATES_AND_TERRITORIES} | {"DC", "OUTSIDE_US"}
    residency = _load("residency.yaml")
    asks = [r for r in residency if "ask" in r]
    assert len(residency) >= 75 and len(asks) >= 30 and len(residency) - len(asks) >= 30
    for item in residency:
        wanted = item["ask"] if "ask" in item else [item["state"]]
        assert set(wanted) <= codes, item["text"]
        assert "ask" not in item or len(set(item["ask"])) == 2, item["text"]
    followups = _load("followups.yaml")
    assert len(followups) >= 33
    assert all(item["pick"] in SHOWN_WEEKDAYS[item["shown"]] for item in followups)
    adjacent = _load("risk_adjacent.yaml")
    assert len(adjacent) >= 60 and {a["intent"] for a in adjacent} <= intents


def test_sealed8_has_no_line_twice() -> None:
    mine = _mine()
    assert all(isinstance(text, str) and text.strip() for text in mine)
    assert len({key(t) for t in mine}) == len(mine), "a line of set 8 is there twice"


def test_sealed8_lines_are_nowhere_else() -> None:
    """No line of set 8 is (word for word) a content example, a crisis phrase, a line of any other
    data file (tuned on or sealed), or a string in the code or the tests."""
    yaml_count, seen = seen_elsewhere(ROOT, lambda p: SEALED8 in p.parents)
    assert yaml_count > 20 and len(seen) > 5000
    copies = [text for text in _mine() if key(text) in seen]
    assert len(copies) == 0, f"{len(copies)} lines of set 8 are elsewhere"  # the count only: they stay sealed
