"""Starting up: settings, a rejected token, the invite URL, intents, command sync, the relay loop."""

from __future__ import annotations

import asyncio
import base64
import logging
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import aiohttp
import discord
import pytest

from adapters import cli
from adapters.discord.client import FrontdoorClient, intents
from adapters.discord.frontdoor import DiscordFrontDoor
from adapters.discord.invite import (
    PERMISSIONS,
    application_id,
    application_id_from_token,
    invite_url,
)
from adapters.discord.main import build_client, relay_forever, run_discord, start_client
from adapters.settings import SettingsError
from adapters.wiring import Runtime
from bot.domain import Notice
from bot.relay import OutboxRelay
from tests.discord.conftest import discord_settings, invite_settings
from tests.discord.fake_discord import APPLICATION_ID, STAFF_CHANNEL_ID, FakeDiscord
from tests.discord.world import TOKEN, World
from tests.fakes import FakeClock, FakeStore, RecordingNotifier


def test_invite_url_has_both_scopes_and_only_the_needed_permissions() -> None:
    query = parse_qs(urlparse(invite_url(APPLICATION_ID)).query)
    assert query["client_id"] == [str(APPLICATION_ID)]
    assert query["scope"] == ["bot applications.commands"]
    granted = discord.Permissions(int(query["permissions"][0]))
    assert granted == PERMISSIONS
    assert {name for name, on in granted if on} == {
        "read_messages", "send_messages", "send_messages_in_threads", "read_message_history"}
    assert granted.view_channel  # discord.py's alias of read_messages


def test_application_id_from_settings_or_else_from_the_token() -> None:
    assert application_id(invite_settings(discord_application_id=42, discord_token=TOKEN)) == 42
    assert application_id(invite_settings(discord_token=TOKEN)) == APPLICATION_ID
    token = base64.b64encode(b"987654321098765432").decode().rstrip("=") + ".abc.def"
    assert application_id_from_token(token) == 987654321098765432
    with pytest.raises(SettingsError, match="DISCORD_TOKEN does not look like a bot token"):
        application_id_from_token("not-a-token")
    with pytest.raises(SettingsError, match="DISCORD_APPLICATION_ID"):
        application_id(invite_settings())


async def test_invite_url_only_prints_the_url(capsys: pytest.CaptureFixture[str]) -> None:
    await run_discord(invite_settings(discord_token=TOKEN), invite_url_only=True)
    assert capsys.readouterr().out.strip() == invite_url(APPLICATION_ID)


async def test_missing_settings_stop_with_one_line_naming_them() -> None:
    with pytest.raises(SettingsError, match=r"^DISCORD_TOKEN is not set"):
        await run_discord(discord_settings())
    with pytest.raises(SettingsError, match=r"^DISCORD_STAFF_CHANNEL_ID is not set"):
        await run_discord(discord_settings(discord_token=TOKEN))


def test_the_cli_prints_one_line_and_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    assert cli.main(["discord"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("frontdoor: DISCORD_TOKEN is not set") and err.count("\n") == 1


async def test_a_rejected_token_is_one_clear_line(app: Runtime, fake: FakeDiscord) -> None:
    fake.token_ok = False
    client = build_client(app, discord_settings(discord_token=TOKEN, discord_staff_channel_id=STAFF_CHANNEL_ID))
    fake.install(client)
    with pytest.raises(SettingsError, match=r"^DISCORD_TOKEN was rejected by Discord") as caught:
        await start_client(client, TOKEN)
    assert "\n" not in str(caught.value)
    assert client.is_closed()


async def test_discord_unreachable_at_start_is_one_clear_line(app: Runtime, fake: FakeDiscord) -> None:
    fake.fail_next("GET /users/@me", aiohttp.ClientConnectionError("connection refused"))
    client = build_client(app, discord_settings(discord_token=TOKEN, discord_staff_channel_id=STAFF_CHANNEL_ID))
    fake.install(client)
    with pytest.raises(SettingsError, match=r"^DISCORD_TOKEN could not be checked: cannot reach "
                                            r"Discord \(ClientConnectionError\)"):
        await start_client(client, TOKEN)
    assert client.is_closed()


def test_intents_need_nothing_privileged() -> None:
    chosen = intents()
    assert chosen.guilds and chosen.dm_messages and chosen.guild_messages
    assert not (chosen.message_content or chosen.members or chosen.presences)
    assert not (chosen.typing or chosen.dm_typing or chosen.reactions or chosen.voice_states)


async def test_message_content_intent_is_reported_at_start_up(app: Runtime, fake: FakeDiscord,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="frontdoor.discord")
    client = FrontdoorClient(DiscordFrontDoor(app.core), intents=intents(message_content=True),
                             sync_commands=False)
    fake.install(client)
    try:
        await client.login(TOKEN)
    finally:
        await client.close()
    assert any("message-content intent is requested" in r.message for r in caplog.records)


async def test_start_up_syncs_the_slash_commands(app: Runtime, fake: FakeDiscord) -> None:
    world = await World.start(app.core, fake, sync_commands=True)
    await world.close()
    [sync] = [c for c in fake.calls if c.method == "PUT"]
    assert sync.url == f"/applications/{APPLICATION_ID}/commands"
    assert sync.body is not None
    assert sorted(c["name"] for c in sync.body) == ["book", "frontdoor", "help", "mybookings", "staff"]
    assert all(c["contexts"] == [0, 1] and c["integration_types"] == [0] for c in sync.body)
    # /staff is shown only to those who can manage the server (the core still checks STAFF_USER_IDS).
    assert {c["name"]: c["default_member_permissions"] for c in sync.body} == {
        "book": None, "frontdoor": None, "help": None, "mybookings": None, "staff": 32}


async def test_the_relay_runs_in_the_background_once_logged_in(app: Runtime, fake: FakeDiscord,
                                                               clock: FakeClock) -> None:
    async with app.uow_factory() as uow:
        await uow.outbox.add(Notice("staff", "booking", "New booking. Member: {member}",
                                    "discord:1099887766554433221"), clock.now())
        await uow.commit()
    client = build_client(app, discord_settings(discord_token=TOKEN, discord_staff_channel_id=STAFF_CHANNEL_ID),
                          sync_commands=False)
    fake.install(client)
    try:
        await client.login(TOKEN)
        for _ in range(100):
            if any(s.channel_id == STAFF_CHANNEL_ID for s in fake.sent):
                break
            await asyncio.sleep(0.02)
    finally:
        await client.close()
    assert [s.content for s in fake.sent] == ["New booking. Member: <@1099887766554433221>"]


class KeptNotices:
    def __init__(self) -> None:
        self.calls = 0

    async def retry_unsaved(self) -> int:
        self.calls += 1
        return 0


async def test_relay_loop_retries_unsaved_notices_and_stops_when_asked() -> None:
    store, clock = FakeStore(), FakeClock()
    async with store() as uow:
        await uow.outbox.add(Notice("staff", "booking", "n {member}", "discord:1"), clock.now())
        await uow.commit()
    notifier = RecordingNotifier()
    relay = OutboxRelay(store, notifier, clock, platform="discord")
    core, stop = KeptNotices(), asyncio.Event()
    task = asyncio.create_task(relay_forever(core, relay, stop, interval=0.01))
    await asyncio.sleep(0.1)
    stop.set()
    await asyncio.wait_for(task, 1)
    assert core.calls >= 2 and [i.notice.text for i in notifier.delivered] == ["n {member}"]
