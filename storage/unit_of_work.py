"""A unit of work: one connection, one transaction, per inbound message.

On SQLite (a file) the transaction runs on the event-loop thread through the synchronous
driver and opens with ``BEGIN IMMEDIATE`` (see ``storage.sqlite_loop``); on PostgreSQL it
runs through asyncpg, without a pool pre-ping: its first statement is the ping (see
``storage.pg_connection``).
"""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Self

from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.due import ANYTHING_DUE
from storage.errors import translate, unavailable
from storage.pg_connection import PgConnection
from storage.reminders import SqlReminders
from storage.sqlite_loop import Checkpointer, LoopConnection, begin_immediate, create_loop_engine
from storage.repositories import (
    SqlAudit,
    SqlBookings,
    SqlEvents,
    SqlGroups,
    SqlMembers,
    SqlOutbox,
    SqlStaffRequests,
)


class TaskReentrantLock:
    """An asyncio lock the holding task may take again (a unit of work opened inside another)."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()
        self._owner: asyncio.Task[object] | None = None
        self._depth = 0

    async def acquire(self) -> bool:
        """Take the lock; True when this task already held it (a nested unit of work)."""
        task = asyncio.current_task()
        if task is not None and self._owner is task:
            self._depth += 1
            return True
        await self._lock.acquire()
        self._owner, self._depth = task, 1
        return False

    def release(self) -> None:
        self._depth -= 1
        if self._depth == 0:
            self._owner = None
            self._lock.release()


class SqlUnitOfWork:
    members: SqlMembers
    groups: SqlGroups
    bookings: SqlBookings
    events: SqlEvents
    outbox: SqlOutbox
    audit: SqlAudit
    requests: SqlStaffRequests
    reminders: SqlReminders

    def __init__(self, engine: AsyncEngine, write_lock: TaskReentrantLock | None = None,
                 loop_engine: Engine | None = None, checkpointer: Checkpointer | None = None) -> None:
        self._engine = engine
        self._write_lock = write_lock
        self._loop_engine = loop_engine
        self._checkpointer = checkpointer
        self._pg: PgConnection | None = None
        self._sync: Connection | None = None
        self._changes = 0
        self._nested = False

    async def _open(self) -> PgConnection | LoopConnection:
        if self._loop_engine is None:
            conn = await self._engine.connect()
            await conn.begin()  # asyncpg sends BEGIN with the first statement
            self._pg = PgConnection(self._engine, conn)
            return self._pg
        sync = self._loop_engine.connect()
        try:
            # A unit of work opened inside another of the same task cannot have the write
            # lock (the outer one holds it): it reads (deferred BEGIN); a write in it fails
            # at once as a conflict instead of waiting for itself.
            await begin_immediate(sync, deferred=self._nested)
        except BaseException:
            sync.invalidate()  # a half-open transaction is not returned to the pool
            sync.close()
            raise
        self._sync = sync
        self._changes = sync.connection.dbapi_connection.total_changes  # type: ignore[union-attr]
        return LoopConnection(sync)

    async def __aenter__(self) -> Self:
        if self._write_lock is not None:
            self._nested = await self._write_lock.acquire()
        try:
            conn = await self._open()
        except Exception as error:
            if self._write_lock is not None:
                self._write_lock.release()
            raise unavailable(error) from error
        except BaseException:
            if self._write_lock is not None:
                self._write_lock.release()
            raise
        self.members = SqlMembers(conn)
        self.groups = SqlGroups(conn)
        self.bookings = SqlBookings(conn)
        self.events = SqlEvents(conn)
        self.outbox = SqlOutbox(conn)
        self.audit = SqlAudit(conn)
        self.requests = SqlStaffRequests(conn)
        self.reminders = SqlReminders(conn)
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, error: BaseException | None,
                        tb: TracebackType | None) -> None:
        sync, self._sync = self._sync, None
        if sync is not None:
            try:
                sync.rollback()
                sync.connection.dbapi_connection.rollback()  # type: ignore[union-attr]
            except Exception:  # the connection may be broken; closing below discards it
                sync.invalidate()
            finally:
                sync.close()
        pg, self._pg = self._pg, None
        if pg is not None:
            conn = pg.conn
            try:
                if conn.in_transaction():
                    await conn.rollback()
            except Exception:  # the connection may be gone; closing below discards it
                pass
            finally:
                try:
                    await conn.close()
                except Exception:
                    pass
        if self._write_lock is not None:
            self._write_lock.release()
        if error is not None:
            replacement = translate(error)
            if replacement is not None:
                raise replacement from error

    async def commit(self) -> None:
        if self._sync is not None:
            raw = self._sync.connection.dbapi_connection
            self._sync.commit()
            raw.commit()  # type: ignore[union-attr]
            if self._checkpointer is not None and raw.total_changes != self._changes:  # type: ignore[union-attr]
                self._checkpointer.committed()
            return
        assert self._pg is not None, "commit outside a unit of work"
        await self._pg.conn.commit()

    async def rollback(self) -> None:
        if self._sync is not None:
            self._sync.rollback()
            self._sync.connection.dbapi_connection.rollback()  # type: ignore[union-attr]
            return
        assert self._pg is not None, "rollback outside a unit of work"
        await self._pg.conn.rollback()


class SqlUnitOfWorkFactory:
    """Callable the core uses to open a unit of work on a shared engine."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        # SQLite lets one writer in at a time and makes the others sleep and poll; queueing
        # this process's transactions on a lock instead keeps waits short and fair.
        self._write_lock = TaskReentrantLock() if engine.dialect.name == "sqlite" else None
        self._loop_engine: Engine | None = None
        self._checkpointer: Checkpointer | None = None
        database = make_url(engine.url).database or ""
        if engine.dialect.name == "sqlite" and database and database != ":memory:" \
                and not database.startswith("file:"):
            self._loop_engine = create_loop_engine(engine.url.render_as_string(hide_password=False))
            self._checkpointer = Checkpointer(database)

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, self._write_lock, self._loop_engine, self._checkpointer)

    async def anything_due(self, params: dict[str, object]) -> bool:
        """One read of ``storage.due.ANYTHING_DUE`` (parameters from ``due_params``): no unit
        of work, no write lock, nothing locked. ``StoreUnavailable`` if the store fails."""
        try:
            if self._loop_engine is not None:  # autocommit connection: one read, no BEGIN
                with self._loop_engine.connect() as sync:
                    return bool(sync.execute(ANYTHING_DUE, params).scalar())
            async with self.engine.connect() as conn:
                return bool((await conn.execute(ANYTHING_DUE, params)).scalar())
        except Exception as error:
            raise unavailable(error) from error

    async def close(self) -> None:
        """Checkpoint the WAL and close the loop-thread connections (SQLite)."""
        if self._checkpointer is not None:
            await self._checkpointer.close()
        if self._loop_engine is not None:
            self._loop_engine.dispose()
