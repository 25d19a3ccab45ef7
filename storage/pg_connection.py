"""A PostgreSQL unit of work's connection: its first statement doubles as the pool's ping.

A pre-ping on checkout costs asyncpg three round trips (BEGIN, ``;``, ROLLBACK) before
every unit of work, to find a pooled connection that died (server restart, idle
timeout, failover) before it is used. Instead the pool does not ping, and a unit of work
whose *first* statement finds its connection dead (SQLAlchemy invalidates it and the
pool) runs that statement again, once, on a new connection: nothing of the transaction
had run (the dead connection's transaction is gone with it), so the retry is the same
unit of work, and the member never sees the dead connection. A failure on any later
statement, or on the new connection, is raised as before (the store is unavailable).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import CursorResult, Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.sql.base import Executable


class PgConnection:
    """The part of ``AsyncConnection`` the repositories use, with the first-statement retry."""

    __slots__ = ("conn", "_engine", "_first", "dialect", "reconnects")

    def __init__(self, engine: AsyncEngine, conn: AsyncConnection) -> None:
        self._engine = engine
        self.conn = conn
        self.dialect: Dialect = conn.dialect
        self._first = True
        self.reconnects = 0

    async def execute(self, statement: Executable, parameters: Any = None) -> CursorResult[Any]:
        if not self._first:
            return await self.conn.execute(statement, parameters)
        self._first = False
        try:
            return await self.conn.execute(statement, parameters)
        except DBAPIError as error:
            if not error.connection_invalidated:
                raise
        # The pooled connection was dead before this transaction began: a new one.
        try:
            await self.conn.close()
        except Exception:  # already invalidated; closing only returns it to the pool
            pass
        self.conn = await self._engine.connect()
        await self.conn.begin()
        self.reconnects += 1
        return await self.conn.execute(statement, parameters)
