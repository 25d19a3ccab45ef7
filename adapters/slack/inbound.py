"""Slack payloads to the core's ``Inbound``: direct messages, mentions, buttons, the slash command.

Only translation lives here. Each function returns ``None`` for a payload the core
must not see (the bot's own messages, other bots, edits and deletions, malformed
ids), so the caller simply does nothing. Event ids are namespaced ``slack:`` and
handed to the core, which deduplicates them in the shared store.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from adapters.slack.escape import to_plain
from bot import actions
from bot.messages import Inbound, MemberKey

PLATFORM = "slack"

# Message subtypes that are still a person talking (a file with a caption, a thread
# reply also sent to the channel). Everything else (bot_message, message_changed,
# message_deleted, channel_join, ...) is ignored.
MEMBER_SUBTYPES = frozenset({None, "file_share", "thread_broadcast"})

_USER_ID = re.compile(r"^[A-Z0-9]{2,40}$")

# Slash command shortcuts: `/frontdoor book`, `/frontdoor help`; empty opens the menu.
OPEN_MENU = actions.encode("menu")
SHORTCUTS: Mapping[str, str] = {"help": OPEN_MENU, "menu": OPEN_MENU, "book": actions.encode("groups")}

Payload = Mapping[str, Any]


def valid_user_id(user_id: object) -> str | None:
    """A Slack user id (``U...``/``W...``) or None; never trust a payload's shape."""
    return user_id if isinstance(user_id, str) and _USER_ID.match(user_id) else None


def event_key(raw: object) -> str | None:
    """The core's deduplication key for a Slack event, trigger or command id."""
    return f"{PLATFORM}:{raw}" if isinstance(raw, str) and raw else None


def _member(user_id: str) -> MemberKey:
    return MemberKey(PLATFORM, user_id)


def from_member(event: Payload) -> str | None:
    """The sender's user id when a person (not a bot, not an edit) wrote this message."""
    if event.get("subtype") not in MEMBER_SUBTYPES:
        return None
    if event.get("bot_id") or event.get("bot_profile"):
        return None
    return valid_user_id(event.get("user"))


def direct_message(body: Payload, bot_user_id: str | None) -> Inbound | None:
    """A member's direct message to the bot (``message.im``)."""
    event = body.get("event") or {}
    if event.get("channel_type") != "im":
        return None
    user = from_member(event)
    if user is None or user == bot_user_id:
        return None
    return Inbound(_member(user), text=to_plain(event.get("text"), drop_user=bot_user_id),
                   event_id=event_key(body.get("event_id")))


def mention(body: Payload, bot_user_id: str | None) -> Inbound | None:
    """A mention of the bot in a channel (``app_mention``); the core sees channel='public'."""
    event = body.get("event") or {}
    user = from_member(event)
    if user is None or user == bot_user_id:
        return None
    text = to_plain(event.get("text"), drop_user=bot_user_id)
    event_id = event_key(body.get("event_id"))
    if not text:
        return Inbound(_member(user), action=OPEN_MENU, event_id=event_id, channel="public")
    return Inbound(_member(user), text=text, event_id=event_id, channel="public")


def button(body: Payload) -> Inbound | None:
    """A button press (``block_actions``) in a DM or on the App Home."""
    user = valid_user_id((body.get("user") or {}).get("id"))
    pressed = body.get("actions") or []
    if user is None or not pressed or not isinstance(pressed[0], Mapping):
        return None
    action = pressed[0].get("value") or pressed[0].get("action_id")
    if not isinstance(action, str) or not action:
        return None
    raw_id = body.get("trigger_id") or pressed[0].get("action_ts")
    return Inbound(_member(user), action=action, event_id=event_key(raw_id))


def command(body: Payload) -> Inbound | None:
    """The slash command: ``help``/``book`` shortcuts, empty opens the menu, else text."""
    user = valid_user_id(body.get("user_id"))
    if user is None:
        return None
    event_id = event_key(body.get("trigger_id"))
    text = to_plain(body.get("text"))
    shortcut = SHORTCUTS.get(text.lower()) if text else OPEN_MENU
    if shortcut is not None:
        return Inbound(_member(user), action=shortcut, event_id=event_id)
    return Inbound(_member(user), text=text, event_id=event_id)


def home_opened(body: Payload) -> Inbound | None:
    """The member opened the App Home tab: ask the core for their bookings."""
    event = body.get("event") or {}
    if event.get("tab") != "home":
        return None
    user = valid_user_id(event.get("user"))
    if user is None:
        return None
    return Inbound(_member(user), action=actions.encode("mine"), event_id=event_key(body.get("event_id")))
