"""PostgreSQL without a pool pre-ping: a pooled connection the server dropped is replaced unseen.

The engine no longer pings a connection on checkout (three asyncpg round trips a unit of
work); a unit of work whose first statement finds the connection dead runs it again on a
new one (storage/pg_connection.py). Real server, real dropped connections.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import actions
from bot.config import CoreConfig
from bot.core import STORE_DOWN, Core
from storage.engine import create_engine
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.chat import Chat
from tests.conftest import services_for
from tests.fakes import FakeClock


@pytest.fixture
def postgres_only(engine: AsyncEngine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only")


async def drop_every_other_connection(url: str) -> int:
    """What a server restart or an idle timeout does to the pool: its connections die."""
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        dropped = (await conn.execute(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"))).scalar_one()
    await admin.dispose()
    return int(dropped)


async def test_the_engine_does_not_ping_on_checkout(engine: AsyncEngine) -> None:
    assert engine.pool._pre_ping is False  # the first statement is the ping


async def test_a_turn_after_the_server_dropped_the_pooled_connection_is_answered(
        postgres_only: None, engine: AsyncEngine, clock: FakeClock) -> None:
    core = Core(SqlUnitOfWorkFactory(engine), clock, services_for(CoreConfig()))
    chat = Chat(core)
    await chat.act(actions.encode("groups"))
    assert STORE_DOWN not in chat.text
    assert await drop_every_other_connection(engine.url.render_as_string(hide_password=False)) >= 1
    await chat.act(actions.encode("groups"))
    assert STORE_DOWN not in chat.text and chat.last is not None and chat.last.intent == "groups"
    await chat.act(actions.encode("groups"))  # and the pool is healthy again
    assert STORE_DOWN not in chat.text


async def test_a_connection_dropped_mid_transaction_is_not_retried(
        postgres_only: None, engine: AsyncEngine) -> None:
    """Only the first statement is retried: after it, the transaction had done something."""
    factory = SqlUnitOfWorkFactory(engine)
    with pytest.raises(Exception) as raised:
        async with factory() as uow:
            await uow.groups.all()
            await drop_every_other_connection(engine.url.render_as_string(hide_password=False))
            await uow.groups.all()
    assert type(raised.value).__name__ == "StoreUnavailable"
    async with factory() as uow:  # the next unit of work gets a new connection
        assert isinstance(await uow.groups.all(), list)
