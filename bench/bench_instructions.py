"""Instructions per turn of the peer workload through the core, counted by valgrind's callgrind.

Wall time and even CPU time move with the machine's load (other processes share its two
cores and their caches); the number of instructions a turn executes does not. So this
runs a child under ``valgrind --tool=callgrind`` that sets up (fresh SQLite store,
services built, two warm-up turns) and then runs the first ``--messages`` messages of the
peer workload (``bench/bench_peer.py``) through the core. Only those turns are counted:
they run inside a call of libc's ``qsort`` of two items (its one comparison is a ctypes
callback that runs them), and callgrind collects only inside ``qsort_r``
(``--collect-atstart=no --toggle-collect=qsort_r``; nothing else calls it). Prints
instructions per turn, start-up excluded. Not a test.

    .venv/bin/python -m bench.bench_instructions [--messages 2000]

Slow: callgrind runs Python some 50x slower (about 5 minutes for 2,000 messages, most of
it the set-up).
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

COLLECTED = re.compile(rb"Collected\s*:\s*(\d+)")


def child(messages: int) -> None:
    from adapters.clock import SystemClock
    from bench.bench_peer import fresh, load_lines, sqlite_url
    from bot.config import CoreConfig
    from bot.core import Core
    from bot.messages import Inbound, MemberKey
    from adapters.wiring import build_services
    from storage.engine import create_engine
    from storage.unit_of_work import SqlUnitOfWorkFactory

    loop = asyncio.new_event_loop()
    url = sqlite_url()
    loop.run_until_complete(fresh(url))
    engine = create_engine(url)
    factory = SqlUnitOfWorkFactory(engine)
    core = Core(factory, SystemClock(), build_services(CoreConfig(rate_limit_per_minute=0, min_age=0)))
    inbound = []
    for raw in load_lines()[:messages]:
        data = json.loads(raw)
        inbound.append(Inbound(MemberKey("console", data["user"]), text=data.get("text"),
                               action=data.get("action")))

    async def warm_up() -> None:  # loads what the first turns would (place tables, first contact)
        await core.handle(Inbound(MemberKey("console", "warmup"), text="hi"))
        await core.handle(Inbound(MemberKey("console", "warmup"), text="I live in NY"))

    async def measured() -> None:
        for message in inbound:
            await core.handle(message)

    failed: list[BaseException] = []

    ran: list[bool] = []

    def compare(_a: int | None, _b: int | None) -> int:
        if not ran:  # two items: one comparison, but never run the turns twice
            ran.append(True)
            try:
                loop.run_until_complete(measured())
            except BaseException as error:  # noqa: BLE001 - a callback must not raise into C
                failed.append(error)
        return 0

    loop.run_until_complete(warm_up())
    # The measured turns run inside libc's qsort, the one function callgrind counts in.
    callback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)(compare)
    items = (ctypes.c_int * 2)(0, 0)
    libc = ctypes.CDLL(None)
    libc.qsort.restype = None
    libc.qsort(items, ctypes.c_size_t(2), ctypes.c_size_t(ctypes.sizeof(ctypes.c_int)), callback)
    if failed:
        raise failed[0]
    assert ran, "qsort never compared: nothing was measured"
    loop.run_until_complete(factory.close())
    engine.sync_engine.dispose()
    loop.close()


def count(messages: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        env.pop("DATABASE_URL", None)
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={Path(tmp) / 'cg.out'}",
             "--dump-instr=no", "--collect-jumps=no", "--collect-atstart=no",
             "--toggle-collect=qsort_r",
             sys.executable, "-m", "bench.bench_instructions", "--child", str(messages)],
            env=env, capture_output=True, check=True)
    found = COLLECTED.search(done.stderr)
    if found is None:
        raise SystemExit(f"no instruction count in callgrind's output:\n{done.stderr[-2000:].decode()}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--child", type=int)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child)
        return
    total = count(args.messages)
    print(f"callgrind: {args.messages} peer messages through the core: {total / 1e9:.3f} G "
          f"instructions = {total / args.messages / 1e6:.3f} M instructions per turn "
          f"(SQLite synchronous=FULL, rate limit off; set-up not counted)")


if __name__ == "__main__":
    main()
