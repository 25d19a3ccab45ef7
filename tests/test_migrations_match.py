"""An empty database is built from the models in one go and stamped at the newest revision.

The schema built that way must be the one the migrations build (tables, columns and their
types, nullability, defaults, indexes, unique constraints, foreign keys, checks), on SQLite
and PostgreSQL; building must not import Alembic; and two processes starting at once on
one empty database must end with one schema, built once, seeded once.
"""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import DefaultClause, Index, MetaData, String, func, select, text
from sqlalchemy.engine import Connection, make_url

from storage.engine import create_engine
from storage.migrate import _LOCK_ID, _upgrade, alembic_version, create_at_head, head_revision, migrate
from storage.reset import drop_everything
from storage.schema_snapshot import Snapshot, differences, snapshot
from storage.seed import load_schedule
from storage.tables import groups, metadata

ROOT = Path(__file__).resolve().parent.parent
CHILD = """
import asyncio, sys
from storage.engine import create_engine
from storage.migrate import migrate
async def main():
    engine = create_engine(sys.argv[1])
    print("ready", flush=True)
    outcome = await migrate(engine)
    await engine.dispose()
    print(outcome, flush=True)
asyncio.run(main())
print("alembic imported" if "alembic" in sys.modules else "alembic not imported")
"""


async def _built(url: str, build: Callable[[Connection], None]) -> Snapshot:
    engine = create_engine(url)
    try:
        await drop_everything(engine)
        async with engine.begin() as conn:
            await conn.run_sync(build)
        async with engine.connect() as conn:
            return await conn.run_sync(snapshot)
    finally:
        await engine.dispose()


def _from_models(connection: Connection) -> None:
    head = head_revision()
    assert head is not None
    create_at_head(connection, head)


async def test_the_models_build_the_schema_the_migrations_build(db_url: str) -> None:
    migrated = await _built(db_url, _upgrade)
    built = await _built(db_url, _from_models)
    assert set(migrated) == set(metadata.tables) | {"alembic_version"}
    assert differences(built, migrated) == []


def _tweaked(change: Callable[[MetaData], None]) -> Callable[[Connection], None]:
    """A build from a copy of the models with one deliberate change."""
    def build(connection: Connection) -> None:
        copy = MetaData(naming_convention=metadata.naming_convention)
        for table in metadata.sorted_tables:
            table.to_metadata(copy)
        change(copy)
        copy.create_all(connection)
        alembic_version.create(connection)
    return build


def _longer_platform(m: MetaData) -> None:
    m.tables["members"].c.platform.type = String(21)


def _nullable_topic(m: MetaData) -> None:
    m.tables["groups"].c.topic.nullable = True


def _other_default(m: MetaData) -> None:
    m.tables["staff_requests"].c.escalations.server_default = DefaultClause("1")


def _extra_index(m: MetaData) -> None:
    Index("ix_audit_action", m.tables["audit"].c.action)


def _no_cascade(m: MetaData) -> None:
    for fk in m.tables["bookings"].foreign_keys:
        fk.ondelete = None
        fk.constraint.ondelete = None  # type: ignore[union-attr]


@pytest.mark.parametrize("change, table", [
    (_longer_platform, "members"), (_nullable_topic, "groups"), (_other_default, "staff_requests"),
    (_extra_index, "audit"), (_no_cascade, "bookings")])
async def test_the_comparison_sees_a_model_that_disagrees(db_url: str, change: Callable[[MetaData], None],
                                                          table: str) -> None:
    migrated = await _built(db_url, _upgrade)
    found = differences(await _built(db_url, _tweaked(change)), migrated)
    assert found and all(line.startswith(table) for line in found), found


async def test_an_empty_database_is_built_without_alembic(db_url: str) -> None:
    done = subprocess.run([sys.executable, "-c", CHILD, db_url], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout.split() == ["ready", "created", "alembic", "not", "imported"], done.stderr[-2000:]
    engine = create_engine(db_url)
    async with engine.connect() as conn:
        version = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalars().all()
        count = (await conn.execute(select(func.count()).select_from(groups))).scalar_one()
    await engine.dispose()
    assert version == [head_revision()] and count == len(load_schedule())


async def test_an_older_database_still_goes_through_the_migrations(db_url: str) -> None:
    from alembic import command

    from storage.migrate import alembic_config

    def to_0005(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0005")

    engine = create_engine(db_url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(to_0005)
        assert await migrate(engine) == "upgraded"
        assert await migrate(engine) == "current"
        async with engine.connect() as conn:
            version = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar_one()
        assert version == head_revision()
    finally:
        await engine.dispose()


async def _pg_waiters(url: str) -> int:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return int((await conn.execute(text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
                "AND objid = :id AND database = (SELECT oid FROM pg_database "
                "WHERE datname = current_database())"), {"id": _LOCK_ID})).scalar_one())
    finally:
        await engine.dispose()


async def test_two_processes_on_one_empty_database_build_it_once(db_url: str) -> None:
    """Both find the database empty, then queue on the migration lock (held here until both
    wait on it): one builds and seeds, the other finds the schema built."""
    postgres = db_url.startswith("postgresql")
    if postgres:
        holder_engine = create_engine(db_url, isolation_level="AUTOCOMMIT")
        holder = await holder_engine.connect()
        await holder.execute(text("SELECT pg_advisory_lock(:id)"), {"id": _LOCK_ID})
    else:
        path = make_url(db_url).database
        assert path
        sqlite_holder = sqlite3.connect(path, isolation_level=None)
        sqlite_holder.execute("PRAGMA journal_mode=WAL")
        sqlite_holder.execute("BEGIN IMMEDIATE")
    children = [subprocess.Popen([sys.executable, "-c", CHILD, db_url], cwd=ROOT, text=True,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    try:
        for child in children:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 60
        if postgres:
            while await _pg_waiters(db_url) < 2:
                assert time.monotonic() < deadline, "the two processes never queued on the lock"
                await asyncio.sleep(0.05)
        else:
            await asyncio.sleep(1.5)  # their first read (no schema yet) takes milliseconds
    finally:
        if postgres:
            await holder.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": _LOCK_ID})
            await holder.close()
            await holder_engine.dispose()
        else:
            sqlite_holder.execute("COMMIT")
            sqlite_holder.close()
    outcomes = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err[-2000:]
        outcomes.append(out.split()[0])
    assert sorted(outcomes) == ["created", "found"]
    engine = create_engine(db_url)
    async with engine.connect() as conn:
        version = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalars().all()
        count = (await conn.execute(select(func.count()).select_from(groups))).scalar_one()
        tables = set(await conn.run_sync(snapshot))
    await engine.dispose()
    assert version == [head_revision()]
    assert count == len(load_schedule())
    assert tables == set(metadata.tables) | {"alembic_version"}
