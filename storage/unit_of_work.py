"""A unit of work: one connection, one transaction, per inbound message."""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.errors import translate, unavailable
from storage.reminders import SqlReminders
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

    async def acquire(self) -> None:
        task = asyncio.current_task()
        if task is not None and self._owner is task:
            self._depth += 1
            return
        await self._lock.acquire()
        self._owner, self._depth = task, 1

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

    def __init__(self, engine: AsyncEngine, write_lock: TaskReentrantLock | None = None) -> None:
        self._engine = engine
        self._write_lock = write_lock
        self._conn: AsyncConnection | None = None

    async def __aenter__(self) -> Self:
        if self._write_lock is not None:
            await self._write_lock.acquire()
        try:
            conn = await self._engine.connect()
            await conn.begin()
        except Exception as error:
            if self._write_lock is not None:
                self._write_lock.release()
            raise unavailable(error) from error
        except BaseException:
            if self._write_lock is not None:
                self._write_lock.release()
            raise
        self._conn = conn
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
        conn, self._conn = self._conn, None
        if conn is not None:
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
        assert self._conn is not None, "commit outside a unit of work"
        await self._conn.commit()

    async def rollback(self) -> None:
        assert self._conn is not None, "rollback outside a unit of work"
        await self._conn.rollback()


class SqlUnitOfWorkFactory:
    """Callable the core uses to open a unit of work on a shared engine."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        # SQLite lets one writer in at a time and makes the others sleep and poll; queueing
        # this process's transactions on a lock instead keeps waits short and fair.
        self._write_lock = TaskReentrantLock() if engine.dialect.name == "sqlite" else None

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, self._write_lock)
