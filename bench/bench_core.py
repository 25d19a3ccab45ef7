"""Core throughput and latency with the real store, and a 200-member race for 10 seats.

Usage: .venv/bin/python -m bench.bench_core [--db URL] [--members 100] [--rounds 1]
                                            [--parts mixed,concurrent,race] [--event-ids] [--runs 1]
Without --db it runs on a fresh SQLite file, then on PostgreSQL if DATABASE_URL points there.
``--event-ids``: every inbound message carries a platform event id, as Slack and Discord
turns do (the console's carry none). ``--runs``: each part that many times, then
min/median/max of its figure.
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import functools
import itertools
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.clock import SystemClock
from bot import actions
from bot.config import CoreConfig
from bot.core import Core
from bot.messages import Inbound, MemberKey, Outcome
from adapters.wiring import build_services
from bot.dependencies import Dependencies
from storage.engine import create_engine
from storage.migrate import migrate
from storage.reset import drop_everything
from storage.unit_of_work import SqlUnitOfWorkFactory

SCRIPT: list[tuple[str, str]] = [
    ("text", "hi"),
    ("text", "what are the goals of therapy?"),
    ("text", "how much does it cost"),
    ("text", "I live in New Jersey"),
    ("action", actions.encode("groups")),
    ("action", actions.encode("sessions", "anxiety")),
    ("book", ""),
    ("action", actions.encode("mine")),
    ("text", "do you take insurance"),
    ("text", "cancel my booking"),
    ("text", "yes"),
    ("text", "thanks"),
]


EVENT_IDS = itertools.count(1)
WITH_EVENT_IDS = False  # --event-ids


def inbound_for(member: MemberKey, step: tuple[str, str], group_id: int) -> Inbound:
    kind, value = step
    event_id = f"ev-{next(EVENT_IDS)}" if WITH_EVENT_IDS else None
    if kind == "text":
        return Inbound(member, text=value, event_id=event_id)
    if kind == "book":
        return Inbound(member, action=actions.encode("book", group_id), event_id=event_id)
    return Inbound(member, action=value, event_id=event_id)


async def fresh(url: str) -> None:
    engine = create_engine(url)
    await drop_everything(engine)
    await migrate(engine)
    await engine.dispose()


@functools.cache
def services() -> Dependencies:
    """Built once: loading knowledge and crisis phrases is start-up work, not per bench."""
    return build_services(CoreConfig(rate_limit_per_minute=10_000, min_age=0))


async def fresh_core(url: str) -> tuple[AsyncEngine, Core, int]:
    """An emptied, migrated, seeded store; a core over it; the first anxiety group's id."""
    await fresh(url)
    engine = create_engine(url)
    core = Core(SqlUnitOfWorkFactory(engine), SystemClock(), services())
    async with engine.connect() as conn:
        anxiety = (await conn.execute(text(
            "SELECT id FROM groups WHERE topic='anxiety' ORDER BY id LIMIT 1"))).scalar_one_or_none()
    assert anxiety is not None, "the seeded schedule has an anxiety group"
    return engine, core, anxiety


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def mixed_conversation(url: str, members: int, rounds: int) -> float:
    engine, core, anxiety = await fresh_core(url)
    latencies: list[float] = []
    started = time.perf_counter()
    for r in range(rounds):
        for m in range(members):
            member = MemberKey("console", f"bench{r}-{m}")
            for step in SCRIPT:
                t0 = time.perf_counter()
                await core.handle(inbound_for(member, step, anxiety))
                latencies.append((time.perf_counter() - t0) * 1000)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    await engine.dispose()
    print(f"  mixed conversation: {len(latencies)} turns in {elapsed:.2f}s = "
          f"{len(latencies) / elapsed:.0f} turns/s (one process, sequential); "
          f"p50 {statistics.median(latencies):.2f} ms, p99 {pct(latencies, 0.99):.2f} ms, "
          f"max {max(latencies):.1f} ms; process peak RSS {peak / 1e6:.0f} MB")
    return len(latencies) / elapsed


