"""``frontdoor slack``: the Slack front door and its outbox relay, started and stopped as one.

Socket Mode when ``SLACK_APP_TOKEN`` is set (no public URL needed), otherwise HTTP
mode on ``--port`` with ``SLACK_SIGNING_SECRET``. Beside it runs the relay loop that
posts staff notices (and retries notices the core kept in memory while the store
was down). Shutdown stops taking requests, lets running turns finish, stops the relay
after one last delivery round, and closes the store.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
from dataclasses import dataclass
from types import TracebackType

import aiohttp
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.settings import SlackSettings
from adapters.slack.app import SlackHandlers, build_bolt_app
from adapters.slack.client import make_client
from adapters.slack.conversations import Conversations
from adapters.slack.event_queue import EventQueue
from adapters.slack.http import HttpServer, web_app
from adapters.slack.inflight import InFlight
from adapters.slack.notifier import SlackNotifier
from adapters.slack.startup import BotIdentity, Mode, identify, warn_about_staff_channel
from adapters.wiring import Runtime, build_slack
from bot.relay import OutboxRelay

log = logging.getLogger("frontdoor.slack")

DEFAULT_HOST = "0.0.0.0"  # HTTP mode listens on every interface (Slack must reach it)


@dataclass(frozen=True, slots=True)
class Options:
    """Tunables (tests and the benchmark shorten them)."""

    host: str = DEFAULT_HOST
    relay_interval: float = 1.0
    relay_base_backoff: float = 1.0
    relay_max_backoff: float = 300.0
    api_backoff_factor: float = 0.5
    drain_seconds: float = 10.0
    final_delivery_seconds: float = 5.0


class SlackFrontDoor:
    """Everything ``frontdoor slack`` runs. Use ``async with`` (or ``start``/``stop``)."""

    def __init__(self, settings: SlackSettings, *, port: int = 3000, database_url: str | None = None,
                 options: Options = Options()) -> None:
        self.mode: Mode = settings.mode
        self._settings = settings
        self._port = port
        self._database_url = database_url
        self._options = options
        self._api_url = settings.slack_api_url
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._session: aiohttp.ClientSession | None = None
        self._socket: AsyncSocketModeHandler | None = None
        self._server: HttpServer | None = None
        self._events: EventQueue | None = None
        self.app: Runtime | None = None
        self.relay: OutboxRelay | None = None
        self.identity: BotIdentity | None = None
        self.staff_channel_problem: str | None = None
        self.inflight = InFlight()
        self.port: int | None = None

    async def start(self) -> None:
        self._session = aiohttp.ClientSession()
        try:
            client = make_client(self._settings.slack_bot_token, self._api_url, self._session,
                                 backoff_factor=self._options.api_backoff_factor)
            self.identity = await identify(client, self._api_url)
            staff_channel = self._settings.slack_staff_channel
            self.staff_channel_problem = await warn_about_staff_channel(client, staff_channel)
            self.app = await build_slack(self._settings, database_url=self._database_url)
            conversations = Conversations(client)
            self._start_relay(SlackNotifier(conversations, staff_channel,
                                            self._settings.staff_oncall_mention))
            bolt = self._bolt_app(client, self.identity, conversations)
            if self.mode == "socket":
                await self._connect_socket(bolt, client)
            else:
                await self._serve_http(bolt)
        except BaseException:
            await self.stop()
            raise

    def _bolt_app(self, client: AsyncWebClient, identity: BotIdentity,
                  conversations: Conversations) -> AsyncApp:
        assert self.app is not None
        secret = None if self.mode == "socket" else self._settings.slack_signing_secret
        bolt = build_bolt_app(client, identity, secret)
        handlers = SlackHandlers(self.app.core, conversations, bot_user_id=identity.user_id,
                                 command=self._settings.slack_command, inflight=self.inflight)
        handlers.register(bolt)
        return bolt

    def _start_relay(self, notifier: SlackNotifier) -> None:
        assert self.app is not None
        options = self._options
        self.relay = self.app.relay(notifier, platform="slack", base_backoff=options.relay_base_backoff,
                                    max_backoff=options.relay_max_backoff)
        scheduler = self.app.scheduler(self.relay)  # kept notices, the relay, the purge, ...
        self._tasks = [asyncio.create_task(scheduler.run_forever(
            self.app.clock, self._stop, options.relay_interval))]

    async def _connect_socket(self, bolt: AsyncApp, client: AsyncWebClient) -> None:
        assert self._settings.slack_app_token is not None  # Socket Mode is chosen by it
        self._socket = AsyncSocketModeHandler(bolt, self._settings.slack_app_token, web_client=client)
        await self._socket.connect_async()  # type: ignore[no-untyped-call]
        log.info("slack front door running in Socket Mode as %s", self.identity and self.identity.user_id)

    async def _serve_http(self, bolt: AsyncApp) -> None:
        signing_secret = self._settings.slack_signing_secret
        assert signing_secret is not None  # HTTP mode is chosen by its absence of an app token
        self._events = EventQueue(self.inflight)
        self._server = HttpServer(web_app(bolt, signing_secret, events=self._events),
                                  self._options.host, self._port)
        self.port = await self._server.start()
        log.info("slack front door listening on %s:%s/slack/events", self._options.host, self.port)

    async def stop(self) -> None:
        """Stop taking requests, let running turns finish, stop the relay, close everything."""
        if self._socket is not None:
            with contextlib.suppress(Exception):
                await self._socket.close_async()  # type: ignore[no-untyped-call]
            self._socket = None
        if self._server is not None:
            await self._server.stop()
            self._server = None
        if not await self.inflight.wait_idle(self._options.drain_seconds):
            log.warning("stopping with %d Slack turns still running", self.inflight.count)
        if self._events is not None:
            await self._events.stop()
            self._events = None
        self._stop.set()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
            self._tasks = []
            await self._last_delivery()
        if self.app is not None:
            await self.app.close()
            self.app = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _last_delivery(self) -> None:
        """One last relay round, so notices from the final turns (a crisis, say) go out now."""
        if self.relay is None:
            return
        try:
            await asyncio.wait_for(self.relay.run_once(), timeout=self._options.final_delivery_seconds)
        except Exception as error:  # they stay in the outbox for the next start
            log.warning("last notice delivery before stopping failed: %s", type(error).__name__)

    async def __aenter__(self) -> SlackFrontDoor:
        await self.start()
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None:
        await self.stop()


async def run_slack(settings: SlackSettings, port: int = 3000, database_url: str | None = None, *,
                    host: str = DEFAULT_HOST) -> None:
    """Run until interrupted (Ctrl-C) or terminated (SIGTERM, after finishing running turns)."""
    door = SlackFrontDoor(settings, port=port, database_url=database_url, options=Options(host=host))
    done = asyncio.Event()
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError):  # no signal handlers on some platforms
        loop.add_signal_handler(signal.SIGTERM, done.set)
    async with door:
        # Everything built at start-up lives as long as the process: keep it out of the
        # garbage collector's full passes, which would otherwise stall acks under load.
        gc.freeze()
        await done.wait()
