"""Core replies and notices as Discord message content: escaped, split, mentions off.

The core writes plain text. Here it becomes Discord content: markdown escaped, any
``@everyone``/``@here``/user/role mention defused, split to Discord's 2,000-character
limit, with the reply's buttons on its last part. Every send uses ``NO_MENTIONS``
as well, so nothing the bot echoes can ping anyone.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import discord

from adapters.discord.buttons import ComponentsView
from bot.domain import Notice
from bot.messages import Attachment, MemberKey, Reply
from bot.notices import MEMBER, ONCALL

NO_MENTIONS = discord.AllowedMentions.none()
MAX_CONTENT = 2000
DELETED_MEMBER = "a member who deleted their data"
PLATFORM = "discord"
ONCALL_MARK = ONCALL


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One Discord message to send: content plus, on the last part of a reply, its buttons."""

    content: str
    view: ComponentsView | None = None
    files: tuple[Attachment, ...] = ()

    def discord_files(self) -> list[discord.File]:
        """Fresh ``discord.File`` objects (each can be sent once)."""
        return [discord.File(io.BytesIO(f.text.encode("utf-8")), filename=f.name) for f in self.files]


def escape(text: str) -> str:
    """Plain text -> Discord content that renders as written and pings nobody."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def split(content: str, limit: int = MAX_CONTENT) -> list[str]:
    """Parts of at most ``limit`` characters, cut at a line end or space where possible."""
    parts: list[str] = []
    rest = content
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit + 1)
        if cut <= 0:
            cut = rest.rfind(" ", 0, limit + 1)
        if cut <= 0:
            cut = limit
        while cut > 1 and _ends_in_open_escape(rest[:cut]):
            cut -= 1  # never separate a backslash from the character it escapes
        parts.append(rest[:cut].rstrip("\n"))
        rest = rest[cut:].lstrip("\n")
    if rest or not parts:
        parts.append(rest)
    return parts


def _ends_in_open_escape(text: str) -> bool:
    trailing = len(text) - len(text.rstrip("\\"))
    return trailing % 2 == 1


def render_reply(reply: Reply) -> list[Outgoing]:
    """The Discord messages for one core reply (usually one)."""
    text = escape(reply.text)
    for token, member_key in reply.mentions:  # core-made tokens ("discord user 123") as mentions
        if member_key.startswith(f"{PLATFORM}:"):
            text = text.replace(escape(token), mention(member_key))
    parts = split(text)
    view = ComponentsView(reply.buttons) if reply.buttons else None
    messages = [Outgoing(part) for part in parts[:-1]]
    if parts[-1] or view is not None or reply.files:
        messages.append(Outgoing(parts[-1], view, reply.files))
    return [m for m in messages if m.content or m.view is not None or m.files]


def render_replies(replies: tuple[Reply, ...] | list[Reply]) -> list[Outgoing]:
    return [message for reply in replies for message in render_reply(reply)]


def mention(member_key: str | None) -> str:
    """A member as Discord shows them: a clickable ``<@id>`` (it pings nobody: NO_MENTIONS)."""
    if member_key is None:
        return DELETED_MEMBER
    who = MemberKey.parse(member_key)
    platform, user_id = who.platform, who.user_id
    if platform == PLATFORM and user_id.isdigit():
        return f"<@{user_id}>"
    return escape(f"{platform} member {user_id}")


@dataclass(frozen=True, slots=True)
class OnCall:
    """``STAFF_ONCALL_MENTION`` on Discord: the markup and the one mention allowed to ping."""

    markup: str
    allowed: discord.AllowedMentions


def oncall(setting: str) -> OnCall:
    kind, _, raw = setting.rpartition(":")
    if raw.isdigit() and kind in ("role", ""):
        if kind == "role":
            return OnCall(f"<@&{raw}>", discord.AllowedMentions(everyone=False, users=False,
                                                                 roles=[discord.Object(id=int(raw))],
                                                                 replied_user=False))
    if raw.isdigit() and kind in ("user", ""):
        return OnCall(f"<@{raw}>", discord.AllowedMentions(everyone=False, roles=False,
                                                          users=[discord.Object(id=int(raw))],
                                                          replied_user=False))
    return OnCall("on-call staff", NO_MENTIONS)


def render_notice(notice: Notice, on_call: OnCall | None = None) -> str:
    """A stored notice as one Discord message (truncated, never split: one post per row)."""
    text = (escape(notice.text).replace(MEMBER, mention(notice.member_key))
            .replace(ONCALL, (on_call or oncall("")).markup))
    if len(text) > MAX_CONTENT:
        text = text[:MAX_CONTENT - 1].rstrip("\\") + "\u2026"
    return text
