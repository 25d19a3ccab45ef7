"""Due work: jobs that run when their time has come, and the scheduler that runs them.

A job is anything with ``run_due(now)`` (structural typing: no import of this module
needed). The scheduler runs its jobs in order, each on its own, so one failing job
(a store outage, a bug) never stops the others; the next round tries again. Adapters
run it on a timer (Slack, Discord) or after every input line and on a manual clock
(JSON-lines mode).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from bot.ports import Clock, StoreUnavailable

log = logging.getLogger("frontdoor.scheduler")


class DueWork(Protocol):
    async def run_due(self, now: datetime) -> None: ...


@dataclass(slots=True)
class Every:
    """Run ``work`` at most once per ``interval`` (the first round runs it at once)."""

    work: DueWork
    interval: timedelta
    next_at: datetime | None = None

    async def run_due(self, now: datetime) -> None:
        if self.next_at is not None and now < self.next_at:
            return
        self.next_at = now + self.interval
        await self.work.run_due(now)


@dataclass(frozen=True, slots=True)
class Call:
    """Any coroutine function as due work, run every round."""

    fn: Callable[[], Awaitable[object]]

    async def run_due(self, now: datetime) -> None:
        await self.fn()


def job_name(job: object) -> str:
    inner = getattr(job, "work", None) or getattr(job, "fn", None)
    target = inner if inner is not None else job
    return getattr(target, "__qualname__", None) or type(target).__name__


@dataclass(slots=True)
class Scheduler:
    jobs: list[DueWork] = field(default_factory=list)

    def add(self, job: DueWork) -> None:
        self.jobs.append(job)

    async def run_due(self, now: datetime) -> None:
        """Run every job once for ``now``; failures are logged (no message text), never raised."""
        for job in self.jobs:
            try:
                await job.run_due(now)
            except StoreUnavailable:
                log.error("due work %s: store unavailable; will retry", job_name(job))
            except Exception as error:  # noqa: BLE001 - keep running the other jobs
                log.error("due work %s failed: %s", job_name(job), type(error).__name__)

    async def run_forever(self, clock: Clock, stop: asyncio.Event, interval: float = 1.0) -> None:
        """Run due work every ``interval`` seconds until ``stop`` is set."""
        while not stop.is_set():
            await self.run_due(clock.now())
            try:
                await asyncio.wait_for(stop.wait(), timeout=interval)
            except TimeoutError:
                pass

