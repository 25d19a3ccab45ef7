"""A separate process running urgent escalation against a shared store, on a manual clock.

Usage: python -m tests.escalation_worker DB_URL FROM_ISO MINUTES START_AT
Steps the clock a minute at a time from FROM_ISO, calling ``run_due`` several times at
once each minute (from START_AT, a wall-clock instant, so processes start together).
"""

from __future__ import annotations

import asyncio
import sys
import time
from datetime import datetime, timedelta

from bot.urgent import UrgentEscalation
from storage.engine import create_engine
from storage.unit_of_work import SqlUnitOfWorkFactory


async def run(url: str, start: datetime, minutes: int, start_at: float) -> None:
    engine = create_engine(url)
    escalation = UrgentEscalation(SqlUnitOfWorkFactory(engine))
    await asyncio.sleep(max(0.0, start_at - time.time()))
    for minute in range(1, minutes + 1):
        now = start + timedelta(minutes=minute)
        await asyncio.gather(*(escalation.run_due(now) for _ in range(4)))
    await engine.dispose()
    print("done")


if __name__ == "__main__":
    asyncio.run(run(sys.argv[1], datetime.fromisoformat(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])))
