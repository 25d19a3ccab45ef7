"""Filling an empty start-up cache in parallel, so even a first start replies quickly.

A process that finds the start-up cache warm (``adapters/regex_cache.py``,
``adapters/classifier_cache.py``) replies within about 1 s; one that finds it empty (the
first start on a machine, or after an edit of the content or of ``bot/language/``) must
also compile the crisis patterns (about 0.5 s of CPU) and build the classifier (about
0.45 s) before its first reply, after 0.7 s of imports. ``start`` is called by the
``frontdoor`` command first of all; when a cache file is missing or older than what it is
made from, it imports what that part needs and forks one child for it, which does exactly
what a start does and writes the file. The command goes on importing meanwhile, on the
other core; the composition root calls ``finish`` just before it reads the cache, waiting
for the children, and then reads what they wrote as any restart would.

Children of a fork share the imports already done: a helper started as a new interpreter
(measured first) spent 0.25-0.4 s of CPU importing again, which two cores do not repay.
The fork happens before the event loop, any thread or any connection exists, and the
child ends with ``os._exit`` (it flushes, closes and runs nothing of its parent's).

The children only ever save time. Whatever they do, the process itself reads the cache
as usual and compiles or builds what it does not find there: a child that fails, is slow
(``finish`` gives up after ``WAIT_SECONDS`` and stops it) or cannot be forked (no
``os.fork``) changes nothing but the time. The freshness test is by file times, so it can
be wrong only towards work done twice. A failure is one log line, with no text.
"""

from __future__ import annotations

import importlib
import logging
import os
import signal
import time
from collections.abc import Callable, Iterable
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

_running: list[tuple[str, int]] = []  # (part, child pid)


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


def start(command: str | None, work: Callable[[str], None] | None = None) -> list[str]:
    """Fork a child for each stale part, when ``command`` serves members; the parts started.
    ``work(part)``: what a child does (``_warm``, which writes the part's cache file)."""
    if command not in SERVING_COMMANDS or _running or not hasattr(os, "fork"):
        return []
    work = work or _warm
    started = []
    for part in stale_parts():
        _prepare(part)  # imported here, once, so the child does not import them again
        try:
            pid = os.fork()
        except OSError as error:
            log.info("start-up cache child not started (%s)", type(error).__name__)
            continue
        if pid == 0:  # the child: do the part, then leave without running anything of the parent's
            code = 1
            try:
                work(part)
                code = 0
            finally:
                os._exit(code)
        _running.append((part, pid))
        started.append(part)
    return started


def finish(timeout: float = WAIT_SECONDS) -> None:
    """Wait for the children ``start`` forked (none: returns at once); stop one that is too slow."""
    deadline = time.monotonic() + timeout
    while _running:
        part, pid = _running.pop(0)
        code = _wait(pid, deadline)
        if code is None:
            log.warning("start-up cache helper (%s) too slow; stopped, building here", part)
        elif code != 0:
            log.warning("start-up cache helper (%s) failed (exit %s); building here", part, code)


def _wait(pid: int, deadline: float) -> int | None:
    """The child's exit code, or None when it was still running at ``deadline`` (then killed)."""
    delay = 0.002
    while True:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:  # reaped elsewhere: nothing to wait for
            return 0
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() >= deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return None
        time.sleep(delay)
        delay = min(delay * 2, 0.02)


def _prepare(part: str) -> None:
    """Import what ``_warm(part)`` uses (in the parent, before the fork)."""
    if part == "regex":
        importlib.import_module("bot.safety")
    else:
        for module in ("adapters.classifier_cache", "bot.knowledge", "bot.language.places"):
            importlib.import_module(module)


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
