"""The connection a repository is handed: the part of ``AsyncConnection`` it uses.

On PostgreSQL a unit of work hands the repositories SQLAlchemy's ``AsyncConnection``; on
SQLite it hands them a ``storage.sqlite_loop.LoopConnection`` (a synchronous connection on
the loop thread). Both satisfy ``SqlConnection``, so the repositories are typed once.
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy.engine import CursorResult, Dialect
from sqlalchemy.sql.base import Executable


class SqlConnection(Protocol):
    @property
    def dialect(self) -> Dialect: ...

    async def execute(self, statement: Executable, parameters: Any = None) -> CursorResult[Any]: ...
