"""A fake of Discord's REST API at discord.py's own edge, recording what the bot sends.

Two choke points carry every request discord.py makes: ``HTTPClient.request`` (the
bot's REST calls: DMs, channel messages, commands, login) and the interaction
webhook adapter's ``request`` (interaction callbacks and follow-ups). ``FakeDiscord``
replaces both, so the real discord.py objects build the real JSON bodies, and
answers the way Discord does (message payloads, DM channels, 4xx/5xx errors).
Nothing touches the network.
"""

from __future__ import annotations

import copy
import itertools
import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest.mock import create_autospec

import aiohttp
import discord
from discord.http import Route
from discord.webhook.async_ import AsyncWebhookAdapter, async_context

PAYLOADS = Path(__file__).with_name("payloads")
EPHEMERAL = 64


def payload(name: str) -> dict[str, Any]:
    """A fresh copy of a recorded payload from tests/discord/payloads/."""
    data: dict[str, Any] = json.loads((PAYLOADS / f"{name}.json").read_text(encoding="utf-8"))
    return data


BOT_USER = payload("bot_user")
BOT_ID = int(BOT_USER["id"])
APPLICATION_ID = BOT_ID
GUILD_ID = 1187654321098765432
GENERAL_CHANNEL_ID = 1187654321098765440
STAFF_CHANNEL_ID = 1187654321098765450


def http_error(status: int, code: int = 0, message: str = "",
               retry_after: float | None = None) -> discord.HTTPException:
    """The exception discord.py raises for an HTTP error answer (a spec'd aiohttp response)."""
    response = create_autospec(aiohttp.ClientResponse, instance=True)
    response.status = status
    response.reason = {403: "Forbidden", 404: "Not Found", 429: "Too Many Requests",
                       500: "Internal Server Error", 502: "Bad Gateway"}.get(status, "Error")
    response.headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
    body: dict[str, Any] = {"code": code, "message": message or response.reason}
    if retry_after is not None:
        body["retry_after"] = retry_after
    kind: type[discord.HTTPException] = discord.HTTPException
    if status == 403:
        kind = discord.Forbidden
    elif status == 404:
        kind = discord.NotFound
    elif status >= 500:
        kind = discord.DiscordServerError
    return kind(response, body)


def assert_pings_nobody(body: dict[str, Any]) -> None:
    """Every message the bot sends disables every mention (AllowedMentions.none())."""
    allowed = body.get("allowed_mentions")
    assert allowed is not None, f"message sent without allowed_mentions: {body}"
    assert allowed.get("parse") == [] and not allowed.get("users") and not allowed.get("roles") \
        and not allowed.get("replied_user", False), f"mentions not disabled: {allowed}"


@dataclass
class Call:
    """One request as Discord received it."""

    method: str
    path: str            # the route template, e.g. /channels/{channel_id}/messages
    url: str             # the filled-in path
    body: Any            # the JSON sent (an object, or a list for command sync)
    query: dict[str, Any] | None
    at: float = field(default_factory=time.perf_counter)


@dataclass
class Sent:
    """A message the bot posted, as Discord stores it (and as the member sees it)."""

    payload: dict[str, Any]
    body: dict[str, Any]
    via: str                      # "channel" (bot REST) or "followup" (interaction webhook)
    user_id: int | None = None    # who can see it, for DMs and ephemeral messages
    at: float = field(default_factory=time.perf_counter)
    files: list[tuple[str, bytes]] = field(default_factory=list)  # attachments: (name, content)

    @property
    def content(self) -> str:
        return self.payload.get("content") or ""

    @property
    def channel_id(self) -> int:
        return int(self.payload["channel_id"])

    @property
    def ephemeral(self) -> bool:
        return bool(self.payload.get("flags", 0) & EPHEMERAL)

    @property
    def buttons(self) -> list[dict[str, Any]]:
        return [c for row in self.payload.get("components", []) for c in row.get("components", [])]

    @property
    def labels(self) -> list[str]:
        return [b.get("label", "") for b in self.buttons]


