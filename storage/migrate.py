"""Bringing a database up to date: the schema at the newest revision, then the demo schedule.

Start-up runs this every time, and never imports Alembic unless a database needs its
migrations (importing it and running them costs a few hundred milliseconds):

- a database already at the newest revision (and seeded) is recognised with two plain
  reads; the newest revision is read from the version files themselves;
- an empty database (none of our tables, no ``alembic_version``) gets the whole schema in
  one go from the models (``metadata.create_all``) and is stamped at the newest revision
  (``alembic_version`` written directly, as Alembic would). ``tests/test_migrations_match``
  keeps that schema equal to the one the migrations build;
- a database at an older revision goes through Alembic's migrations.

One migrator at a time: a PostgreSQL advisory lock, or SQLite's write lock (``BEGIN
IMMEDIATE``), taken before the database is looked at again; DDL is transactional on both,
so a process that waited finds the whole schema another one built, or none of it.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sqlalchemy import Column, MetaData, PrimaryKeyConstraint, String, Table, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.seed import seed_if_empty
from storage.tables import metadata

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
_LOCK_ID = 0x46444F52  # "FDOR": serialises migrations across processes on PostgreSQL
_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.*)$", re.M)
_QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")

# Alembic's own version table, exactly as Alembic creates it (alembic.runtime.migration).
alembic_version = Table(
    "alembic_version", MetaData(),
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)

#: What ``migrate`` did: nothing to do; built the schema (empty database); found it built by
#: another process that held the lock first; ran Alembic's migrations.
Outcome = Literal["current", "created", "found", "upgraded"]


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


def create_at_head(connection: Connection, head: str) -> None:
    """The whole schema from the models, stamped at ``head`` (an empty database only)."""
    metadata.create_all(connection, checkfirst=False)
    alembic_version.create(connection, checkfirst=False)
    connection.execute(alembic_version.insert(), {"version_num": head})


def _build(connection: Connection) -> Outcome:
    """Under the migration lock: build an empty database, or migrate one that needs it."""
    head = head_revision()
    present = set(inspect(connection).get_table_names())
    ours = set(metadata.tables) | {alembic_version.name}
    if head is not None and not present & ours:
        create_at_head(connection, head)
        return "created"
    if head is not None and alembic_version.name in present:
        versions = set(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
        if versions == {head}:
            return "found"  # another process built or migrated it while we waited
    _upgrade(connection)
    return "upgraded"


async def migrate(engine: AsyncEngine, *, seed: bool = True) -> Outcome:
    """Bring the schema to the newest revision and seed the schedule (idempotent, safe when
    several processes start at once); what it did."""
    async with engine.connect() as conn:
        if await _up_to_date(conn, seed):
            return "current"
    async with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            await conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
        else:
            await conn.exec_driver_sql("BEGIN IMMEDIATE")  # one migrator at a time
        outcome = await conn.run_sync(_build)
        if seed:
            await seed_if_empty(conn)
        await conn.commit()
    return outcome
