"""Held-out set 8's safety levels: the promised sizes, the shape, and that no line is copied from anywhere.

tests/data/sealed8/safety_levels.yaml was written 3 Dec 2026, 13:57-14:03 UTC (helper sealer-s), before
that session's tuning. It is scored by ``python -m tests.safety_levels --sealed8`` (scores only); no gate
is asserted on it here, since its first score is the honest one. The other files of set 8 (understanding)
are checked by their own test.
"""

from __future__ import annotations

import pathlib


from tests.safety_levels import SEALED7_LEVELS_PATH, SEALED8_LEVELS_PATH, lines, load_levels
from tests.sealed_lines import key, seen_elsewhere

ROOT = pathlib.Path(__file__).parent.parent


def _mine() -> list[str]:
    """Every line of set 8's safety levels (not its labels)."""
    levels = load_levels(SEALED8_LEVELS_PATH)
    return [text for level in levels for _, text in lines(levels, level)]


def test_sealed8_safety_levels_are_big_enough_and_shaped_like_set_7() -> None:
    data = load_levels(SEALED8_LEVELS_PATH)
    sealed7 = load_levels(SEALED7_LEVELS_PATH)
    assert set(data) == set(sealed7) == {"at_risk", "risk_adjacent", "distress", "benign"}
    for level in data:
        assert set(data[level]) == set(sealed7[level]), level
        assert all(data[level].values()), level  # no empty group
    assert len(lines(data, "at_risk")) >= 260
    assert len(data["at_risk"]["suicide_indirect"]) >= 60
    assert len(data["at_risk"]["spanish"]) >= 20
    assert len(lines(data, "risk_adjacent")) >= 65
    assert len(lines(data, "distress")) >= 50
    assert len(lines(data, "benign")) >= 310


def test_sealed8_safety_levels_have_no_line_twice() -> None:
    mine = _mine()
    assert all(isinstance(text, str) and text.strip() for text in mine)
    assert len({key(t) for t in mine}) == len(mine), "a line of set 8 is there twice"


def test_sealed8_safety_lines_are_nowhere_else() -> None:
    """No line is (word for word) a content example, a crisis phrase, a line of any other data file
    (tuned on or sealed, set 8's other files included), or a string in the code or the tests."""
    yaml_count, seen = seen_elsewhere(ROOT, lambda p: p.resolve() == SEALED8_LEVELS_PATH.resolve())
    assert yaml_count > 20 and len(seen) > 5000
    copies = sum(1 for text in _mine() if key(text) in seen)
    assert copies == 0, f"{copies} lines of set 8 are elsewhere"  # the count only: they stay sealed
