"""Start-up checks: which mode to run in, who the bot is, and whether the staff channel is safe.

Missing or malformed settings stop the program with one line naming the variable
(``SettingsError``). A staff channel that is public, or that the bot has not been
invited to, does not stop it: it is one clear warning line (no tokens in it).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.settings import Settings, SettingsError
from adapters.slack.client import CALL_ERRORS, failure

log = logging.getLogger("frontdoor.slack")

Mode = Literal["socket", "http"]


CONNECT = "SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)"


def missing_settings(settings: Settings) -> list[str]:
    """Every setting ``frontdoor slack`` still needs, with both ways to connect as one item."""
    missing = [name for name in ("SLACK_BOT_TOKEN", "SLACK_STAFF_CHANNEL")
               if not getattr(settings, name.lower())]
    if not settings.slack_app_token and not settings.slack_signing_secret:
        missing.insert(1 if missing[:1] == ["SLACK_BOT_TOKEN"] else 0, CONNECT)
    return missing


def choose_mode(settings: Settings) -> Mode:
    """Socket Mode when ``SLACK_APP_TOKEN`` is set, else HTTP mode; checks what each needs.

    Everything missing is named in one line, so one edit of ``.env`` fixes it.
    """
    missing = missing_settings(settings)
    if missing:
        names = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " and " + missing[-1]
        verb = "is" if len(missing) == 1 else "are"
        raise SettingsError(f"{names} {verb} not set: add {'it' if len(missing) == 1 else 'them'} "
                            "to the environment or .env (see .env.example)")
    if not str(settings.slack_bot_token).startswith("xoxb-"):
        raise SettingsError("SLACK_BOT_TOKEN: must be a bot token starting with xoxb- "
                            "(OAuth & Permissions > Bot User OAuth Token)")
    if settings.slack_app_token:
        if not settings.slack_app_token.startswith("xapp-"):
            raise SettingsError("SLACK_APP_TOKEN: must be an app-level token starting with xapp- "
                                "(Basic Information > App-Level Tokens, scope connections:write)")
        mode: Mode = "socket"
    else:
        mode = "http"
    command = settings.slack_command.strip()
    if not command.startswith("/") or len(command) < 2 or " " in command:
        raise SettingsError("SLACK_COMMAND: must be a slash command such as /frontdoor")
    return mode


@dataclass(frozen=True, slots=True)
class BotIdentity:
    user_id: str
    bot_id: str | None
    team_id: str | None


async def identify(client: AsyncWebClient, api_url: str) -> BotIdentity:
    """auth.test: proves the token works and tells us the bot's own user id."""
    try:
        response = await client.auth_test()
    except SlackApiError as error:
        raise SettingsError(f"SLACK_BOT_TOKEN: Slack rejected it ({failure(error).reason})") from None
    except CALL_ERRORS as error:
        raise SettingsError(f"SLACK_API_URL: cannot reach the Slack Web API at {api_url} "
                            f"({failure(error).reason})") from None
    return BotIdentity(str(response["user_id"]), response.get("bot_id"), response.get("team_id"))


async def staff_channel_problem(client: AsyncWebClient, channel: str) -> str | None:
    """Why the staff channel is not a safe place for notices, or None when it is."""
    try:
        response = await client.conversations_info(channel=channel)
    except SlackApiError as error:
        reason = failure(error).reason
        if "channel_not_found" in reason:
            return (f"SLACK_STAFF_CHANNEL {channel}: the bot cannot see this channel; use the "
                    "channel id (C...) of a private channel and invite the bot to it")
        if "missing_scope" in reason:
            return (f"SLACK_STAFF_CHANNEL {channel}: cannot check it (missing scope groups:read / "
                    "channels:read; reinstall the app from adapters/slack/manifest.yaml)")
        return f"SLACK_STAFF_CHANNEL {channel}: cannot check it ({reason})"
    except CALL_ERRORS as error:
        return f"SLACK_STAFF_CHANNEL {channel}: cannot check it ({failure(error).reason})"
    info = response.get("channel") or {}
    problems = []
    if not info.get("is_private"):
        problems.append("is PUBLIC: staff notices name members, so use a private channel")
    if not info.get("is_member"):
        problems.append("the bot is not a member: invite it (/invite @frontdoor) or notices will fail")
    if not problems:
        return None
    return f"SLACK_STAFF_CHANNEL {channel}: " + "; ".join(problems)


async def warn_about_staff_channel(client: AsyncWebClient, channel: str) -> str | None:
    problem = await staff_channel_problem(client, channel)
    if problem:
        log.warning("%s", problem)
    return problem
