"""``frontdoor discord``: wire the core to Discord, start the relay, run until stopped.

A missing setting or a token Discord rejects ends with one clear line
(``SettingsError``, printed by the CLI), never a traceback.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

import discord

from adapters.discord.client import FrontdoorClient, intents
from adapters.discord.delivery import SEND_ERRORS, describe
from adapters.discord.frontdoor import DiscordFrontDoor
from adapters.discord.invite import application_id, invite_url
from adapters.discord.notifier import DiscordNotifier
from adapters.settings import DiscordSettings, InviteSettings, SettingsError
from adapters.wiring import Runtime, build_discord
from bot.relay import OutboxRelay

log = logging.getLogger("frontdoor.discord")

RELAY_INTERVAL = 1.0


class KeepsNotices(Protocol):
    async def retry_unsaved(self) -> int: ...


async def run_discord(settings: InviteSettings, *, database_url: str | None = None,
                      invite_url_only: bool = False) -> None:
    """Run the front door; with ``invite_url_only``, print the invite URL (which needs only
    the application id, or the token) and stop."""
    if invite_url_only:
        print(invite_url(application_id(settings)))
        return
    if not isinstance(settings, DiscordSettings):
        raise TypeError("frontdoor discord runs on DiscordSettings")
    app = await build_discord(settings, database_url=database_url)
    try:
        client = build_client(app, settings)
        await start_client(client, settings.discord_token)
    finally:
        await app.close()


def build_client(app: Runtime, settings: DiscordSettings, *, sync_commands: bool = True) -> FrontdoorClient:
    client = FrontdoorClient(DiscordFrontDoor(app.core), intents=intents(message_content=settings.discord_message_content),
                             sync_commands=sync_commands,
                             application_id=settings.discord_application_id)
    notifier = DiscordNotifier(client, settings.discord_staff_channel_id, settings.staff_oncall_mention)
    relay = app.relay(notifier, platform="discord")

    async def relay_job(stop: asyncio.Event) -> None:  # the relay and the other due work
        await app.scheduler(relay).run_forever(app.clock, stop, RELAY_INTERVAL)

    async def check_job(stop: asyncio.Event) -> None:
        if await until_ready(client, stop):
            problem = await notifier.check()
            if problem:
                log.warning(problem)
    client.add_background(relay_job)
    client.add_background(check_job)
    return client


async def until_ready(client: discord.Client, stop: asyncio.Event) -> bool:
    """Wait for the gateway's READY (the server and role cache); False if stopped first."""
    ready = asyncio.ensure_future(client.wait_until_ready())
    stopped = asyncio.ensure_future(stop.wait())
    done, pending = await asyncio.wait({ready, stopped}, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    return ready in done


async def start_client(client: discord.Client, token: str) -> None:
    """Log in and run until closed; a rejected token or no Discord at start is one clear line.

    Once connected, discord.py reconnects by itself; only start-up failures end here.
    """
    async with client:
        try:
            await client.login(token)
        except discord.LoginFailure:
            raise SettingsError("DISCORD_TOKEN was rejected by Discord: copy the bot token again "
                                "from the Developer Portal (Bot > Reset Token)") from None
        except SEND_ERRORS as error:
            raise SettingsError(f"DISCORD_TOKEN could not be checked: cannot reach Discord "
                                f"({describe(error)}); check the network and try again") from None
        try:
            await client.connect()
        except discord.PrivilegedIntentsRequired:
            raise SettingsError("the message-content intent is requested but not enabled for this "
                                "application in the Developer Portal; frontdoor does not need it: "
                                "turn it off in frontdoor's settings") from None


async def relay_forever(core: KeepsNotices, relay: OutboxRelay, stop: asyncio.Event,
                        interval: float = RELAY_INTERVAL) -> None:
    """Store notices kept while the store was down, then deliver what is due; repeat."""
    await relay.run_forever(stop, interval, before_round=core.retry_unsaved)
