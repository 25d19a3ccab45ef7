"""A tick with nothing due writes and locks nothing (JSON-lines mode ticks after every line).

Counts the statements the store really sends (SQLite on the loop thread, or PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from storage.unit_of_work import SqlUnitOfWorkFactory

NOW = datetime(2027, 1, 4, 12, 0, tzinfo=UTC)


@contextmanager
def statements(factory: SqlUnitOfWorkFactory) -> Iterator[list[str]]:
    engine: Engine = factory._loop_engine or factory.engine.sync_engine
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split()).upper())

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


async def test_a_reminder_tick_with_nothing_due_writes_and_locks_nothing(
        sql_uow: SqlUnitOfWorkFactory) -> None:
    with statements(sql_uow) as seen:
        async with sql_uow() as uow:
            assert await uow.reminders.claim_due(NOW, [1440, 60], 50) == []
            await uow.commit()
    assert seen and all(s.startswith("SELECT") and "FOR UPDATE" not in s for s in seen), seen
