"""Work still running after Slack was answered: counted, so shutdown (and tests) can wait for it.

Bolt acknowledges first and runs listeners in the background; each listener holds
``InFlight.track()`` while it works. ``track`` is synchronous, so the count rises
before the listener first yields, i.e. before the HTTP 200 can reach Slack.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager


class InFlight:
    def __init__(self) -> None:
        self._count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def count(self) -> int:
        return self._count

    def begin(self) -> None:
        """One more piece of work (queued or running); ``end`` when it is done."""
        self._count += 1
        self._idle.clear()

    def end(self) -> None:
        self._count -= 1
        if self._count == 0:
            self._idle.set()

    @contextmanager
    def track(self) -> Iterator[None]:
        self.begin()
        try:
            yield
        finally:
            self.end()

    async def wait_idle(self, timeout: float) -> bool:
        """True once nothing is running; False if work is still going after ``timeout`` seconds."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True
