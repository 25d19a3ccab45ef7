"""When a JSON-lines line runs the process's due work, and when one read shows it has none.

After a member's line the whole round (kept crisis notices, escalations, reminders, the
outbox relay, the purge) used to run: three units of work, each taking SQLite's write lock,
about a fifth of a line. Now the round runs when it can have something to do:
- the notices the core kept while the store was down were just stored (``retry_unsaved``);
- the store says something is due (``storage.due``: an outbox row for this platform, an
  urgent request old enough to escalate, a reminder slot; one read that locks nothing and
  sees other processes' rows too) or cannot answer (the round then logs the outage itself);
- the clock has moved on a second since the last round (or back): work timed in the process
  itself (the reminder slots' sync every 10 minutes, the hourly purge) is then at most a
  second late, as with the Slack and Discord timers. A manual clock moves only on a clock
  line, and a clock line always runs the round.
So a line still carries everything that was due by its end (DESIGN.md, "Clock and
deliveries in JSON-lines mode").
"""

from __future__ import annotations

from datetime import datetime, timedelta

from adapters.wiring import Runtime
from bot.scheduler import Scheduler
from storage.due import due_params

ROUND_EVERY = timedelta(seconds=1)


class DueGate:
    """Runs ``scheduler`` for a line only when something can be due (see module docstring)."""

    def __init__(self, app: Runtime, scheduler: Scheduler, platform: str,
                 round_every: timedelta = ROUND_EVERY) -> None:
        config = app.core.deps.config
        self._app = app
        self._scheduler = scheduler
        self._platform = platform
        self._escalate_after = timedelta(minutes=config.urgent_escalate_minutes)
        self._max_escalations = config.urgent_max_escalations
        self._offsets = sorted(set(config.reminder_offsets))
        self._round_every = round_every
        self._last_round: datetime | None = None
        self.rounds = 0  # rounds run by this gate (for tests and benchmarks)

    async def run_due(self, now: datetime, *, always: bool = False) -> None:
        """Run the round for ``now`` if it can have something to do (``always``: a clock line)."""
        if always or await self._round_needed(now):
            self._last_round = now
            self.rounds += 1
            await self._scheduler.run_due(now)

    async def _round_needed(self, now: datetime) -> bool:
        last = self._last_round
        if last is None or now < last or now - last >= self._round_every:
            return True
        if await self._app.core.retry_unsaved():
            return True
        try:
            return await self._app.uow_factory.anything_due(due_params(
                now, platform=self._platform, escalate_before=now - self._escalate_after,
                max_escalations=self._max_escalations, offsets=self._offsets))
        except Exception:  # the round reports the outage (no message text in the log)
            return True
