"""Signed event callbacks are acked before bolt runs (ack first, turns queued behind it), at
most ``workers`` turns run at once, and shutdown still waits for every queued event."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp.test_utils import TestClient, TestServer
from slack_bolt.response import BoltResponse

from adapters.slack.event_queue import EventQueue
from adapters.slack.http import EVENTS_PATH, web_app
from adapters.slack.inflight import InFlight
from tests.slack.harness import SECRET, event_body, signed_headers


class StuckBolt:
    """Bolt whose dispatch waits until released; counts dispatches running at once."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.running = self.most = self.done = 0

    async def async_dispatch(self, request: Any) -> BoltResponse:
        self.running += 1
        self.most = max(self.most, self.running)
        await self.release.wait()
        self.running -= 1
        self.done += 1
        return BoltResponse(status=200, body="")


async def post(client: TestClient[Any, Any], data: dict[str, Any]) -> int:
    body = json.dumps(data).encode()
    response = await client.post(EVENTS_PATH, data=body,
                                 headers=signed_headers(body, "application/json", secret=SECRET))
    return response.status


async def test_events_are_acked_before_bolt_and_run_a_few_at_a_time() -> None:
    bolt, inflight = StuckBolt(), InFlight()
    queue = EventQueue(inflight, workers=2)
    client = TestClient(TestServer(web_app(bolt, SECRET, events=queue)))  # type: ignore[arg-type]
    await client.start_server()
    try:
        statuses = await asyncio.wait_for(asyncio.gather(
            *(post(client, event_body("message_im", user=f"U{n}", text="hi")) for n in range(6))), 2.0)
        assert statuses == [200] * 6  # acked while every turn is still stuck
        await asyncio.sleep(0.05)
        assert bolt.most == 2 and inflight.count == 6  # two running, four queued, all in flight
        bolt.release.set()
        assert await inflight.wait_idle(2.0)
        assert bolt.done == 6 and bolt.most == 2
    finally:
        await queue.stop()
        await client.close()


async def test_a_command_still_waits_for_bolt_for_its_ack() -> None:
    bolt, inflight = StuckBolt(), InFlight()
    queue = EventQueue(inflight)
    client = TestClient(TestServer(web_app(bolt, SECRET, events=queue)))  # type: ignore[arg-type]
    await client.start_server()
    try:
        verification = asyncio.ensure_future(post(client, {"type": "url_verification", "challenge": "c"}))
        await asyncio.sleep(0.2)
        assert not verification.done() and bolt.running == 1  # answered by bolt itself
        bolt.release.set()
        assert await verification == 200
    finally:
        await queue.stop()
        await client.close()
