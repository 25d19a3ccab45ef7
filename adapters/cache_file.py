"""One file of the start-up cache: where the cache lives, and reading and writing a file checked
by a sha256 of its body, written atomically (a reader sees the old file or the new one).

Used by ``adapters/regex_cache.py`` (compiled crisis patterns) and
``adapters/classifier_cache.py`` (the built classifier). A failure to read or write is logged
(on the caller's logger) and returned as "nothing", never raised: the cache only ever saves time.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path
from typing import Final

_DIGEST: Final = 32  # bytes of sha256 before the body


def cache_directory() -> Path:
    """``$XDG_CACHE_HOME/frontdoor`` (``~/.cache/frontdoor`` without it)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "frontdoor"


def read_checked(path: Path, log: logging.Logger) -> bytes | None:
    """The body of a file ``write_checked`` wrote, or None (missing, unreadable or damaged)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        log.info("cache not read (%s)", type(error).__name__)
        return None
    body = raw[_DIGEST:]
    if len(raw) < _DIGEST or hashlib.sha256(body).digest() != raw[:_DIGEST]:
        log.info("cache ignored (damaged file)")
        return None
    return body


def write_checked(path: Path, body: bytes, log: logging.Logger) -> bool:
    """Write ``body`` with its sha256, atomically; False (logged) if it could not be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(hashlib.sha256(body).digest() + body)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        log.info("cache not written (%s); the next start builds it again", type(error).__name__)
        return False
    return True
