"""SQLite on the event-loop thread: a synchronous engine behind a small awaitable wrapper.

A SQLite statement takes microseconds; handing each one to a worker thread (aiosqlite)
costs more than the statement. So units of work on SQLite run the synchronous pysqlite
driver directly on the loop thread, and never let it block there:

- ``busy_timeout`` is 0: SQLite never sleeps inside a call. Every unit of work opens with
  an explicit ``BEGIN IMMEDIATE`` (the write lock up front: no read-then-upgrade deadlocks,
  and every later statement of the transaction runs under the lock, so none of them can
  find the database busy). While another process holds the lock, the BEGIN is retried
  with ``await asyncio.sleep`` and a growing pause, so the loop keeps serving; the
  caller's ``asyncio.timeout`` still bounds the wait.
- Durable: ``synchronous=FULL`` in WAL mode (a commit is on disk before it returns).
- WAL checkpoints are off the hot path: automatic checkpoints are off on these
  connections, and a background thread with its own connection runs a PASSIVE
  checkpoint (which never blocks writers or readers) every ``CHECKPOINT_EVERY`` commits.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from typing import Any

from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import event
from sqlalchemy.engine import Connection, CursorResult, Dialect, Engine, make_url
from sqlalchemy.sql.base import Executable

CHECKPOINT_EVERY = 200          # commits between background checkpoints
CHECKPOINT_BUSY_TIMEOUT_MS = 1_000
FIRST_PAUSE = 0.001             # seconds before the first retry of a busy BEGIN
MAX_PAUSE = 0.02
MAX_WAIT = 10.0                 # seconds a BEGIN waits for the lock at most, as busy_timeout did


def sync_url(url: str) -> str:
    """The same SQLite database through the synchronous pysqlite driver."""
    return make_url(url).set(drivername="sqlite+pysqlite").render_as_string(hide_password=False)


def is_busy(error: BaseException) -> bool:
    return isinstance(error, sqlite3.OperationalError) and (
        "database is locked" in str(error) or "database is busy" in str(error))


def create_loop_engine(url: str) -> Engine:
    """A synchronous engine for units of work run on the loop thread (see module docstring)."""
    engine = create_sync_engine(sync_url(url), hide_parameters=True, pool_reset_on_return=None,
                                pool_size=5, max_overflow=20)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the driver begins nothing: we BEGIN IMMEDIATE
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=0")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA wal_autocheckpoint=0")
        cursor.close()

    return engine


class LoopConnection:
    """The part of ``AsyncConnection`` the repositories use, over a synchronous connection."""

    __slots__ = ("_conn", "dialect")

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self.dialect: Dialect = conn.dialect

    async def execute(self, statement: Executable, parameters: Any = None) -> CursorResult[Any]:
        return self._conn.execute(statement, parameters)


async def begin_immediate(conn: Connection, *, deferred: bool = False) -> None:
    """``BEGIN IMMEDIATE``, waiting (without blocking the loop) while another holds the lock
    (``deferred``: a plain ``BEGIN``, for a unit of work nested in one holding the lock)."""
    raw = conn.connection.dbapi_connection
    assert raw is not None
    if deferred:
        raw.execute("BEGIN")
        return
    pause = FIRST_PAUSE
    deadline = asyncio.get_running_loop().time() + MAX_WAIT
    while True:
        try:
            raw.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as error:
            if not is_busy(error) or asyncio.get_running_loop().time() > deadline:
                raise
        await asyncio.sleep(pause)
        pause = min(MAX_PAUSE, pause * 2)


class Checkpointer:
    """Runs PASSIVE WAL checkpoints in a background thread, never on the loop."""

    def __init__(self, database: str) -> None:
        self._database = database
        self._commits = 0
        self._running: asyncio.Future[None] | None = None
        self._lock = threading.Lock()
        self.runs = 0

    def committed(self) -> None:
        self._commits += 1
        if self._commits >= CHECKPOINT_EVERY and (self._running is None or self._running.done()):
            self._commits = 0
            self._running = asyncio.ensure_future(asyncio.to_thread(self.checkpoint))

    def checkpoint(self) -> None:
        with self._lock:
            try:
                conn = sqlite3.connect(self._database, timeout=CHECKPOINT_BUSY_TIMEOUT_MS / 1000,
                                       isolation_level=None)
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                finally:
                    conn.close()
                self.runs += 1
            except sqlite3.Error:  # a later run (or the next process's) catches up
                pass

    async def close(self) -> None:
        if self._running is not None:
            try:
                await self._running
            except Exception:
                pass
        await asyncio.to_thread(self.checkpoint)
