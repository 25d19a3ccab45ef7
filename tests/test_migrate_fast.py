"""Start-up on a database already at the newest revision: two plain reads, no Alembic import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import func, select, text

from storage.engine import create_engine
from storage.migrate import alembic_config, head_revision, migrate
from storage.tables import groups

ROOT = Path(__file__).resolve().parent.parent
CHILD = """
import asyncio, sys
from storage.engine import create_engine
from storage.migrate import migrate
async def main():
    engine = create_engine(sys.argv[1])
    await migrate(engine)
    await engine.dispose()
asyncio.run(main())
print("alembic imported" if "alembic" in sys.modules else "alembic not imported")
"""


def test_the_head_read_from_the_files_is_alembic_s_head() -> None:
    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()


async def test_an_up_to_date_database_is_started_without_alembic(db_url: str) -> None:
    engine = create_engine(db_url)
    await migrate(engine)
    await engine.dispose()
    done = subprocess.run([sys.executable, "-c", CHILD, db_url], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout.strip() == "alembic not imported", done.stderr[-2000:]


async def test_a_database_at_head_without_groups_is_still_seeded(db_url: str) -> None:
    engine = create_engine(db_url)
    await migrate(engine, seed=False)
    await migrate(engine)
    async with engine.connect() as conn:
        count = (await conn.execute(select(func.count()).select_from(groups))).scalar_one()
        version = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar_one()
    await engine.dispose()
    assert count > 0 and version == head_revision()
