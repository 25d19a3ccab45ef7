"""The handlers: DMs, mentions, slash commands and button presses, each a core turn.

Nothing here decides anything about the conversation. Each handler acknowledges
Discord, translates the event into an ``Inbound``, hands it to the core, and sends
the core's replies somewhere private:

* a DM: the replies go back into the DM;
* a mention in a server channel: the text goes to the core (so a member in crisis
  gets resources at once), the replies go to the member's DM, and the channel gets
  only a short invitation with nothing echoed;
* a slash command or button press: deferred first (Discord's 3 seconds), then in a
  DM the follow-ups carry the replies; in a server the replies go to the member's DM
  and the ephemeral answer says so (or, when DMs are closed, carries the replies
  itself, visible only to the member).

A duplicate (gateway replay, repeated delivery) sends nothing.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

import discord

from adapters.discord import inbound
from adapters.discord.delivery import (
    SEND_ERRORS,
    Route,
    deliver,
    describe,
    to_channel,
    to_followup,
)
from adapters.discord.render import NO_MENTIONS, Outgoing, escape, render_replies
from bot.messages import Inbound, Outcome
from bot.safety import resources_line

log = logging.getLogger("frontdoor.discord")

SENT_TO_DM = "I've sent you a direct message, so we can carry on privately there."
DM_CLOSED = ("I couldn't send you a direct message (your privacy settings may block DMs), "
             "so here it is, visible only to you.")
MENTION_SENT = "Hi! I've sent you a direct message so we can talk privately."
MENTION_DM_CLOSED = ("Hi! I couldn't send you a direct message. Please message me directly, "
                     "or use /frontdoor here: only you will see my answers.")
CHAT_MESSAGE_TYPES = (discord.MessageType.default, discord.MessageType.reply)


class Handles(Protocol):
    """The core, as the front door needs it (it never raises: its apology is the one)."""

    async def handle(self, inbound: Inbound) -> Outcome: ...


class DiscordFrontDoor:
    def __init__(self, core: Handles) -> None:
        self._core = core

    # -- messages ----------------------------------------------------------------------

    async def on_message(self, message: discord.Message, bot_id: int) -> None:
        if message.author.bot or message.author.id == bot_id or message.type not in CHAT_MESSAGE_TYPES:
            return
        if inbound.is_direct(message.channel):
            await self._direct_message(message)
        elif inbound.mentions_bot(message, bot_id):
            await self._mention(message, bot_id)

    async def _direct_message(self, message: discord.Message) -> None:
        outcome = await self._core.handle(inbound.from_message(message, text=message.content,
                                                               channel="direct"))
        if not outcome.duplicate:
            await deliver(render_replies(outcome.replies), [to_channel(message.channel, "dm")])

    async def _mention(self, message: discord.Message, bot_id: int) -> None:
        text = inbound.without_bot_mention(message.content, bot_id)
        outcome = await self._core.handle(inbound.from_message(message, text=text, channel="public"))
        if outcome.duplicate:
            return
        delivered = await deliver(render_replies(outcome.replies), [to_channel(message.author, "dm")])
        if delivered.only_by("dm"):
            note = MENTION_SENT
        else:
            note = MENTION_DM_CLOSED
            if outcome.crisis:
                note = f"{note}\n{escape(resources_line())}"
        try:
            await message.reply(note, mention_author=False, allowed_mentions=NO_MENTIONS)
        except SEND_ERRORS as error:
            log.warning("could not answer mention %s: %s", message.id, describe(error))

    # -- interactions ------------------------------------------------------------------

    async def on_command(self, interaction: discord.Interaction[Any], *, action: str | None = None,
                         text: str | None = None) -> None:
        await self._interaction(interaction, thinking=True, action=action, text=text)

    async def on_button(self, interaction: discord.Interaction[Any], action: str) -> None:
        await self._interaction(interaction, thinking=False, action=action)

    async def _interaction(self, interaction: discord.Interaction[Any], *, thinking: bool,
                           action: str | None = None, text: str | None = None) -> None:
        direct = inbound.is_direct(interaction.channel)
        acked = await _acknowledge(interaction, thinking=thinking, ephemeral=not direct)
        outcome = await self._core.handle(inbound.from_interaction(interaction, action=action, text=text))
        if outcome.duplicate:
            if acked and thinking:
                await _withdraw(interaction)
            return
        messages = render_replies(outcome.replies)
        dm = to_channel(interaction.user, "dm")
        if direct:
            await deliver(messages, [to_followup(interaction, ephemeral=False), dm] if acked else [dm])
            return
        if not acked:
            await deliver(messages, [dm])
            return
        ephemeral = _prefaced(to_followup(interaction, ephemeral=True), Outgoing(DM_CLOSED))
        delivered = await deliver(messages, [dm, ephemeral])
        if delivered.only_by("dm"):
            await deliver([Outgoing(SENT_TO_DM)], [to_followup(interaction, ephemeral=True)])


async def _acknowledge(interaction: discord.Interaction[Any], *, thinking: bool,
                       ephemeral: bool) -> bool:
    """Defer at once (Discord allows 3 seconds); False if Discord no longer takes it."""
    try:
        await interaction.response.defer(ephemeral=ephemeral, thinking=thinking)
    except discord.InteractionResponded:
        return True
    except SEND_ERRORS as error:
        log.warning("interaction %s not acknowledged: %s", interaction.id, describe(error))
        return False
    return True


async def _withdraw(interaction: discord.Interaction[Any]) -> None:
    """Remove the 'thinking...' placeholder of an interaction that needs no answer."""
    try:
        await interaction.delete_original_response()
    except SEND_ERRORS as error:
        log.info("could not withdraw interaction %s: %s", interaction.id, describe(error))


def _prefaced(route: Route, preface: Outgoing) -> Route:
    """The route, saying ``preface`` before the first message it carries."""
    said = False

    async def send(message: Outgoing) -> None:
        nonlocal said
        if not said:
            await route.send(preface)
            said = True
        await route.send(message)
    return Route(route.name, send)

