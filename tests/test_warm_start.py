"""The start-up cache's helpers (adapters/warm_start.py): started only when a part is stale,
they leave the cache warm; one that fails or hangs costs time and nothing else."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters import warm_start
from adapters.classifier_cache import build_key
from adapters.regex_cache import RegexCache, default_path
from bot.knowledge import load_knowledge
from bot.safety import load_detector


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    yield tmp_path / "frontdoor"
    warm_start.finish(timeout=30)


def test_an_empty_cache_is_stale_in_both_parts_and_a_made_one_in_neither(cache_home: Path) -> None:
    assert warm_start.stale_parts() == ["regex", "classifier"]
    cache_home.mkdir(parents=True)
    default_path().write_bytes(b"x")
    (cache_home / "classifier-0.pickle").write_bytes(b"x")
    assert warm_start.stale_parts() == []


def test_a_file_older_than_its_sources_is_stale(cache_home: Path) -> None:
    cache_home.mkdir(parents=True)
    default_path().write_bytes(b"x")
    classifier = cache_home / "classifier-0.pickle"
    classifier.write_bytes(b"x")
    os.utime(classifier, (0, 0))  # built before the content was last edited
    assert warm_start.stale_parts() == ["classifier"]
    os.utime(default_path(), (0, 0))
    assert warm_start.stale_parts() == ["regex", "classifier"]


def test_commands_that_do_not_serve_members_start_nothing(cache_home: Path) -> None:
    for command in ("check", "migrate", "schedule", None):
        assert warm_start.start(command) == []
    assert not cache_home.exists()


def test_helpers_leave_the_cache_so_warm_that_the_start_compiles_and_builds_nothing(cache_home: Path) -> None:
    assert warm_start.start("chat") == ["regex", "classifier"]
    warm_start.finish(timeout=60)
    patterns = RegexCache(default_path())
    load_detector(compile=patterns.compile, remember=patterns.derived)
    assert patterns.hits > 10 and patterns.misses == 0
    assert (cache_home / f"classifier-{build_key(load_knowledge())}.pickle").exists()
    assert warm_start.stale_parts() == []
    assert warm_start.start("chat") == []  # now warm: nothing to do


def test_a_cache_up_to_date_but_older_than_its_sources_is_not_taken_for_stale_again(cache_home: Path) -> None:
    """A fresh checkout makes every source newer than the cache: the helpers find everything
    cached and write nothing, and must still mark the files fresh, or every start would
    start them again."""
    warm_start.start("chat")
    warm_start.finish(timeout=60)
    for made in cache_home.iterdir():
        os.utime(made, (0, 0))
    assert warm_start.stale_parts() == ["regex", "classifier"]
    assert warm_start.start("chat") == ["regex", "classifier"]
    warm_start.finish(timeout=60)
    assert warm_start.stale_parts() == []


def _fail(part: str) -> None:
    raise RuntimeError(part)


def test_a_failing_helper_is_logged_and_changes_nothing(cache_home: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="frontdoor.warm_start"):
        assert warm_start.start("chat", work=_fail) == ["regex", "classifier"]
        warm_start.finish()
    assert [r.getMessage() for r in caplog.records] == [
        "start-up cache helper (regex) failed (exit 1); building here",
        "start-up cache helper (classifier) failed (exit 1); building here"]
    assert warm_start.stale_parts() == ["regex", "classifier"]


def _hang(part: str) -> None:
    time.sleep(60)


def test_a_hanging_helper_is_stopped(cache_home: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="frontdoor.warm_start"):
        assert warm_start.start("discord", work=_hang) == ["regex", "classifier"]
        started = time.monotonic()
        warm_start.finish(timeout=0.3)
    assert time.monotonic() - started < 5
    assert caplog.text.count("too slow; stopped, building here") == 2


def test_a_first_start_replies_and_leaves_both_cache_files(tmp_path: Path) -> None:
    """The real command on an empty cache: the reply comes, nothing but it is on stdout, and
    both parts are warm afterwards (the next start reads them)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "LOG_LEVEL": "WARNING"}
    db = f"sqlite+aiosqlite:///{tmp_path / 'first.db'}"
    result = subprocess.run([sys.executable, "-m", "adapters.cli", "chat", "--jsonl", "--db", db],
                            input=b'{"user": "u1", "text": "hi"}\n', capture_output=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["replies"]  # the reply, and no helper output
    directory = tmp_path / "cache" / "frontdoor"
    assert sorted(p.name.split("-")[0] for p in directory.iterdir()) == ["classifier", "regex"]