class FakeDiscord:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.sent: list[Sent] = []
        self.callbacks: list[Call] = []
        self.messages: dict[int, Sent] = {}
        self.channels: dict[int, dict[str, Any]] = {STAFF_CHANNEL_ID: payload("channel_staff")}
        self.interactions: dict[str, dict[str, Any]] = {}   # token -> interaction payload
        self.acknowledged: set[int] = set()
        self.closed_dms: set[int] = set()
        self.dm_users: dict[int, int] = {}      # DM channel id -> member id
        self.failures: dict[str, list[BaseException]] = defaultdict(list)
        self.token_ok = True
        self.oncall: set[int] = set()  # the one role or user the on-call mention may ping
        self._ids = itertools.count(1_312_400_000_000_000_000)
        self._webhooks = _WebhookAdapter(self)

    # -- wiring ------------------------------------------------------------------------

    def install(self, client: discord.Client) -> None:
        client.http.request = self.request  # type: ignore[method-assign]
        async_context.set(self._webhooks)

    def fail_next(self, method_and_path: str, *errors: BaseException) -> None:
        """Make the next requests to e.g. 'POST /channels/{channel_id}/messages' fail."""
        self.failures[method_and_path].extend(errors)

    def snowflake(self) -> int:
        return next(self._ids)

    # -- what the member sees ----------------------------------------------------------

    def dm_channel_id(self, user_id: int) -> int:
        for channel_id, member in self.dm_users.items():
            if member == user_id:
                return channel_id
        return 1_299_000_000_000_000_000 + user_id % 1_000_000_000_000

    def dm_channel(self, user: dict[str, Any]) -> dict[str, Any]:
        """The member's DM channel with the bot (Discord keeps one per member)."""
        channel_id = self.dm_channel_id(int(user["id"]))
        self.dm_users[channel_id] = int(user["id"])
        return {"id": str(channel_id), "type": 1, "flags": 0, "last_message_id": None,
                "recipients": [user]}

    def seen_by(self, user_id: int) -> list[Sent]:
        """Messages only this member can see: their DM with the bot, and ephemeral answers."""
        dm = self.dm_channel_id(user_id)
        return [s for s in self.sent if s.channel_id == dm or (s.ephemeral and s.user_id == user_id)]

    def public(self) -> list[Sent]:
        """Messages everyone in a server channel can see."""
        return [s for s in self.sent if not s.ephemeral and s.channel_id not in self.dm_users]

    # -- the bot's REST API (HTTPClient.request) ----------------------------------------

    async def request(self, route: Route, *, files: Any = None, form: Any = None,
                      **kwargs: Any) -> Any:
        body = kwargs.get("json")
        if form:
            body = json.loads(next(f["value"] for f in form if f["name"] == "payload_json"))
        call = self._record(route, body, kwargs.get("params"))
        key = f"{route.method} {route.path}"
        if self.failures.get(key):
            raise self.failures[key].pop(0)
        match key:
            case "GET /users/@me":
                if not self.token_ok:
                    raise http_error(401, 0, "401: Unauthorized")
                return copy.deepcopy(BOT_USER)
            case "GET /oauth2/applications/@me":
                return {"id": str(APPLICATION_ID), "name": "frontdoor", "icon": None,
                        "description": "", "bot_public": False, "bot_require_code_grant": False,
                        "verify_key": "0" * 64, "flags": 0, "team": None,
                        "owner": {"id": "1", "username": "owner", "discriminator": "0",
                                  "avatar": None}}
            case "POST /users/@me/channels":
                return self.dm_channel(self._user(int((body or {})["recipient_id"])))
            case "POST /channels/{channel_id}/messages":
                channel_id = int(call.url.split("/")[2])
                user_id = self._dm_user(channel_id)
                if user_id is not None and user_id in self.closed_dms:
                    raise http_error(403, 50007, "Cannot send messages to this user")
                return self._store(channel_id, body or {}, via="channel", user_id=user_id,
                                   files=files).payload
            case "PATCH /channels/{channel_id}/messages/{message_id}":
                sent = self.messages[int(call.url.split("/")[4])]
                assert_pings_nobody(body or {})
                sent.payload.update(content=(body or {}).get("content", sent.payload["content"]),
                                    components=copy.deepcopy((body or {}).get("components", [])),
                                    edited_timestamp="2026-12-01T15:00:03.000000+00:00")
                return copy.deepcopy(sent.payload)
            case "GET /channels/{channel_id}":
                channel_id = int(call.url.split("/")[2])
                if channel_id not in self.channels:
                    raise http_error(404, 10003, "Unknown Channel")
                return copy.deepcopy(self.channels[channel_id])
            case "PUT /applications/{application_id}/commands":
                return [dict(c, id=str(self.snowflake()), application_id=str(APPLICATION_ID),
                             version="1") for c in body or []]
        raise AssertionError(f"FakeDiscord has no answer for {key}")

    # -- interaction webhooks (AsyncWebhookAdapter.request) -------------------------------

    async def webhook_request(self, route: Route, *, payload: dict[str, Any] | None = None,
                              multipart: Any = None, params: Any = None, files: Any = None,
                              **_: Any) -> Any:
        body = payload
        if multipart:
            body = json.loads(next(p["value"] for p in multipart if p["name"] == "payload_json"))
        call = self._record(route, body, params)
        key = f"{route.method} {route.path}"
        if self.failures.get(key):
            raise self.failures[key].pop(0)
        parts = call.url.split("/")
        match key:
            case "POST /interactions/{webhook_id}/{webhook_token}/callback":
                self.callbacks.append(call)
                interaction_id = int(parts[2])
                if interaction_id in self.acknowledged:
                    raise http_error(400, 40060, "Interaction has already been acknowledged.")
                self.acknowledged.add(interaction_id)
                data = (body or {}).get("data") or {}
                return {"interaction": {"id": str(interaction_id), "type": (body or {}).get("type"),
                                        "response_message_loading": (body or {}).get("type") == 5,
                                        "response_message_ephemeral": bool(
                                            data.get("flags", 0) & EPHEMERAL)}}
            case "POST /webhooks/{webhook_id}/{webhook_token}":
                interaction = self.interactions[parts[3]]
                user = interaction.get("user") or interaction["member"]["user"]
                return self._store(int(interaction["channel_id"]), body or {}, via="followup",
                                   user_id=int(user["id"]), files=files).payload
            case "DELETE /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}":
                return None
        raise AssertionError(f"FakeDiscord has no answer for {key}")

    # -- helpers -----------------------------------------------------------------------

    def _record(self, route: Route, body: Any, query: Any) -> Call:
        url = route.url.removeprefix(Route.BASE)
        call = Call(route.method, route.path, url, copy.deepcopy(body), query)
        self.calls.append(call)
        return call

    def _user(self, user_id: int) -> dict[str, Any]:
        return {"id": str(user_id), "username": f"member{user_id % 1000}", "avatar": None,
                "discriminator": "0", "public_flags": 0, "global_name": None}

    def _dm_user(self, channel_id: int) -> int | None:
        return self.dm_users.get(channel_id)

    def _store(self, channel_id: int, body: dict[str, Any], *, via: str, user_id: int | None,
               files: Any = None) -> Sent:
        allowed = body.get("allowed_mentions") or {}
        pinged = {int(i) for i in [*(allowed.get("roles") or []), *(allowed.get("users") or [])]}
        if not (pinged and pinged <= self.oncall and allowed.get("parse") == []):
            assert_pings_nobody(body)
        message_id = self.snowflake()
        message = {
            "id": str(message_id), "type": 0, "channel_id": str(channel_id),
            "author": copy.deepcopy(BOT_USER), "content": body.get("content") or "",
            "timestamp": "2026-12-01T15:00:02.000000+00:00", "edited_timestamp": None,
            "tts": False, "mention_everyone": False, "mentions": [], "mention_roles": [],
            "attachments": [], "embeds": [], "pinned": False, "flags": body.get("flags", 0),
            "components": copy.deepcopy(body.get("components", [])),
        }
        if via == "followup":
            message["webhook_id"] = str(APPLICATION_ID)
            message["application_id"] = str(APPLICATION_ID)
        attached = [(f.filename, f.fp.getvalue() if hasattr(f.fp, "getvalue") else b"")
                    for f in files or []]
        sent = Sent(message, copy.deepcopy(body), via, user_id, files=attached)
        self.sent.append(sent)
        self.messages[message_id] = sent
        return sent


class _WebhookAdapter(AsyncWebhookAdapter):
    """discord.py's interaction webhook adapter, answering from the fake instead of the network."""

    def __init__(self, fake: FakeDiscord) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # discord.py leaves it unannotated
        self._fake = fake

    async def request(self, route: Route, session: Any, **kwargs: Any) -> Any:
        return await self._fake.webhook_request(route, **kwargs)
