"""Fixtures: the real app on the test database, a fake Discord edge, a member to talk as."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TypeVar

import pytest

from adapters.settings import DiscordSettings, InviteSettings, Settings
from adapters.wiring import Runtime, build_console
from tests.discord.fake_discord import FakeDiscord
from tests.discord.world import DiscordMember, World
from tests.fakes import FakeClock

STAFF_ID = 1000000000000000001
S = TypeVar("S", bound=Settings)


def settings(**overrides: object) -> Settings:
    return _settings(Settings, overrides)


def discord_settings(**overrides: object) -> DiscordSettings:
    """What ``frontdoor discord`` reads (``SettingsError`` when the token or channel is missing)."""
    return _settings(DiscordSettings, overrides)


def invite_settings(**overrides: object) -> InviteSettings:
    """What ``frontdoor discord --invite-url`` reads."""
    return _settings(InviteSettings, overrides)


def _settings(model: type[S], overrides: dict[str, object]) -> S:
    values: dict[str, object] = {"staff_user_ids": str(STAFF_ID), "discord_token": None,
                                 "discord_staff_channel_id": None, "discord_application_id": None}
    values.update(overrides)
    return model(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


@pytest.fixture
async def app(db_url: str, clock: FakeClock) -> AsyncIterator[Runtime]:
    built = await build_console(settings(), database_url=db_url, clock=clock)
    yield built
    await built.close()


@pytest.fixture
def fake() -> FakeDiscord:
    return FakeDiscord()


@pytest.fixture
async def world(app: Runtime, fake: FakeDiscord) -> AsyncIterator[World]:
    started = await World.start(app.core, fake)
    yield started
    await started.close()


@pytest.fixture
def river(world: World) -> DiscordMember:
    return world.member()
