"""SQLite units of work on the loop thread: durable, never blocking the loop, bounded by the timeout.

Another process holding the write lock is real here (a child process with BEGIN IMMEDIATE).
No timing assertions: the checks count what happened (ticks of the loop, rows, WAL bytes).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import CoreConfig
from bot.core import Core
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.chat import Chat
from tests.conftest import services_for
from tests.fakes import FakeClock

HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
"""


def _path(engine: AsyncEngine) -> str:
    return str(engine.url.database)


@pytest.fixture
def sqlite_only(engine: AsyncEngine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")


class Holder:
    """A second process holding SQLite's write lock until released."""

    def __init__(self, path: str) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", HOLDER, path], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None and self.proc.stdout.readline().strip() == "locked"

    def release(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("go\n")
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


@pytest.fixture
def holder(engine: AsyncEngine, sqlite_only: None) -> Iterator[Holder]:
    held = Holder(_path(engine))
    yield held
    if held.proc.poll() is None:
        held.release()


async def test_units_of_work_are_durable_and_never_sleep_in_sqlite(
        sql_uow: SqlUnitOfWorkFactory, sqlite_only: None) -> None:
    from sqlalchemy import text
    async with sql_uow() as uow:
        conn = uow.members._conn
        pragmas = {name: (await conn.execute(text(f"PRAGMA {name}"))).scalar()
                   for name in ("synchronous", "busy_timeout", "journal_mode", "foreign_keys",
                                "wal_autocheckpoint")}
    assert pragmas == {"synchronous": 2, "busy_timeout": 0, "journal_mode": "wal",
                       "foreign_keys": 1, "wal_autocheckpoint": 0}  # 2 = FULL


async def test_a_locked_database_does_not_stall_the_loop(
        sql_uow: SqlUnitOfWorkFactory, holder: Holder, clock: FakeClock) -> None:
    chat = Chat(Core(sql_uow, clock, services_for(CoreConfig())))
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    turn = asyncio.create_task(chat.say("how much does it cost"))
    ticking = asyncio.create_task(tick())
    await asyncio.sleep(0.5)
    assert not turn.done()  # waiting for the lock ...
    assert ticks >= 3       # ... while the loop goes on running other tasks
    holder.release()
    outcome = await turn
    ticking.cancel()
    assert outcome.intent == "cost" or "$" in chat.text
    async with sql_uow() as uow:
        assert await uow.members.get(chat.member.key) is not None  # the turn was stored


async def test_the_store_timeout_still_bounds_a_turn_on_a_locked_database(
        sql_uow: SqlUnitOfWorkFactory, holder: Holder, clock: FakeClock) -> None:
    config = CoreConfig(store_timeout_seconds=0.2)
    chat = Chat(Core(sql_uow, clock, services_for(config)))
    outcome = await asyncio.wait_for(chat.say("do you take insurance"), timeout=30)
    assert outcome.replies  # answered without the store (knowledge answer or the apology)
    holder.release()
    async with sql_uow() as uow:
        assert await uow.members.get(chat.member.key) is None  # nothing half-written


async def test_a_turn_that_changes_nothing_writes_nothing(
        sql_uow: SqlUnitOfWorkFactory, engine: AsyncEngine, sqlite_only: None, clock: FakeClock) -> None:
    chat = Chat(Core(sql_uow, clock, services_for(CoreConfig())))
    await chat.say("hi")
    await chat.say("how much does it cost")
    wal = Path(_path(engine) + "-wal")
    before = os.path.getsize(wal)
    for _ in range(5):
        await chat.say("how much does it cost")
    assert os.path.getsize(wal) == before


async def test_checkpoints_run_in_the_background(sql_uow: SqlUnitOfWorkFactory, sqlite_only: None,
                                                 clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("storage.sqlite_loop.CHECKPOINT_EVERY", 3)
    chat = Chat(Core(sql_uow, clock, services_for(CoreConfig())))
    for n in range(4):
        await Chat(chat.core, user=f"cp{n}").say("hi")
    await sql_uow.close()
    assert sql_uow._checkpointer is not None and sql_uow._checkpointer.runs >= 2
