"""A separate process racing for seats: books one seat for each member id it is given.

Usage: python -m tests.race_worker DB_URL GROUP_ID START_AT MEMBER...
Prints one JSON line: {"booked": n, "waitlisted": n, "errors": n}.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from adapters.clock import SystemClock
from adapters.wiring import build_services
from bot import actions
from bot.config import CoreConfig
from bot.core import Core
from bot.messages import Inbound, MemberKey
from storage.engine import create_engine
from storage.unit_of_work import SqlUnitOfWorkFactory


async def race(url: str, group_id: int, start_at: float, members: list[str]) -> dict[str, int]:
    engine = create_engine(url)
    core = Core(SqlUnitOfWorkFactory(engine), SystemClock(), build_services(CoreConfig(min_age=0)))
    core.deps.places.build()  # as the real programs do at start-up (adapters/wiring.py)
    for member in members:  # residency first, so the race is only for seats
        await core.handle(Inbound(MemberKey("console", member), text="New Jersey"))
    await asyncio.sleep(max(0.0, start_at - time.time()))
    outcomes = await asyncio.gather(*(
        core.handle(Inbound(MemberKey("console", m), action=actions.encode("book", group_id)))
        for m in members), return_exceptions=True)
    await engine.dispose()
    counts = {"booked": 0, "waitlisted": 0, "errors": 0}
    for outcome in outcomes:
        text = "" if isinstance(outcome, BaseException) else outcome.replies[-1].text
        if "You're booked" in text:
            counts["booked"] += 1
        elif "waitlist" in text:
            counts["waitlisted"] += 1
        else:
            counts["errors"] += 1
    return counts


if __name__ == "__main__":
    url, group, start = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    print(json.dumps(asyncio.run(race(url, group, start, sys.argv[4:]))))
