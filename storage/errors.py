"""Translating database errors into the core's two kinds: unavailable, or conflict."""

from __future__ import annotations

from sqlalchemy import exc as sa_exc

from bot.ports import StoreConflict, StoreUnavailable

# Worth retrying: another writer got there first, or the database asked us to try again.
_CONFLICT_MARKERS = ("database is locked", "UNIQUE constraint failed", "UniqueViolation",
                     "deadlock detected", "could not serialize", "SerializationError",
                     "DeadlockDetectedError")
# PostgreSQL SQLSTATE classes meaning "the server cannot serve us now": connection
# exceptions, insufficient resources, operator intervention (shutdown, cancel).
_UNAVAILABLE_SQLSTATE_CLASSES = ("08", "53", "57")


def _sqlstate(error: BaseException | None) -> str:
    code = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
    if code is None and error is not None:
        code = getattr(getattr(error, "__cause__", None), "sqlstate", None)
    return str(code or "")


def translate(error: BaseException) -> BaseException | None:
    """The core-level error for a database error, or None to let it through (a bug)."""
    if isinstance(error, (StoreConflict, StoreUnavailable)):
        return None
    if isinstance(error, sa_exc.DBAPIError):
        text = f"{type(error.orig).__name__} {error.orig}"
        state = _sqlstate(error.orig)
        if any(marker in text for marker in _CONFLICT_MARKERS) or state in ("23505", "40001", "40P01"):
            return StoreConflict(type(error.orig).__name__)
        if isinstance(error, sa_exc.IntegrityError):
            return None  # a check or foreign key failing: retrying would fail the same way
        if (error.connection_invalidated or state[:2] in _UNAVAILABLE_SQLSTATE_CLASSES
                or isinstance(error, (sa_exc.OperationalError, sa_exc.InterfaceError))):
            return StoreUnavailable(type(error.orig).__name__)
        return None
    if isinstance(error, (OSError, ConnectionError, sa_exc.TimeoutError)):
        return StoreUnavailable(type(error).__name__)
    if type(error).__module__.startswith("asyncpg") and (
            "Connection" in type(error).__name__ or _sqlstate(error)[:2] in _UNAVAILABLE_SQLSTATE_CLASSES):
        return StoreUnavailable(type(error).__name__)
    return None


def unavailable(error: BaseException) -> StoreUnavailable:
    """Any failure to open a connection means the store cannot be reached."""
    translated = translate(error)
    if isinstance(translated, StoreUnavailable):
        return translated
    return StoreUnavailable(type(error).__name__)
