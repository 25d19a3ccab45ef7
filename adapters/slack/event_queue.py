"""Events acknowledged at once, then handed to bolt by a few workers (the ack never waits).

A signed ``event_callback`` (a DM, a mention, App Home opened) needs nothing but an empty
200, so the endpoint answers it before bolt sees the request: the answer does not wait for
bolt's middleware, nor behind the turns already running on the event loop. The request
goes into a queue that ``workers`` tasks hand to bolt one at a time each, so at most that
many turns are ready to run at once and the loop stays free to answer new requests (at 100
events/s, bench/bench_slack.py --rate 100: ack p99 about 25-50 ms with 4 workers, 200 ms
with 16, 600-840 ms when every event's turn started at once). The
queue is bounded: when ``max_queued`` events wait, the next ack waits for room
(backpressure, never a dropped event). Every queued event counts in ``InFlight`` from the
moment it is queued, so shutdown waits for it. Slash commands and buttons are not queued:
their ack carries content (and bolt answers ``url_verification``).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable

from adapters.slack.inflight import InFlight

log = logging.getLogger("frontdoor.slack.events")

WORKERS = 4
MAX_QUEUED = 1000

Dispatch = Callable[[], Awaitable[object]]


def is_event_callback(content_type: str, body: bytes) -> bool:
    """A JSON ``event_callback``: the kind of request answered by an empty 200 alone."""
    if not content_type.startswith("application/json"):
        return False
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return False
    return isinstance(data, dict) and data.get("type") == "event_callback"


class EventQueue:
    """Bolt dispatches waiting their turn; ``start`` in a running loop, ``stop`` at the end."""

    def __init__(self, inflight: InFlight, workers: int = WORKERS, max_queued: int = MAX_QUEUED) -> None:
        self._inflight = inflight
        self._queue: asyncio.Queue[Dispatch] = asyncio.Queue(max_queued)
        self._count = workers
        self._workers: list[asyncio.Task[None]] = []

    def start(self) -> None:
        if not self._workers:
            self._workers = [asyncio.create_task(self._work()) for _ in range(self._count)]

    async def put(self, dispatch: Dispatch) -> None:
        """Queue one dispatch (waiting for room if the queue is full); it is in flight from now."""
        self.start()
        self._inflight.begin()
        try:
            await self._queue.put(dispatch)
        except BaseException:
            self._inflight.end()
            raise

    async def _work(self) -> None:
        while True:
            dispatch = await self._queue.get()
            try:
                await dispatch()
            except Exception as error:  # noqa: BLE001 - one bad event never stops the worker
                log.error("queued slack event failed: %s", type(error).__name__)
            finally:
                self._inflight.end()

    async def stop(self) -> None:
        """Stop the workers (call after in-flight work has drained)."""
        workers, self._workers = self._workers, []
        for worker in workers:
            worker.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