async def concurrent_conversations(url: str, members: int) -> float:
    """The same script, with ``members`` members talking at once (one process)."""
    engine, core, anxiety = await fresh_core(url)
    latencies: list[float] = []

    async def one(n: int) -> None:
        member = MemberKey("console", f"conc{n}")
        for step in SCRIPT:
            t0 = time.perf_counter()
            await core.handle(inbound_for(member, step, anxiety))
            latencies.append((time.perf_counter() - t0) * 1000)

    started = time.perf_counter()
    await asyncio.gather(*(one(n) for n in range(members)))
    elapsed = time.perf_counter() - started
    await engine.dispose()
    print(f"  {members} members at once: {len(latencies)} turns in {elapsed:.2f}s = "
          f"{len(latencies) / elapsed:.0f} turns/s; p50 {statistics.median(latencies):.1f} ms, "
          f"p99 {pct(latencies, 0.99):.1f} ms")
    return len(latencies) / elapsed


async def race_setup(url: str, members: int, seats: int) -> tuple[AsyncEngine, Core, int, list[MemberKey]]:
    """A store with one group of ``seats`` seats and ``members`` members who gave their state."""
    engine, core, _ = await fresh_core(url)
    async with engine.begin() as conn:
        group = (await conn.execute(text(
            "UPDATE groups SET capacity = :seats WHERE topic = 'anxiety' RETURNING id"),
            {"seats": seats})).scalars().first()
    assert group is not None, "the seeded schedule has an anxiety group"
    refs = [MemberKey("console", f"racer{n}") for n in range(members)]
    await asyncio.gather(*(core.handle(Inbound(m, text="NJ")) for m in refs))
    return engine, core, group, refs


def book_all(core: Core, group: int, refs: list[MemberKey]) -> Awaitable[list[Outcome]]:
    return asyncio.gather(*(core.handle(Inbound(m, action=actions.encode("book", group))) for m in refs))


async def race(url: str, members: int = 200, seats: int = 10) -> float:
    engine, core, group, refs = await race_setup(url, members, seats)
    t0 = time.perf_counter()
    outcomes = await book_all(core, group, refs)
    elapsed = time.perf_counter() - t0
    booked = sum("You're booked" in o.replies[-1].text for o in outcomes)
    waiting = sum("waitlist" in o.replies[-1].text for o in outcomes)
    told = {}
    for outcome in outcomes:
        place = re.search(r"you're number (\d+).*Reference: (FD-\w+)", outcome.replies[-1].text)
        if place:
            told[place.group(2)] = int(place.group(1))
    async with engine.connect() as conn:
        taken = (await conn.execute(text("SELECT taken FROM groups WHERE id = :g"), {"g": group})).scalar()
        order = (await conn.execute(text("SELECT ref FROM bookings WHERE group_id = :g AND status = "
                                         "'waitlisted' ORDER BY id"), {"g": group})).scalars().all()
        notices = (await conn.execute(text("SELECT text FROM outbox WHERE kind = 'waitlist'"))).scalars().all()
    await engine.dispose()
    stored = {ref: n for n, ref in enumerate(order, start=1)}
    staff = {m.group(1): int(m.group(2)) for m in
             (re.search(r"Waitlist (FD-\w+): .* number (\d+) on", t) for t in notices) if m}
    print(f"  race: {members} members for {seats} seats in {elapsed * 1000:.0f} ms: "
          f"{booked} booked, {waiting} waitlisted, seats taken {taken}; waitlist places told to "
          f"members matching the stored order {sum(told.get(r) == n for r, n in stored.items())}/"
          f"{len(stored)}, in staff notices {sum(staff.get(r) == n for r, n in stored.items())}/{len(stored)}")
    return elapsed * 1000


