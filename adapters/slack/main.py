"""``frontdoor slack``: the Slack front door and its outbox relay, started and stopped as one.

Socket Mode when ``SLACK_APP_TOKEN`` is set (no public URL needed), otherwise HTTP
mode on ``--port`` with ``SLACK_SIGNING_SECRET``. Beside it runs the relay loop that
posts staff notices (and retries notices the core kept in memory while the store
was down). Shutdown stops taking requests, lets running turns finish, then stops
the relay and closes the store.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from dataclasses import dataclass
from types import TracebackType

import aiohttp
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from adapters.settings import Settings
from adapters.slack.app import SlackHandlers, build_bolt_app
from adapters.slack.client import api_url, make_client
from adapters.slack.conversations import Conversations
from adapters.slack.http import HttpServer, web_app
from adapters.slack.inflight import InFlight
from adapters.slack.notifier import SlackNotifier
from adapters.slack.startup import BotIdentity, Mode, choose_mode, identify, warn_about_staff_channel
from adapters.wiring import App, build_app
from bot.relay import OutboxRelay

log = logging.getLogger("frontdoor.slack")


@dataclass(frozen=True, slots=True)
class Options:
    """Tunables (tests and the benchmark shorten them)."""

    host: str = "0.0.0.0"
    relay_interval: float = 1.0
    relay_base_backoff: float = 1.0
    relay_max_backoff: float = 300.0
    api_backoff_factor: float = 0.5
    drain_seconds: float = 10.0


class SlackFrontDoor:
    """Everything ``frontdoor slack`` runs. Use ``async with`` (or ``start``/``stop``)."""

    def __init__(self, settings: Settings, *, port: int = 3000, database_url: str | None = None,
                 options: Options = Options()) -> None:
        self.mode: Mode = choose_mode(settings)
        self._settings = settings
        self._port = port
        self._database_url = database_url
        self._options = options
        self._api_url = api_url(settings.slack_api_url)
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._session: aiohttp.ClientSession | None = None
        self._socket: AsyncSocketModeHandler | None = None
        self._server: HttpServer | None = None
        self.app: App | None = None
        self.relay: OutboxRelay | None = None
        self.identity: BotIdentity | None = None
        self.staff_channel_problem: str | None = None
        self.inflight = InFlight()
        self.port: int | None = None

    async def start(self) -> None:
        settings, options = self._settings, self._options
        self._session = aiohttp.ClientSession()
        try:
            client = make_client(str(settings.slack_bot_token), self._api_url, self._session,
                                 backoff_factor=options.api_backoff_factor)
            self.identity = await identify(client, self._api_url)
            staff_channel = str(settings.slack_staff_channel)
            self.staff_channel_problem = await warn_about_staff_channel(client, staff_channel)
            self.app = await build_app(settings, database_url=self._database_url)
            conversations = Conversations(client)
            bolt = build_bolt_app(client, self.identity, None if self.mode == "socket" else settings.slack_signing_secret)
            SlackHandlers(self.app.core, conversations, bot_user_id=self.identity.user_id,
                          command=settings.slack_command.strip(), inflight=self.inflight).register(bolt)
            self.relay = self.app.relay(SlackNotifier(conversations, staff_channel), platform="slack",
                                        base_backoff=options.relay_base_backoff,
                                        max_backoff=options.relay_max_backoff)
            self._tasks = [
                asyncio.create_task(self.relay.run_forever(self._stop, options.relay_interval)),
                asyncio.create_task(self._store_kept_notices()),
            ]
            if self.mode == "socket":
                self._socket = AsyncSocketModeHandler(bolt, str(settings.slack_app_token), web_client=client)
                await self._socket.connect_async()
                log.info("slack front door running in Socket Mode as %s", self.identity.user_id)
            else:
                self._server = HttpServer(web_app(bolt, str(settings.slack_signing_secret)),
                                          options.host, self._port)
                self.port = await self._server.start()
                log.info("slack front door listening on %s:%s/slack/events as %s", options.host, self.port,
                         self.identity.user_id)
        except BaseException:
            await self.stop()
            raise

    async def _store_kept_notices(self) -> None:
        """Notices the core kept in memory while the store was down: store them when it is back."""
        assert self.app is not None
        while not self._stop.is_set():
            try:
                await self.app.core.retry_unsaved()
            except Exception as error:  # keep trying; the relay loop logs store outages
                log.warning("storing kept notices failed: %s", type(error).__name__)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), timeout=self._options.relay_interval)

    async def stop(self) -> None:
        """Stop taking requests, let running turns finish, stop the relay, close everything."""
        if self._socket is not None:
            with contextlib.suppress(Exception):
                await self._socket.close_async()
            self._socket = None
        if self._server is not None:
            await self._server.stop()
            self._server = None
        if not await self.inflight.wait_idle(self._options.drain_seconds):
            log.warning("stopping with %d Slack turns still running", self.inflight.count)
        self._stop.set()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
            self._tasks = []
        if self.app is not None:
            await self.app.close()
            self.app = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> SlackFrontDoor:
        await self.start()
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None:
        await self.stop()


async def run_slack(settings: Settings, port: int = 3000, database_url: str | None = None) -> None:
    """Run until interrupted (Ctrl-C) or terminated (SIGTERM)."""
    door = SlackFrontDoor(settings, port=port, database_url=database_url)
    done = asyncio.Event()
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError):  # no signal handlers on some platforms
        loop.add_signal_handler(signal.SIGTERM, done.set)
    async with door:
        await done.wait()
