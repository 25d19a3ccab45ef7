"""Migration 0004 on a store that already has groups: keys backfilled, new columns defaulted."""

from __future__ import annotations

from datetime import date, time

from alembic import command
from sqlalchemy import Date, Time, bindparam, text
from sqlalchemy.engine import Connection

from storage.engine import create_engine
from storage.migrate import alembic_config, migrate


def _upgrade_to(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


async def test_existing_groups_get_stable_keys_and_stay_open(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(_upgrade_to, "0001")
            for weekday, clock in ((1, time(18)), (1, time(18)), (3, time(12))):
                await conn.execute(text(
                    "INSERT INTO groups (topic, kind, title, weekday, start_time, timezone, "
                    "duration_minutes, capacity, taken, start_date, facilitator) VALUES ('grief_loss', "
                    "'therapy', 'Grief', :w, :t, 'America/New_York', 60, 5, 0, :d, 'X')").bindparams(
                    bindparam("t", type_=Time), bindparam("d", type_=Date)),
                    {"w": weekday, "t": clock, "d": date(2027, 1, 5)})
        await migrate(engine, seed=False)
        async with engine.connect() as conn:
            rows = (await conn.execute(text(
                "SELECT key, is_open, join_mid_cycle FROM groups ORDER BY id"))).all()
        assert [tuple(r) for r in rows] == [("grief-loss-tue-1800", True, False),
                                            ("grief-loss-tue-1800-2", True, False),
                                            ("grief-loss-thu-1200", True, False)]
    finally:
        await engine.dispose()