def race_instructions_child() -> None:
    """Under callgrind: set the race up, then run only its 200 bookings inside libc's qsort
    (the one function counted; see bench/bench_instructions.py for the technique)."""
    url = f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    loop = asyncio.new_event_loop()
    engine, core, group, refs = loop.run_until_complete(race_setup(url, 200, 10))
    ran: list[bool] = []
    failed: list[BaseException] = []

    async def bookings() -> None:
        outcomes = await book_all(core, group, refs)
        assert sum("You're booked" in o.replies[-1].text for o in outcomes) == 10

    def compare(_a: int | None, _b: int | None) -> int:
        if not ran:  # two items: one comparison, but never run the bookings twice
            ran.append(True)
            try:
                loop.run_until_complete(bookings())
            except BaseException as error:  # noqa: BLE001 - a callback must not raise into C
                failed.append(error)
        return 0

    callback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)(compare)
    items = (ctypes.c_int * 2)(0, 0)
    libc = ctypes.CDLL(None)
    libc.qsort.restype = None
    libc.qsort(items, ctypes.c_size_t(2), ctypes.c_size_t(ctypes.sizeof(ctypes.c_int)), callback)
    if failed:
        raise failed[0]
    assert ran, "qsort never compared: nothing was measured"
    loop.run_until_complete(engine.dispose())
    loop.close()


def race_instructions() -> int:
    """Instructions of the race's 200 bookings on SQLite (callgrind; load-independent)."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={Path(tmp) / 'cg.out'}",
             "--dump-instr=no", "--collect-jumps=no", "--collect-atstart=no",
             "--toggle-collect=qsort_r", sys.executable, "-m", "bench.bench_core",
             "--race-instructions-child"], env=env, capture_output=True, check=True)
    found = re.search(rb"Collected\s*:\s*(\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"no instruction count in callgrind's output:\n{done.stderr[-2000:].decode()}")
    return int(found.group(1))


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db")
    parser.add_argument("--members", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--parts", default="mixed,concurrent,race")
    parser.add_argument("--event-ids", action="store_true")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--race-instructions", action="store_true",
                        help="count the race's instructions under callgrind (SQLite) and stop")
    parser.add_argument("--race-instructions-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.race_instructions:
        total = race_instructions()
        print(f"callgrind: the race's 200 bookings on SQLite: {total / 1e6:.1f} M instructions "
              f"= {total / 200 / 1e6:.3f} M per booking turn")
        return
    global WITH_EVENT_IDS
    WITH_EVENT_IDS = args.event_ids
    parts = args.parts.split(",")
    urls = [args.db] if args.db else [f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"]
    if not args.db and os.environ.get("DATABASE_URL", "").startswith("postgresql"):
        urls.append(os.environ["DATABASE_URL"])
    for url in urls:
        print(f"{url.split(':')[0]}:{' (event ids)' if args.event_ids else ''}")
        figures: dict[str, list[float]] = {part: [] for part in parts}
        for _ in range(args.runs):  # interleaved: mixed, concurrent, race, mixed, ...
            if "mixed" in parts:
                figures["mixed"].append(await mixed_conversation(url, args.members, args.rounds))
            if "concurrent" in parts:
                figures["concurrent"].append(await concurrent_conversations(url, 20))
            if "race" in parts:
                figures["race"].append(await race(url))
        if args.runs > 1:
            for part, unit in (("mixed", "turns/s"), ("concurrent", "turns/s"), ("race", "ms")):
                if part in parts:
                    values = figures[part]
                    print(f"  {part}: min/median/max {min(values):.0f}/{statistics.median(values):.0f}/"
                          f"{max(values):.0f} {unit} ({args.runs} runs; load average "
                          f"{os.getloadavg()[0]:.2f})")


if __name__ == "__main__":
    if "--race-instructions-child" in sys.argv:
        race_instructions_child()
    else:
        asyncio.run(main())
