"""A file of compiled regular expressions, so a restarted process does not compile them again.

Python's ``re`` compiles a pattern in pure Python. The crisis phrase lists are about
200,000 characters of expression once their pieces are filled in, and compiling them
was the largest part of start-up (about 0.6 s of CPU in every process). ``RegexCache``
keeps what ``re``'s compiler produced for each pattern (its code words, flags and groups)
in one file and rebuilds the pattern from it with ``_sre.compile``, the call ``re`` itself
ends with, in microseconds. A rebuilt pattern is the same object ``re.compile`` returns:
equal code, equal flags, equal groups (``tests/test_regex_cache.py`` compares them with
``==``, which compares the code word for word).

Nothing here can make a pattern match differently:

* an entry is found by the pattern's own text; the file is for one interpreter (its
  version and ``_sre.MAGIC`` are in the file name and in its header), so an edited
  pattern or another Python simply misses and is compiled as usual;
* the file carries a sha256 of its body (``adapters/cache_file.py``); one that does not
  check out is ignored;
* ``_sre.compile`` validates the code it is given;
* any surprise (the private compiler API changed, the file unreadable, the directory
  not writable) falls back to ``re.compile``, with one log line and no error.

The load-time checks of the phrase lists run unchanged on the rebuilt patterns. The
cache also keeps short texts derived from many patterns (``derived``), such as the
pre-filter's expression. Where the file lives is the composition root's choice
(``default_path``, in ``adapters.cache_file.cache_directory``).
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import marshal
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from adapters.cache_file import cache_directory, read_checked, write_checked

log = logging.getLogger("frontdoor.regex_cache")

_FORMAT: Final = 1
_sre: Any = importlib.import_module("_sre")
_re_parser: Any = importlib.import_module("re._parser")
_re_compiler: Any = importlib.import_module("re._compiler")
#: The interpreter the code words belong to: another one never reads this file.
INTERPRETER: Final = f"{sys.implementation.cache_tag}-{sys.version_info.releaselevel}{sys.version_info.serial}-sre{_sre.MAGIC}"

#: (flags, code, groups, groupindex, indexgroup): the arguments of ``_sre.compile`` after the pattern.
_Entry = tuple[int, tuple[int, ...], int, dict[str, int], tuple[str | None, ...]]


def default_path() -> Path:
    """``regex-<interpreter>.bin`` in the start-up cache's directory (``cache_directory``)."""
    return cache_directory() / f"regex-{INTERPRETER}.bin"


class RegexCache:
    """``compile(pattern)`` as ``re.compile`` does, from the file when the pattern is in it.

    Call ``save()`` once everything is compiled; it writes the file only when something
    new was compiled, atomically (another process reading it sees the old file or the new).
    """

    __slots__ = ("_compiled", "_derived", "_dirty", "_entries", "_path", "_used_derived", "hits", "misses")

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._entries: dict[str, _Entry] = {}
        self._derived: dict[str, str] = {}
        self._compiled: dict[str, re.Pattern[str]] = {}
        self._used_derived: set[str] = set()
        self._dirty = False
        self.hits = 0
        self.misses = 0
        if path is not None:
            self._read(path)

    def compile(self, pattern: str) -> re.Pattern[str]:
        """The compiled ``pattern`` (no flags), as ``re.compile(pattern)`` returns it."""
        found = self._compiled.get(pattern)
        if found is not None:
            return found
        entry = self._entries.get(pattern)
        compiled = _rebuild(pattern, entry) if entry is not None else None
        if compiled is None:
            compiled, entry = _compile(pattern)
            self.misses += 1
            if entry is not None:
                self._entries[pattern] = entry
                self._dirty = True
        else:
            self.hits += 1
        self._compiled[pattern] = compiled
        return compiled

    def derived(self, inputs: tuple[str, ...], build: Callable[[], str]) -> str:
        """A text computed from ``inputs`` (for instance the pre-filter's expression), kept too."""
        key = hashlib.sha256("\x00".join(inputs).encode("utf-8", "surrogatepass")).hexdigest()
        self._used_derived.add(key)
        found = self._derived.get(key)
        if found is None:
            found = self._derived[key] = build()
            self._dirty = True
        return found

    def save(self) -> None:
        """Write the file if anything new was compiled; a failure is logged, never raised.

        Only what this process used is written, so the entries of an edited-away pattern go.
        """
        if self._path is None or not self._dirty:
            return
        entries = {pattern: entry for pattern, entry in self._entries.items() if pattern in self._compiled}
        derived = {key: text for key, text in self._derived.items() if key in self._used_derived}
        if write_checked(self._path, marshal.dumps((_FORMAT, INTERPRETER, entries, derived)), log):
            self._dirty = False

    def _read(self, path: Path) -> None:
        body = read_checked(path, log)
        if body is None:
            return
        try:
            form, interpreter, entries, derived = marshal.loads(body)
            if (form, interpreter) != (_FORMAT, INTERPRETER):
                raise ValueError("another format or interpreter")
            if not isinstance(entries, dict) or not isinstance(derived, dict):
                raise ValueError("unexpected contents")
        except (ValueError, TypeError, EOFError) as error:
            log.info("compiled-pattern cache ignored (%s)", type(error).__name__)
            return
        self._entries = entries
        self._derived = derived


def _compile(pattern: str) -> tuple[re.Pattern[str], _Entry | None]:
    """Compile as ``re._compiler.compile`` does, keeping its arguments to ``_sre.compile``.

    Falls back to ``re.compile`` (and keeps nothing) if the private API is not as expected.
    """
    try:
        parsed = _re_parser.parse(pattern, 0)
        code = _re_compiler._code(parsed, 0)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        # plain ints: the compiler's opcodes are an int subclass, which marshal does not write
        entry: _Entry = (int(parsed.state.flags), tuple(map(int, code)), int(parsed.state.groups) - 1,
                         {str(name): int(index) for name, index in groupindex.items()}, tuple(indexgroup))
        compiled = _rebuild(pattern, entry)
    except re.error:
        raise
    except Exception as error:  # the private compiler API changed: compile as usual
        log.info("compiled-pattern cache off (%s)", type(error).__name__)
        return re.compile(pattern), None
    if compiled is None:
        return re.compile(pattern), None
    return compiled, entry


def _rebuild(pattern: str, entry: _Entry) -> re.Pattern[str] | None:
    flags, code, groups, groupindex, indexgroup = entry
    try:
        compiled: re.Pattern[str] = _sre.compile(pattern, flags, list(code), groups, groupindex, indexgroup)
    except Exception:  # invalid code (``_sre`` checks it), or another API
        return None
    return compiled
