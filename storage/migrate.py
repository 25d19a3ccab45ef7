"""Bringing a database up to date: Alembic migrations, then the demo schedule.

Start-up runs this every time. A database already at the newest revision (and seeded) is
recognised with two plain reads, without importing Alembic (a few hundred milliseconds of
start-up): the newest revision is read from the version files themselves.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.seed import seed_if_empty

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
_LOCK_ID = 0x46444F52  # "FDOR": serialises migrations across processes on PostgreSQL
_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.*)$", re.M)
_QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@cache
def head_revision() -> str | None:
    """The one revision no other revises, from the version files (None if not exactly one)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found = _REVISION.search(source)
        if found is None:
            return None
        revisions.add(found.group(1))
        down = _DOWN.search(source)
        if down is not None:
            parents.update(_QUOTED.findall(down.group(1)))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


async def _up_to_date(conn: AsyncConnection, seed: bool) -> bool:
    head = head_revision()
    if head is None:
        return False
    try:
        versions = set((await conn.execute(text("SELECT version_num FROM alembic_version"))).scalars())
        seeded = not seed or (await conn.execute(text("SELECT 1 FROM groups LIMIT 1"))).first() is not None
    except Exception:  # no such table yet: a new database
        return False
    finally:
        await conn.rollback()
    return versions == {head} and seeded


def _upgrade(connection: Connection) -> None:
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


async def migrate(engine: AsyncEngine, *, seed: bool = True) -> None:
    """Apply migrations (idempotent, safe when several processes start at once)."""
    async with engine.connect() as conn:
        if await _up_to_date(conn, seed):
            return
    async with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            await conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
        else:
            await conn.exec_driver_sql("BEGIN IMMEDIATE")  # one migrator at a time
        await conn.run_sync(_upgrade)
        if seed:
            await seed_if_empty(conn)
        await conn.commit()
