"""Shared fixtures: the core over fakes, and the real store on SQLite or PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.wiring import Content, build_services, load_content
from bot.config import CoreConfig
from bot.core import Core
from bot.identity import MemberRefs
from bot.language.places import PlaceIndex
from bot.safety import CrisisDetector
from bot.dependencies import Dependencies
from storage.engine import create_engine, normalise_url
from storage.migrate import migrate
from storage.reset import drop_everything
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.chat import Chat
from tests.fakes import FakeClock, FakeStore

_services_cache: dict[CoreConfig, Dependencies] = {}
_content: list[Content] = []

#: Member references as a deployment without MEMBER_REF_SECRET makes them.
member_ref = MemberRefs()
#: One place index for the whole test session, as one process has.
PLACES = PlaceIndex()

# The age gate (issue 9) asks "Are you 18 or older?" before a first booking. Transcripts
# written before it existed book without it: the shared fixtures turn it off (MIN_AGE=0,
# also for the CLI and adapter harnesses that read settings); tests/test_age_gate.py
# and the adapter tests of the gate turn it on explicitly (age_gate=True, MIN_AGE=18).
os.environ.setdefault("MIN_AGE", "0")


def content() -> Content:
    """The published content, loaded once for the whole test session (as a process does)."""
    if not _content:
        _content.append(load_content())
    return _content[0]


def default_detector() -> CrisisDetector:
    return content().detector


def crisis_reading(text: str) -> str:
    """The primary normalised reading of ``text`` under the published spellings table."""
    readings = default_detector().readings(text)
    return readings[0] if readings else ""


def services_for(config: CoreConfig, *, age_gate: bool = False) -> Dependencies:
    if not age_gate:
        config = replace(config, min_age=0)
    if config not in _services_cache:
        _services_cache[config] = build_services(config, content(), places=PLACES)
    return _services_cache[config]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store() -> FakeStore:
    fake = FakeStore()
    fake.add_group(topic="anxiety", title="Anxiety group", capacity=3)
    fake.add_group(topic="grief_loss", title="Grief and loss group", weekday=2, capacity=1)
    fake.add_group(topic="dbt_skills", kind="dbt_skills", title="DBT skills group", weekday=5,
                   capacity=12, facilitator="Chris Novak")
    return fake


@pytest.fixture
def config() -> CoreConfig:
    return CoreConfig(staff_ids=frozenset({"staff1"}))


@pytest.fixture
def core(store: FakeStore, clock: FakeClock, config: CoreConfig) -> Core:
    return Core(store, clock, services_for(config))


@pytest.fixture
def chat(core: Core) -> Chat:
    return Chat(core)


# -- the real store ----------------------------------------------------------------------

async def _admin(url: str, statement: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(statement))
    await engine.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str | None]:
    """A private database for this test session, when DATABASE_URL points at PostgreSQL.

    Each session gets its own database, so concurrent runs never trample each other.
    """
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgresql"):
        yield None
        return
    name = f"frontdoor_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    asyncio.run(_admin(url, f'CREATE DATABASE "{name}"'))
    yield make_url(normalise_url(url)).set(database=name).render_as_string(hide_password=False)
    asyncio.run(_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def database_url(tmp_path: Path, postgres: str | None) -> str:
    """PostgreSQL when DATABASE_URL points at it; otherwise a fresh SQLite file."""
    return postgres or f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
async def db_url(tmp_path: Path, postgres_url: str | None) -> AsyncIterator[str]:
    url = database_url(tmp_path, postgres_url)
    engine = create_engine(url)
    await drop_everything(engine)
    await engine.dispose()
    yield url


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(db_url)
    await migrate(engine, seed=False)
    yield engine
    await engine.dispose()


@pytest.fixture
def sql_uow(engine: AsyncEngine) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(engine)


def _on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgresql")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On the PostgreSQL pass, run only the tests that open a store (every such test reaches
    the ``postgres_url`` fixture); the rest (the core over fakes, parsers, renderers) never
    touch a database, ran on the SQLite pass and would run identically again.
    ``ALL_TESTS_ON_POSTGRES=1`` runs everything."""
    if not _on_postgres() or os.environ.get("ALL_TESTS_ON_POSTGRES") == "1":
        return
    keep = [item for item in items if "postgres_url" in getattr(item, "fixturenames", ())]
    dropped = [item for item in items if "postgres_url" not in getattr(item, "fixturenames", ())]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


def pytest_report_header(config: pytest.Config) -> str | None:
    if _on_postgres() and os.environ.get("ALL_TESTS_ON_POSTGRES") != "1":
        return "PostgreSQL pass: only tests that open a store (the others ran on the SQLite pass)"
    return None
