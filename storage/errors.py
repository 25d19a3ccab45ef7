"""Translating database errors into the core's two kinds: unavailable, or conflict."""

from __future__ import annotations

from sqlalchemy import exc as sa_exc

from bot.ports import StoreConflict, StoreUnavailable

_CONFLICT_MARKERS = ("database is locked", "deadlock detected", "could not serialize",
                     "SerializationError", "DeadlockDetectedError", "UniqueViolation")


def translate(error: BaseException) -> BaseException | None:
    """The core-level error for a database error, or None to let it through."""
    if isinstance(error, (StoreConflict, StoreUnavailable)):
        return None
    if isinstance(error, sa_exc.IntegrityError):
        return StoreConflict("integrity error")
    if isinstance(error, sa_exc.DBAPIError):
        text = f"{type(error.orig).__name__} {error.orig}"
        if any(marker in text for marker in _CONFLICT_MARKERS):
            return StoreConflict(type(error.orig).__name__)
        if error.connection_invalidated or isinstance(error, (sa_exc.OperationalError,
                                                             sa_exc.InterfaceError)):
            return StoreUnavailable(type(error.orig).__name__)
        return None
    if isinstance(error, (OSError, ConnectionError, sa_exc.TimeoutError)):
        return StoreUnavailable(type(error).__name__)
    if type(error).__module__.startswith("asyncpg") and "Connection" in type(error).__name__:
        return StoreUnavailable(type(error).__name__)
    return None
