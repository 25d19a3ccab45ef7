"""Bringing a database up to date: Alembic migrations, then the demo schedule."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.seed import seed_if_empty

MIGRATIONS = Path(__file__).with_name("migrations")
_LOCK_ID = 0x46444F52  # "FDOR": serialises migrations across processes on PostgreSQL


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _upgrade(connection: Connection) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


async def migrate(engine: AsyncEngine, *, seed: bool = True) -> None:
    """Apply migrations (idempotent, safe when several processes start at once)."""
    async with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            await conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
        else:
            await conn.exec_driver_sql("BEGIN IMMEDIATE")  # one migrator at a time
        await conn.run_sync(_upgrade)
        if seed:
            await seed_if_empty(conn)
        await conn.commit()
