"""Discord messages and interactions translated into the core's ``Inbound``.

Members are ``MemberKey("discord", "<snowflake>")``; platform event ids are namespaced
``discord:<snowflake>`` (message or interaction id; snowflakes are unique across both),
so the core's store recognises gateway replays and repeated deliveries.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot import actions
from bot.messages import ChannelKind, Inbound, MemberKey

PLATFORM = "discord"
MENU = actions.encode("menu")      # /frontdoor, /help, and a bare mention of the bot
GROUPS = actions.encode("groups")  # /book
MINE = actions.encode("mine")      # /mybookings


def member_of(user: discord.abc.User) -> MemberKey:
    return MemberKey(PLATFORM, str(user.id))


def event_id(snowflake: int) -> str:
    return f"{PLATFORM}:{snowflake}"


def is_direct(channel: object) -> bool:
    """True for the member's DM with the bot; anything else is a server channel or thread."""
    return isinstance(channel, discord.DMChannel)


def mentions_bot(message: discord.Message, bot_id: int) -> bool:
    """A direct mention of the bot (not @everyone/@here, which never count)."""
    return any(user.id == bot_id for user in message.mentions)


def without_bot_mention(content: str, bot_id: int) -> str:
    """The message text with the bot's own ``<@id>`` / ``<@!id>`` removed."""
    return re.sub(rf"<@!?{bot_id}>", " ", content).strip()


def from_message(message: discord.Message, *, text: str, channel: ChannelKind) -> Inbound:
    """A message; in a channel, a bare mention (no words) stands for opening the menu."""
    bare = channel == "public" and not text.strip()
    return Inbound(member=member_of(message.author), text=None if bare else text,
                   action=MENU if bare else None, event_id=event_id(message.id),
                   display_name=message.author.display_name, channel=channel)


def from_interaction(interaction: discord.Interaction[Any], *, action: str | None = None,
                     text: str | None = None) -> Inbound:
    """An interaction's answer is private (DM or ephemeral), so its channel is ``direct``."""
    return Inbound(member=member_of(interaction.user), text=text, action=action,
                   event_id=event_id(interaction.id), display_name=interaction.user.display_name,
                   channel="direct")
