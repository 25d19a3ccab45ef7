"""Start-up checks: who the bot is, and whether the staff channel is safe.

Missing or malformed settings already stopped the program with one line naming the
variable (``SlackSettings``). A staff channel that is public, or that the bot has not been
invited to, does not stop it: it is one clear warning line (no tokens in it).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.settings import SettingsError
from adapters.slack.client import CALL_ERRORS, failure

log = logging.getLogger("frontdoor.slack")

Mode = Literal["socket", "http"]

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
