"""The bot's invite URL: scopes ``bot`` + ``applications.commands`` and minimal permissions.

Permissions, and why each is needed:

* View Channels — see the staff channel and the channels where members mention the bot;
* Send Messages — post staff notices and the short "I've sent you a DM" reply to a mention;
* Send Messages in Threads — the same, when the mention is in a thread;
* Read Message History — Discord requires it to *reply* to a message (the mention).

Nothing else: slash-command answers, ephemeral messages and follow-ups go through the
interaction and need no channel permission; DMs need none. No Embed Links (no previews
are wanted), no Mention Everyone, no Manage anything.

The application id comes from ``DISCORD_APPLICATION_ID`` when set; otherwise from the
token, whose first segment is the bot user's id in base64 (the same as the
application id for all but some very old applications).
"""

from __future__ import annotations

import base64
import binascii

import discord

from adapters.settings import InviteSettings, SettingsError

SCOPES = ("bot", "applications.commands")
PERMISSIONS = discord.Permissions(view_channel=True, send_messages=True,
                                  send_messages_in_threads=True, read_message_history=True)


def application_id_from_token(token: str) -> int:
    first = token.strip().split(".", 1)[0]
    try:
        decoded = base64.urlsafe_b64decode(first + "=" * (-len(first) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        decoded = ""
    if not decoded.isdigit():
        raise SettingsError("DISCORD_TOKEN does not look like a bot token (its first part is not "
                            "an id); set DISCORD_APPLICATION_ID or copy the token again")
    return int(decoded)


def application_id(settings: InviteSettings) -> int:
    if settings.discord_application_id:
        return settings.discord_application_id
    if settings.discord_token:
        return application_id_from_token(settings.discord_token)
    raise SettingsError("DISCORD_APPLICATION_ID is not set (nor DISCORD_TOKEN to derive it from): "
                        "add it to the environment or .env (see .env.example)")


def invite_url(app_id: int) -> str:
    return discord.utils.oauth_url(app_id, permissions=PERMISSIONS, scopes=SCOPES)
