"""Plays Slack's side: signs and POSTs real-format payloads to the running app, reads what it posted.

Payload templates are recorded JSON under ``tests/slack/payloads/``; helpers copy a
template, fill in the user, text or button, sign the exact bytes (v0 HMAC of
``v0:{timestamp}:{body}``) and POST them to the app's ``/slack/events`` endpoint.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import itertools
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp

from adapters.slack.main import SlackFrontDoor
from tests.slack.fake_slack import FakeSlack

PAYLOADS = Path(__file__).with_name("payloads")
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
STAFF_CHANNEL = "C0STAFF"
STAFF_USER = "U0STAFF01"

_ids = itertools.count(1)


def payload(name: str) -> dict[str, Any]:
    return copy.deepcopy(json.loads((PAYLOADS / f"{name}.json").read_text(encoding="utf-8")))


def signature(body: bytes, timestamp: str, secret: str = SECRET) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(body: bytes, content_type: str, *, secret: str = SECRET,
                   timestamp: str | None = None) -> dict[str, str]:
    timestamp = timestamp or str(int(time.time()))
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": signature(body, timestamp, secret)}


def event_body(template: str, **event: Any) -> dict[str, Any]:
    body = payload(template)
    body["event_id"] = f"Ev{next(_ids):09d}"
    body["event"].update(event)
    return body


def form(fields: dict[str, Any]) -> bytes:
    return urlencode(fields).encode()


@dataclass
class Answer:
    status: int
    text: str
    seconds: float


class SlackHarness:
    def __init__(self, door: SlackFrontDoor, fake: FakeSlack, session: aiohttp.ClientSession) -> None:
        self.door = door
        self.fake = fake
        self.session = session
        assert door.port is not None
        self.url = f"http://127.0.0.1:{door.port}/slack/events"

    # -- raw requests -------------------------------------------------------------------

    async def post(self, body: bytes, headers: dict[str, str]) -> Answer:
        started = time.perf_counter()
        async with self.session.post(self.url, data=body, headers=headers) as response:
            text = await response.text()
            return Answer(response.status, text, time.perf_counter() - started)

    async def send_json(self, data: dict[str, Any], *, retry: int | None = None) -> Answer:
        body = json.dumps(data).encode()
        headers = signed_headers(body, "application/json")
        if retry:
            headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        return await self.post(body, headers)

    async def send_form(self, fields: dict[str, Any]) -> Answer:
        body = form(fields)
        return await self.post(body, signed_headers(body, "application/x-www-form-urlencoded"))

    async def settle(self) -> None:
        """Wait until the app has finished all work started by requests so far."""
        assert await self.door.inflight.wait_idle(10), "Slack listeners still running"

    # -- what members do ----------------------------------------------------------------

    async def dm(self, user: str, text: str, *, settle: bool = True) -> Answer:
        body = event_body("message_im", user=user, text=text, channel=f"D{user}")
        answer = await self.send_json(body)
        if settle:
            await self.settle()
        return answer

    async def mention(self, user: str, text: str, channel: str = "C0GENERAL") -> Answer:
        answer = await self.send_json(event_body("app_mention", user=user, text=text, channel=channel))
        await self.settle()
        return answer

    def action_body(self, user: str, action_id: str, value: str | None = None) -> dict[str, Any]:
        body = payload("block_actions")
        body["user"]["id"] = user
        body["channel"]["id"] = body["container"]["channel_id"] = f"D{user}"
        body["trigger_id"] = f"{time.time():.0f}.{next(_ids)}.{'ab' * 16}"
        body["actions"][0].update(action_id=action_id, value=value if value is not None else action_id,
                                  action_ts=f"{time.time():.6f}")
        return body

    async def press_action(self, user: str, action_id: str, value: str | None = None) -> Answer:
        answer = await self.send_form({"payload": json.dumps(self.action_body(user, action_id, value))})
        await self.settle()
        return answer

    async def press(self, user: str, label: str) -> Answer:
        """Press the newest button in the member's DM whose label contains ``label``."""
        button = self.find_button(user, label)
        return await self.press_action(user, button["action_id"], button["value"])

    async def command(self, user: str, text: str, command: str = "/frontdoor") -> Answer:
        fields = payload("slash_command") | {"user_id": user, "text": text, "command": command,
                                               "trigger_id": f"{time.time():.0f}.{next(_ids)}.{'cd' * 16}"}
        answer = await self.send_form(fields)
        await self.settle()
        return answer

    async def open_home(self, user: str) -> Answer:
        answer = await self.send_json(event_body("app_home_opened", user=user, channel=f"D{user}"))
        await self.settle()
        return answer

    # -- what the bot posted ------------------------------------------------------------

    def dm_posts(self, user: str) -> list[dict[str, Any]]:
        return self.fake.posts(f"D{user}")

    def dm_text(self, user: str, last: int = 1) -> str:
        return "\n".join(p["text"] for p in self.dm_posts(user)[-last:])

    def buttons(self, blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [e for b in blocks if b.get("type") == "actions" for e in b["elements"]]

    def find_button(self, user: str, label: str) -> dict[str, Any]:
        for post in reversed(self.dm_posts(user)):
            for button in self.buttons(post.get("blocks", [])):
                if label.lower() in button["text"]["text"].lower():
                    return button
        raise AssertionError(f"no button like {label!r} in the DM of {user}")

    async def staff_notices(self, count: int = 1, timeout: float = 5.0) -> list[str]:
        await self.fake.wait_for(lambda: len(self.fake.texts(STAFF_CHANNEL)) >= count, timeout)
        return self.fake.texts(STAFF_CHANNEL)
