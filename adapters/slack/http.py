"""HTTP mode: one aiohttp endpoint (``/slack/events``) in front of the bolt app.

Every request's signature is checked here first, with slack_sdk's verifier (v0
HMAC of ``v0:{timestamp}:{body}`` with the signing secret, timestamp within 5
minutes), and bolt checks it again. The check here exists because bolt alone
answers a non-numeric or empty timestamp with 500 (its verifier raises) and logs
the body of a rejected request at INFO; here every bad, stale, malformed or
missing signature gets 401 and nothing about the request is logged.

Slack's ``ssl_check`` probe, which may come unsigned, goes straight to bolt, which
answers it with an empty 200 before any listener could see it. The body is read once:
the bytes checked are the bytes bolt gets. A signed event callback is answered with an empty
200 right here and queued for bolt (``event_queue``), so the ack never waits behind turns.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qs

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import Clock, SignatureVerifier

from adapters.slack.event_queue import EventQueue, is_event_callback

log = logging.getLogger("frontdoor.slack.http")

EVENTS_PATH = "/slack/events"
MAX_BODY = 1024 * 1024  # Slack's payloads are far smaller
_SIGNATURE_LENGTH = len("v0=") + 64


class _Clock(Clock):
    def __init__(self, now: Callable[[], float]) -> None:
        self._now = now

    def now(self) -> float:
        return self._now()


class SignatureCheck:
    """Slack's request signature, checked strictly: anything unexpected is simply invalid."""

    def __init__(self, signing_secret: str, now: Callable[[], float] = time.time) -> None:
        self._verifier = SignatureVerifier(signing_secret, clock=_Clock(now))

    def valid(self, body: bytes, timestamp: str | None, signature: str | None) -> bool:
        if not timestamp or not signature:
            return False
        if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
            return False
        if len(signature) != _SIGNATURE_LENGTH or not signature.startswith("v0="):
            return False
        try:
            return self._verifier.is_valid(body, timestamp, signature)
        except (ValueError, UnicodeDecodeError):
            return False


def is_ssl_check(content_type: str, body: bytes) -> bool:
    """Slack's certificate probe (``ssl_check=1``), which may come unsigned; it reaches no listener."""
    if content_type != "application/x-www-form-urlencoded" or len(body) > 200:
        return False
    return parse_qs(body.decode("ascii", "replace")).get("ssl_check") == ["1"]


def _rejected() -> web.Response:
    return web.json_response({"error": "invalid request"}, status=401)


def bolt_request(request: web.Request, body: bytes) -> AsyncBoltRequest:
    """The request as bolt reads it, from the body already read (UnicodeDecodeError if it is not text)."""
    return AsyncBoltRequest(body=body.decode(request.charset or "utf-8"), query=request.query_string,
                            headers=request.headers)  # type: ignore[arg-type]


def events_endpoint(bolt: AsyncApp, check: SignatureCheck, queue: EventQueue | None = None
                    ) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def events(request: web.Request) -> web.StreamResponse:
        body = await request.read()
        if is_ssl_check(request.content_type, body):  # answered by bolt with an empty 200
            return await to_aiohttp_response(await bolt.async_dispatch(bolt_request(request, body)))
        if not check.valid(body, request.headers.get("X-Slack-Request-Timestamp"),
                           request.headers.get("X-Slack-Signature")):
            log.info("rejected a request with a bad, stale or missing signature")
            return _rejected()
        try:
            parsed = bolt_request(request, body)
        except (ValueError, UnicodeDecodeError, LookupError):  # signed by Slack, yet unreadable
            log.warning("signed request with an unreadable body")
            return web.json_response({"error": "unreadable request"}, status=400)
        if queue is not None and is_event_callback(request.content_type, body):
            await queue.put(lambda: bolt.async_dispatch(parsed))
            return web.Response(status=200)  # the ack: bolt and the turn run after it
        response = await bolt.async_dispatch(parsed)
        return await to_aiohttp_response(response)

    return events


def web_app(bolt: AsyncApp, signing_secret: str, *, now: Callable[[], float] = time.time,
            events: EventQueue | None = None) -> web.Application:
    """The endpoint; with ``events``, signed event callbacks are acked before bolt sees them."""
    app = web.Application(client_max_size=MAX_BODY)
    app.router.add_post(EVENTS_PATH, events_endpoint(bolt, SignatureCheck(signing_secret, now), events))
    return app


class HttpServer:
    """The aiohttp server on ``host:port`` (port 0 picks a free one; see ``port`` after start)."""

    def __init__(self, app: web.Application, host: str, port: int) -> None:
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        self._host = host
        self._requested_port = port
        self.port: int | None = None

    async def start(self) -> int:
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._requested_port)
        await site.start()
        address = self._runner.addresses[0]
        self.port = int(address[1])
        return self.port

    async def stop(self) -> None:
        await self._runner.cleanup()
