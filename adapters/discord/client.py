"""The ``discord.Client`` of the front door: intents, start-up checks, event routing.

Intents: ``guilds`` (channel and role cache, for the staff channel check and
commands), ``dm_messages`` (the DM conversation) and ``guild_messages`` (mentions
of the bot). Discord delivers the content of DMs and of messages that mention the
bot without the privileged message-content intent, so it is not requested; if it
is turned on anyway, start-up says so.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

import discord

from adapters.discord.buttons import TEMPLATE, FrontdoorButton
from adapters.discord.commands import build_tree
from adapters.discord.delivery import describe
from adapters.discord.frontdoor import DiscordFrontDoor
from adapters.discord.render import NO_MENTIONS
from bot import actions
from bot.messages import MAX_ACTION_ID

log = logging.getLogger("frontdoor.discord")

Background = Callable[[asyncio.Event], Coroutine[Any, Any, None]]


def intents(*, message_content: bool = False) -> discord.Intents:
    chosen = discord.Intents.none()
    chosen.guilds = True
    chosen.dm_messages = True
    chosen.guild_messages = True
    chosen.message_content = message_content
    return chosen


class FrontdoorClient(discord.Client):
    """Routes DMs and mentions to the front door; buttons arrive through ``FrontdoorButton``."""

    def __init__(self, frontdoor: DiscordFrontDoor, *, intents: discord.Intents,
                 sync_commands: bool = True, application_id: int | None = None,
                 **options: Any) -> None:
        if application_id is not None:
            options["application_id"] = application_id
        # The front door never joins voice: skip discord.py's start-up warnings about it.
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        super().__init__(intents=intents, allowed_mentions=NO_MENTIONS, **options)
        self.frontdoor = frontdoor
        self.tree = build_tree(self, frontdoor)
        self._background: list[Background] = []
        self._sync_commands = sync_commands
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    async def setup_hook(self) -> None:
        self.add_dynamic_items(FrontdoorButton)
        if self.intents.message_content:
            log.warning("the privileged message-content intent is requested; frontdoor does not "
                        "need it (DMs, mentions, slash commands and buttons carry their content)")
        flags = self._connection.application_flags  # known once logged in
        if isinstance(flags, discord.ApplicationFlags) and (
                flags.gateway_message_content or flags.gateway_message_content_limited):
            log.info("the message-content intent is enabled for this application in the Developer "
                     "Portal; frontdoor does not use it and you may turn it off")
        if self._sync_commands:
            try:
                synced = await self.tree.sync()
                log.info("slash commands synced: %s", ", ".join(f"/{c.name}" for c in synced))
            except discord.HTTPException as error:
                log.error("could not sync slash commands (%s); was the bot invited with the "
                          "applications.commands scope?", describe(error))
        for job in self._background:
            self._tasks.append(asyncio.create_task(job(self._stop), name="frontdoor-discord-background"))

    def add_background(self, job: Background) -> None:
        """Run ``job(stop)`` once logged in (e.g. the outbox relay); ``stop`` is set on close."""
        self._background.append(job)

    async def on_ready(self) -> None:
        user = self.user
        log.info("connected to Discord as %s (id %s) in %d server(s)",
                 user, user.id if user else "?", len(self.guilds))

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        """A button whose custom_id is not an ``fd:`` id (an older version's, a foreign one)
        reaches no ``FrontdoorButton``: answer it like any stale option, never leave the
        member with "This interaction failed"."""
        if interaction.type is not discord.InteractionType.component:
            return
        data: Mapping[str, object] = interaction.data or {}
        custom_id = str(data.get("custom_id", ""))
        if not TEMPLATE.fullmatch(custom_id):
            await self.frontdoor.on_button(interaction, custom_id[:MAX_ACTION_ID] or actions.EXPIRED)

    async def on_message(self, message: discord.Message) -> None:
        if self.user is not None:
            await self.frontdoor.on_message(message, self.user.id)

    async def close(self) -> None:
        self._stop.set()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
            self._tasks.clear()
        await super().close()
