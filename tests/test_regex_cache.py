"""The file of compiled patterns (adapters/regex_cache.py) gives exactly what ``re.compile`` gives.

``re.Pattern.__eq__`` compares the pattern text, the flags and the compiled code word for
word, so ``==`` here is the strong check. The detector built through the cache must assess
every message as the plain one does; a damaged file, another interpreter's file or an
unwritable directory must change nothing but the start-up time.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from adapters import regex_cache
from adapters.regex_cache import RegexCache
from adapters.wiring import load_content
from bot.language.crisis.detector import CrisisDetector, load_detector
from bot.language.crisis.phrases import combine, load_crisis_phrases
from bot.language.crisis.prefilter import Prefilter

_SAMPLES = (
    "i want to die", "i wnat to kill myself tonight", "i lost my brother to suicide last year",
    "this traffic is killing me", "i feel hopeless", "can i join the grief group?",
    "my friend said she wants to end her life what do i do", "quiero morir", "😭😭",
    "he hits me and i'm scared to go home", "i took 30 pills", "", "hi",
)


def _every_list(phrases: object) -> list[tuple[str, ...]]:
    lists = [category.patterns for category in phrases.categories]  # type: ignore[attr-defined]
    for name in ("figurative", "denials", "adjacent", "present", "distress", "laughter",
                 "someone_else", "follow_ups", "loss", "own_risk", "feelings", "feelings_guard"):
        lists.append(getattr(phrases, name))
    return [patterns for patterns in lists if patterns]


def test_cold_and_warm_patterns_equal_re_compile(tmp_path: Path) -> None:
    path = tmp_path / "regex.bin"
    phrases = load_crisis_phrases()
    cold = RegexCache(path)
    for patterns in _every_list(phrases):
        assert combine(patterns, cold.compile) == combine(patterns)
    assert cold.misses > 0 and cold.hits == 0
    cold.save()
    warm = RegexCache(path)
    for patterns in _every_list(phrases):
        assert combine(patterns, warm.compile) == combine(patterns)
    assert warm.misses == 0 and warm.hits == cold.misses


def test_groups_flags_and_lookarounds_survive(tmp_path: Path) -> None:
    patterns = [r"(?P<word>ab+c)(?=d)|(?<!x)e{2,3}", r"(?i:Hello) (\w+)", r"^\bend$", "ü+ß"]
    cache = RegexCache(tmp_path / "r.bin")
    for pattern in patterns:
        cache.compile(pattern)
    cache.save()
    warm = RegexCache(tmp_path / "r.bin")
    for pattern in patterns:
        rebuilt = warm.compile(pattern)
        assert rebuilt == re.compile(pattern)
        assert rebuilt.groupindex == re.compile(pattern).groupindex
        assert rebuilt.flags == re.compile(pattern).flags
    assert warm.hits == len(patterns)
    found = warm.compile(patterns[0]).search("abbcd")
    assert found is not None and found.group("word") == "abbc"


def test_detector_through_the_cache_assesses_as_the_plain_one(tmp_path: Path) -> None:
    path = tmp_path / "regex.bin"
    plain = load_detector()
    first = RegexCache(path)
    load_detector(compile=first.compile, remember=first.derived)
    first.save()
    warm = RegexCache(path)
    cached = load_detector(compile=warm.compile, remember=warm.derived)
    assert warm.misses == 0
    for text in _SAMPLES:
        assert cached.assess(text) == plain.assess(text), text


def test_prefilter_expression_is_remembered(tmp_path: Path) -> None:
    phrases = load_crisis_phrases()
    patterns = [p for category in phrases.categories for p in category.patterns]
    cache = RegexCache(tmp_path / "r.bin")
    built = Prefilter(patterns, remember=cache.derived)
    cache.save()
    warm = RegexCache(tmp_path / "r.bin")
    calls: list[int] = []

    def refuse() -> str:
        calls.append(1)
        return "x"

    assert warm.derived(tuple(patterns), refuse) != "x" and not calls
    again = Prefilter(patterns, remember=warm.derived)
    for text in _SAMPLES:
        assert again.maybe(text) == built.maybe(text) == Prefilter(patterns).maybe(text)


def test_load_content_writes_the_file_and_the_next_start_compiles_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = regex_cache.default_path()
    assert path.parent == tmp_path / "frontdoor"
    load_content(RegexCache(path))
    assert path.exists()
    second = RegexCache(path)
    content = load_content(second)
    assert second.misses == 0 and second.hits > 5
    assert isinstance(content.detector, CrisisDetector)
    assert content.detector.assess("i want to end my life").at_risk


def test_a_damaged_file_is_ignored(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "r.bin"
    cache = RegexCache(path)
    cache.compile(r"\bkill (?:myself|me)\b")
    cache.save()
    raw = bytearray(path.read_bytes())
    raw[-10] ^= 0xFF
    path.write_bytes(bytes(raw))
    with caplog.at_level(logging.INFO, logger="frontdoor.regex_cache"):
        damaged = RegexCache(path)
    assert "ignored" in caplog.text
    assert damaged.compile(r"\bkill (?:myself|me)\b") == re.compile(r"\bkill (?:myself|me)\b")
    assert damaged.misses == 1 and damaged.hits == 0
    path.write_bytes(b"\x00\x00")
    assert RegexCache(path).compile("a+") == re.compile("a+")


def test_another_interpreters_file_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.bin"
    cache = RegexCache(path)
    cache.compile("abc")
    cache.save()
    monkeypatch.setattr(regex_cache, "INTERPRETER", "cpython-399-final0-sre1")
    other = RegexCache(path)
    assert other.compile("abc") == re.compile("abc") and other.misses == 1


def test_an_unwritable_directory_changes_nothing(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    cache = RegexCache(blocker / "frontdoor" / "r.bin")
    assert cache.compile("a|b") == re.compile("a|b")
    with caplog.at_level(logging.INFO, logger="frontdoor.regex_cache"):
        cache.save()
    assert "not written" in caplog.text


def test_an_invalid_pattern_still_fails_as_re_does(tmp_path: Path) -> None:
    cache = RegexCache(tmp_path / "r.bin")
    with pytest.raises(re.error):
        cache.compile("(unclosed")


def test_an_edited_away_pattern_is_dropped_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / "r.bin"
    first = RegexCache(path)
    first.compile("old pattern")
    first.save()
    second = RegexCache(path)
    second.compile("new pattern")
    second.save()
    third = RegexCache(path)
    third.compile("old pattern")
    assert third.misses == 1
