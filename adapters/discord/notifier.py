"""The outbox relay's Discord port: staff notices to the staff channel, member notices by DM.

``deliver`` posts one stored notice once, or raises ``DeliveryError`` so the relay
backs off and retries (at least once, nothing lost while Discord is unreachable).
discord.py already waits out ordinary rate limits; what reaches us (a 429 it gave
up on, ``RateLimited``, a 5xx, a connection error) becomes a ``DeliveryError`` with
Discord's ``retry_after`` when it gave one.

Minimum necessary and never in public: the staff channel must be provably private
(``@everyone`` cannot view it) or the notice waits, with an error in the log.
Mentions render as clickable names and ping nobody (``NO_MENTIONS``).

A staff notice with buttons answers its message id (``CHANNEL_ID:MESSAGE_ID``), which
the relay records; an "urgent_taken" notice is handed the recorded ones of its
reference and edits each (buttons gone, who took it added), whichever process posted them.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import discord

from adapters.discord.delivery import SEND_ERRORS, describe
from adapters.discord.buttons import ComponentsView
from adapters.discord.render import NO_MENTIONS, ONCALL_MARK, PLATFORM, Outgoing, oncall, render_notice
from bot.domain import OutboxItem
from bot.messages import MemberKey
from bot.notices import staff_buttons
from bot.ports import DeliveryError

log = logging.getLogger("frontdoor.discord.notifier")

NOT_PRIVATE_RETRY = 30.0      # seconds: let the guild cache arrive, or staff fix permissions
CLOSED_DM_RETRY = 3600.0      # seconds: the member may open their DMs again
# What a failed "taken" edit may raise (logged, never retried: the taken line is already out).
EDIT_ERRORS: tuple[type[BaseException], ...] = (discord.RateLimited, *SEND_ERRORS)


def is_private(channel: object) -> bool:
    """True only when ``@everyone`` provably cannot view ``channel``."""
    if isinstance(channel, discord.Thread):
        if channel.type is discord.ChannelType.private_thread:
            return True
        parent = channel.parent
        return parent is not None and is_private(parent)
    if not isinstance(channel, discord.abc.GuildChannel):
        return False
    everyone = channel.guild.default_role
    if everyone is not None:
        return not channel.permissions_for(everyone).view_channel
    overwrite = channel.overwrites_for(discord.Object(id=channel.guild.id))
    return overwrite.view_channel is False


def _retry_after(error: discord.HTTPException) -> float | None:
    headers = getattr(error.response, "headers", None) or {}
    try:
        return float(headers.get("Retry-After", ""))
    except ValueError:
        return None


class DiscordNotifier:
    def __init__(self, client: discord.Client, staff_channel_id: int, oncall_mention: str = "") -> None:
        self._client = client
        self._staff_channel_id = staff_channel_id
        self._oncall = oncall(oncall_mention)

    async def deliver(self, item: OutboxItem, earlier: Sequence[OutboxItem] = ()) -> str | None:
        notice = item.notice
        content = render_notice(notice, self._oncall)
        staff = notice.audience == "staff"
        try:
            if staff:
                channel = await self.staff_channel()
                if not is_private(channel):
                    log.error("DISCORD_STAFF_CHANNEL_ID %s is not a private channel (@everyone can "
                              "view it, or its permissions are not known yet); notice %s waits",
                              self._staff_channel_id, item.id)
                    raise DeliveryError("staff channel is not private", retry_after=NOT_PRIVATE_RETRY)
                buttons = staff_buttons(notice)
                # The on-call mention is the one mention the bot ever lets ping anyone.
                mentions = self._oncall.allowed if ONCALL_MARK in notice.text else NO_MENTIONS
                posted = None
                if buttons:
                    sent = await channel.send(content, view=ComponentsView(buttons), allowed_mentions=mentions)
                    posted = f"{sent.channel.id}:{sent.id}"
                else:
                    await channel.send(content, allowed_mentions=mentions)
                if notice.kind == "urgent_taken" and notice.ref:
                    await self._mark_taken(earlier, content)
                return posted
            user_id = _discord_user(notice.member_key)
            if user_id is None:
                log.warning("member notice %s has no Discord member to go to; dropped", item.id)
                return None
            dm = await self._client.create_dm(discord.Object(id=user_id))
            # A reminder's "Can't make it this week" / "Cancel my seat"; a calendar file.
            view = ComponentsView(notice.buttons) if notice.buttons else None
            files = Outgoing("", None, notice.files).discord_files() if notice.files else None
            # discord.py's overloads reject the None that send() takes for "none".
            await dm.send(content, allowed_mentions=NO_MENTIONS, view=view, files=files)  # type: ignore[arg-type]
            return None
        except discord.RateLimited as error:
            raise DeliveryError("Discord rate limit", retry_after=error.retry_after) from error
        except (discord.Forbidden, discord.NotFound) as error:
            if staff:
                raise DeliveryError(f"cannot post in DISCORD_STAFF_CHANNEL_ID {self._staff_channel_id} "
                                    f"(missing, or no permission): {describe(error)}") from error
            raise DeliveryError(f"cannot DM the member (DMs closed or account gone): "
                                f"{describe(error)}", retry_after=CLOSED_DM_RETRY) from error
        except discord.HTTPException as error:
            raise DeliveryError(f"Discord answered {describe(error)}",
                                retry_after=_retry_after(error)) from error
        except SEND_ERRORS as error:
            raise DeliveryError(f"cannot reach Discord: {describe(error)}") from error

    async def _mark_taken(self, earlier: Sequence[OutboxItem], taken: str) -> None:
        """Best effort: each earlier message of the reference (the notice, each repost) loses
        its buttons and says who took it (the "taken" line itself is already posted, so a
        failure here loses nothing)."""
        for item in earlier:
            channel_id, _, message_id = (item.message_id or "").partition(":")
            if not channel_id.isdigit() or not message_id.isdigit():
                continue
            content = render_notice(item.notice, self._oncall)
            message = self._client.get_partial_messageable(int(channel_id)).get_partial_message(
                int(message_id))
            try:
                await message.edit(content=f"{content}\n{taken}"[:2000], view=None,
                                   allowed_mentions=NO_MENTIONS)
            except EDIT_ERRORS as error:
                log.warning("could not mark urgent notice %s taken: %s", item.id, describe(error))

    async def check(self) -> str | None:
        """One line on what is wrong with the staff channel, or None when notices can go out."""
        try:
            channel = await self.staff_channel()
        except DeliveryError as error:
            return str(error)
        except discord.HTTPException as error:
            return (f"DISCORD_STAFF_CHANNEL_ID {self._staff_channel_id} cannot be read by the bot "
                    f"({describe(error)}): check the id and the bot's View Channel permission")
        if not is_private(channel):
            return (f"DISCORD_STAFF_CHANNEL_ID {self._staff_channel_id} is visible to @everyone: "
                    "make it private; staff notices wait until it is")
        return None

    async def staff_channel(self) -> discord.abc.Messageable:
        channel = self._client.get_channel(self._staff_channel_id)
        if channel is None:
            channel = await self._client.fetch_channel(self._staff_channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            raise DeliveryError(f"DISCORD_STAFF_CHANNEL_ID {self._staff_channel_id} is not a "
                                "channel the bot can post in")
        return channel


def _discord_user(member_key: str | None) -> int | None:
    if member_key is None:
        return None
    who = MemberKey.parse(member_key)
    platform, user_id = who.platform, who.user_id
    return int(user_id) if platform == PLATFORM and user_id.isdigit() else None
