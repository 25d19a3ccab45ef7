"""Filling an empty start-up cache in parallel, so even a first start replies quickly.

A process that finds the start-up cache warm (``adapters/regex_cache.py``,
``adapters/classifier_cache.py``) replies within about 1 s; one that finds it empty (the
first start on a machine, or after an edit of the content or of ``bot/language/``) must
also compile the crisis patterns (about 0.6 s of CPU) and build the classifier (about
0.4 s) before its first reply, after 0.7 s of imports. ``start`` is called by the
``frontdoor`` command first of all, before those imports; when a cache file is missing or
older than what it is made from, it starts one helper process for each (``python -m
adapters.warm_start regex`` / ``classifier``), which does exactly what a start does and
writes the file. The command imports meanwhile, on the other core; the composition root
calls ``finish`` just before it reads the cache, waiting for the helpers, and then reads
what they wrote as any restart would.

The helpers only ever save time. Whatever they do, the process itself reads the cache
as usual and compiles or builds what it does not find there: a helper that fails, is
slow (``finish`` gives up after ``WAIT_SECONDS`` and stops it) or cannot start changes
nothing but the time. The freshness test is by file times, so it can be wrong only
towards work done twice. The helpers' output goes nowhere (stdout is the console's
JSON-lines stream); a failure is one log line in the main process, with no text.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final

from adapters.cache_file import cache_directory
from adapters.regex_cache import default_path

log = logging.getLogger("frontdoor.warm_start")

WAIT_SECONDS: Final = 10.0
#: Commands whose start-up loads the content (the others never read this cache).
SERVING_COMMANDS: Final = frozenset({"chat", "slack", "discord"})
_ROOT: Final = Path(__file__).resolve().parents[1]
_BOT: Final = _ROOT / "bot"
#: Files the compiled crisis patterns are made from / the built classifier is made from.
REGEX_SOURCES: Final = (_BOT / "content" / "crisis.yaml", _BOT / "language" / "crisis")
CLASSIFIER_SOURCES: Final = (_BOT / "content" / "knowledge.yaml", _BOT / "knowledge.py", _BOT / "language")

_running: list[tuple[str, subprocess.Popen[bytes]]] = []


def _newest(sources: Iterable[Path]) -> float:
    """The latest modification time among the files (Python files of a directory)."""
    newest = 0.0
    for source in sources:
        files = source.rglob("*.py") if source.is_dir() else (source,)
        for file in files:
            try:
                newest = max(newest, file.stat().st_mtime)
            except OSError:
                continue
    return newest


def _fresh(candidates: Iterable[Path], sources: Iterable[Path]) -> bool:
    """True when some candidate file exists and is no older than every source."""
    made = 0.0
    for candidate in candidates:
        try:
            made = max(made, candidate.stat().st_mtime)
        except OSError:
            continue
    return made > 0.0 and made >= _newest(sources)


def stale_parts(directory: Path | None = None, regex_file: Path | None = None) -> list[str]:
    """Which parts of the start-up cache a start would have to make: "regex", "classifier"."""
    directory = directory or cache_directory()
    regex_file = regex_file or default_path()
    parts = []
    if not _fresh([regex_file], REGEX_SOURCES):
        parts.append("regex")
    if not _fresh(directory.glob("classifier-*.pickle"), CLASSIFIER_SOURCES):
        parts.append("classifier")
    return parts


def start(command: str | None, executable: str = sys.executable) -> list[str]:
    """Start a helper for each stale part, when ``command`` serves members; the parts started."""
    if command not in SERVING_COMMANDS or _running:
        return []
    started = []
    for part in stale_parts():
        try:
            helper = subprocess.Popen([executable, "-m", "adapters.warm_start", part], cwd=_ROOT,
                                      stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL)
        except OSError as error:
            log.info("start-up cache helper not started (%s)", type(error).__name__)
            continue
        _running.append((part, helper))
        started.append(part)
    return started


def finish(timeout: float = WAIT_SECONDS) -> None:
    """Wait for the helpers ``start`` started (none: returns at once); stop one that is too slow."""
    while _running:
        part, helper = _running.pop()
        try:
            code = helper.wait(timeout)
        except subprocess.TimeoutExpired:
            helper.kill()
            helper.wait()
            log.warning("start-up cache helper (%s) too slow; stopped, building here", part)
            continue
        if code != 0:
            log.warning("start-up cache helper (%s) failed (exit %s); building here", part, code)


def _warm(part: str) -> None:
    """What a start does for one part, writing the cache file (the helper process's work)."""
    if part == "regex":
        from adapters.regex_cache import RegexCache
        from bot.safety import load_detector

        patterns = RegexCache(default_path())
        load_detector(compile=patterns.compile, remember=patterns.derived)
        patterns.save()
        _mark_fresh(default_path())
    elif part == "classifier":
        from adapters.classifier_cache import build_key, cached_classifier
        from bot.knowledge import load_knowledge
        from bot.language.places import PlaceIndex

        knowledge = load_knowledge()
        cached_classifier(knowledge, PlaceIndex(), cache_directory())
        _mark_fresh(cache_directory() / f"classifier-{build_key(knowledge)}.pickle")
    else:
        raise SystemExit(f"unknown part {part!r}")


def _mark_fresh(path: Path) -> None:
    """A file found up to date (nothing had to be written) is touched, so the next start
    does not take it for stale again by its age (a fresh checkout makes every source new)."""
    try:
        os.utime(path)
    except OSError:
        pass


def main(argv: Sequence[str]) -> int:
    for part in argv:
        _warm(part)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
