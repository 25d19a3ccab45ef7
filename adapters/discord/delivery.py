"""Where replies go: a DM, an interaction follow-up or an ephemeral message, in order.

A ``Route`` sends one rendered message somewhere. ``deliver`` sends a turn's
messages in order, each by the first route that still works: if the DM fails
(the member closed DMs), the rest of the turn goes by the next route, so the
member always gets the whole answer, privately, and never twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import aiohttp
import discord

from adapters.discord.render import NO_MENTIONS, Outgoing

log = logging.getLogger("frontdoor.discord")

# What a failed send raises: Discord said no, or Discord could not be reached.
SEND_ERRORS: tuple[type[BaseException], ...] = (discord.HTTPException, aiohttp.ClientError,
                                                OSError, asyncio.TimeoutError)


@dataclass(frozen=True, slots=True)
class Route:
    name: str
    send: Callable[[Outgoing], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Delivered:
    """Which routes carried the messages; ``complete`` is False if some could not be sent."""

    routes: tuple[str, ...]
    complete: bool

    def only_by(self, name: str) -> bool:
        return self.complete and set(self.routes) <= {name}


def describe(error: BaseException) -> str:
    """An error for the log: status and Discord's code, never message content."""
    if isinstance(error, discord.HTTPException):
        return f"HTTP {error.status} (code {error.code})"
    return type(error).__name__


async def deliver(messages: Sequence[Outgoing], routes: Sequence[Route]) -> Delivered:
    remaining = list(routes)
    used: list[str] = []
    for message in messages:
        while remaining:
            route = remaining[0]
            try:
                await route.send(message)
            except SEND_ERRORS as error:
                log.warning("could not send by %s: %s", route.name, describe(error))
                remaining.pop(0)
                continue
            if route.name not in used:
                used.append(route.name)
            break
        else:
            return Delivered(tuple(used), complete=False)
    return Delivered(tuple(used), complete=True)


def to_channel(channel: discord.abc.Messageable, name: str = "dm") -> Route:
    """A channel the bot posts in (the member's DM channel)."""
    async def send(message: Outgoing) -> None:
        # discord.py's overloads reject the None that send() takes for "no view", "no files".
        await channel.send(message.content or None, view=message.view,  # type: ignore[arg-type]
                           allowed_mentions=NO_MENTIONS,
                           files=message.discord_files() or None)  # type: ignore[arg-type]
    return Route(name, send)


def to_followup(interaction: discord.Interaction[Any], *, ephemeral: bool) -> Route:
    """The interaction's follow-up webhook (valid 15 minutes after the interaction)."""
    async def send(message: Outgoing) -> None:
        kwargs: dict[str, Any] = {"ephemeral": ephemeral, "allowed_mentions": NO_MENTIONS}
        if message.content:
            kwargs["content"] = message.content
        if message.view is not None:
            kwargs["view"] = message.view
        if message.files:
            kwargs["files"] = message.discord_files()
        await interaction.followup.send(**kwargs)
    return Route("ephemeral" if ephemeral else "followup", send)
