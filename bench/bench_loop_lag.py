"""Event-loop lag while another process holds SQLite's write lock.

SQLite units of work run on the loop thread (storage/sqlite_loop.py). This checks the
loop never stalls on a busy database: a second process takes ``BEGIN IMMEDIATE`` and
holds it for 1.5 s; meanwhile members send messages (their turns must wait for the lock)
and a ticker measures how late the loop wakes it every millisecond. Prints the turns'
latencies and the loop's worst lag, with the lock held and without. Not a test.

    .venv/bin/python -m bench.bench_loop_lag [--hold 1.5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from adapters.clock import SystemClock
from bot.config import CoreConfig
from bot.core import Core
from bot.messages import Inbound, MemberKey
from adapters.wiring import build_services
from storage.engine import create_engine
from storage.migrate import migrate
from storage.unit_of_work import SqlUnitOfWorkFactory

HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE groups SET taken = taken")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


async def ticker(stop: asyncio.Event, lags: list[float], every: float = 0.001) -> None:
    while not stop.is_set():
        before = time.perf_counter()
        await asyncio.sleep(every)
        lags.append((time.perf_counter() - before - every) * 1000)


async def turns(core: Core, n: int, tag: str) -> list[float]:
    async def one(i: int) -> float:
        t0 = time.perf_counter()
        await core.handle(Inbound(MemberKey("console", f"{tag}{i}"), text="how much does it cost"))
        return (time.perf_counter() - t0) * 1000

    return list(await asyncio.gather(*(one(i) for i in range(n))))


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hold", type=float, default=1.5)
    parser.add_argument("--members", type=int, default=20)
    args = parser.parse_args()
    path = Path(tempfile.mkdtemp()) / "lag.db"
    url = f"sqlite+aiosqlite:///{path}"
    engine = create_engine(url)
    await migrate(engine)
    factory = SqlUnitOfWorkFactory(engine)
    core = Core(factory, SystemClock(), build_services(CoreConfig(rate_limit_per_minute=0, min_age=0)))
    await turns(core, 5, "warm")
    for label, hold in (("no lock held", 0.0), (f"another process holds the write lock {args.hold} s", args.hold)):
        holder = None
        if hold:
            holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), str(hold)],
                                      stdout=subprocess.PIPE, text=True)
            assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        stop, lags = asyncio.Event(), list[float]()
        tick = asyncio.create_task(ticker(stop, lags))
        await asyncio.sleep(0.05)
        latencies = await turns(core, args.members, f"m{int(hold * 10)}-")
        await asyncio.sleep(0.05)
        stop.set()
        await tick
        if holder is not None:
            holder.wait()
        print(f"{label}: {args.members} turns at once, latency median {statistics.median(latencies):.0f} ms, "
              f"max {max(latencies):.0f} ms; loop lag over {len(lags)} ticks: median "
              f"{statistics.median(lags):.2f} ms, p99 {sorted(lags)[int(len(lags) * 0.99)]:.2f} ms, "
              f"max {max(lags):.2f} ms")
    await factory.close()
    await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
