"""Held-out set 6 (safety levels only): its promised sizes, its shape, and that it is copied from nowhere.

The set (tests/data/sealed6/safety_levels.yaml) was written 2 Dec 2026, 17:47 UTC, before that
session's last safety round. It is scored by ``python -m tests.safety_levels --sealed6``
(scores only); no gate is asserted on it here, since its first score is the honest one.
"""

from __future__ import annotations

import pathlib

import yaml

from tests.safety_levels import SEALED5_LEVELS_PATH, SEALED6_LEVELS_PATH, lines, load_levels
from tests.sealed_lines import key, literals, strings

ROOT = pathlib.Path(__file__).parent.parent
SEALED6 = SEALED6_LEVELS_PATH.parent


def test_sealed6_is_big_enough_and_shaped_like_set_5() -> None:
    data = load_levels(SEALED6_LEVELS_PATH)
    sealed5 = load_levels(SEALED5_LEVELS_PATH)
    assert set(data) == set(sealed5) == {"at_risk", "risk_adjacent", "distress", "benign"}
    for level in data:
        assert set(data[level]) == set(sealed5[level]), level
        assert all(data[level].values()), level  # no empty group
    assert len(lines(data, "at_risk")) >= 150
    assert len(lines(data, "risk_adjacent")) >= 60
    assert len(lines(data, "distress")) >= 50
    assert len(lines(data, "benign")) >= 250
    texts = [text for level in data for _, text in lines(data, level)]
    assert all(isinstance(text, str) and text.strip() for text in texts)
    assert len({key(t) for t in texts}) == len(texts), "a line of set 6 is there twice"


def test_sealed6_lines_are_nowhere_else() -> None:
    """No line of set 6 is (word for word) a content example, a crisis phrase, a line of any other
    data file (tuned on or sealed), or a string in the crisis code or the tests."""
    mine = [text for level, groups in load_levels(SEALED6_LEVELS_PATH).items()
            for texts in groups.values() for text in texts]
    seen: set[tuple[str, ...]] = set()
    yamls = [*(ROOT / "bot" / "content").rglob("*.yaml"),
             *(p for p in (ROOT / "tests" / "data").rglob("*.yaml") if SEALED6 not in p.parents)]
    for path in yamls:
        seen |= {key(s) for s in strings(yaml.safe_load(path.read_text(encoding="utf-8")))}
    for path in [*(ROOT / "bot" / "language" / "crisis").rglob("*.py"), *(ROOT / "tests").rglob("*.py")]:
        seen |= {key(s) for s in literals(path)}
    assert len(yamls) > 20 and len(seen) > 5000
    copies = [text for text in mine if key(text) in seen]
    assert len(copies) == 0, "lines of set 6 are elsewhere"  # the count only: the lines stay sealed

