"""Engine setup: SQLite (WAL, foreign keys, busy timeout, immediate writes) or PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

BUSY_TIMEOUT_MS = 10_000


def normalise_url(url: str) -> str:
    """Accept plain 'sqlite:///' and 'postgresql://' URLs and pick the async drivers."""
    parsed = make_url(url)
    if parsed.drivername in ("sqlite", "sqlite+pysqlite"):
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    elif parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg2", "postgresql+psycopg"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    return parsed.render_as_string(hide_password=False)


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        # Every unit of work ends in an explicit commit or rollback, so the pool need not
        # roll back again on return (one thread hop saved per transaction).
        kwargs.setdefault("pool_reset_on_return", None)
        engine = create_async_engine(url, hide_parameters=True,
                                     connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, **kwargs)
        _tune_sqlite(engine)
        return engine
    # No pre-ping (three asyncpg round trips a checkout): a unit of work's first statement
    # finds a dead pooled connection instead and runs again on a new one (storage.pg_connection).
    return create_async_engine(url, hide_parameters=True, pool_size=10, max_overflow=10, **kwargs)


def _tune_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The driver opens "BEGIN IMMEDIATE" itself right before the first write of a
        # transaction, in the same call: writers queue for the lock up front (no
        # read-then-upgrade deadlocks) without a round trip of their own. Units of work
        # therefore start with a write (see SqlMembers.get(for_update=True)).
        dbapi_connection.isolation_level = "IMMEDIATE"
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()
