"""A unit of work: one connection, one transaction, per inbound message."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.errors import translate
from storage.repositories import (
    SqlAudit,
    SqlBookings,
    SqlEvents,
    SqlGroups,
    SqlMembers,
    SqlOutbox,
)


class SqlUnitOfWork:
    members: SqlMembers
    groups: SqlGroups
    bookings: SqlBookings
    events: SqlEvents
    outbox: SqlOutbox
    audit: SqlAudit

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._conn: AsyncConnection | None = None

    async def __aenter__(self) -> Self:
        try:
            conn = await self._engine.connect()
            await conn.begin()
        except BaseException as error:
            raise (translate(error) or error) from error
        self._conn = conn
        self.members = SqlMembers(conn)
        self.groups = SqlGroups(conn)
        self.bookings = SqlBookings(conn)
        self.events = SqlEvents(conn)
        self.outbox = SqlOutbox(conn)
        self.audit = SqlAudit(conn)
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

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine)
