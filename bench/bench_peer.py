"""The peer workload: the exact 2,000-message stream errbot, opsdroid and a plain reference were
measured on (``/work/shared/bench/peer-workload.jsonl``, 50 members, 15 FAQ intents).

Two ways, each on a fresh store, repeated and interleaved so machine noise hits both alike:
- ``core``: in-process, ``await core.handle(inbound)`` one message after another;
- ``pipe``: ``frontdoor chat --jsonl --db URL`` as a subprocess, one line written, its answer
  read, then the next (so p50/p99 are per-message round trips; one warm-up line first, then
  a wait until the process is idle, so its start-up work in the background is not counted).

The per-member rate limit is OFF here (``RATE_LIMIT_PER_MINUTE=0``, ``rate_limit_per_minute=0``):
the stream sends 40 messages per member within seconds. SQLite runs at the engine's durable
default (``synchronous=FULL``, WAL). Prints messages/s and p50/p99 per run, then
min/median/max over the runs. Not a test.

    .venv/bin/python -m bench.bench_peer [--on sqlite,pg] [--pg URL] [--db URL] [--runs 3]
                                         [--mode core,pipe]

Without ``--db``: a fresh SQLite file per run, then PostgreSQL if ``--pg`` (or DATABASE_URL)
points there. On PostgreSQL each run gets a private database, created next to the one the
URL names and dropped afterwards (the server is shared: nobody else's data is touched).
``--db URL`` runs on exactly that database instead (emptied first: never a shared one).
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from adapters.clock import SystemClock
from bot.config import CoreConfig
from bot.core import Core
from bot.messages import Inbound, MemberKey
from adapters.wiring import WARM_UP_DELAY_SECONDS, build_services
from storage.engine import create_engine, normalise_url
from storage.migrate import migrate
from storage.reset import drop_everything
from storage.unit_of_work import SqlUnitOfWorkFactory

WORKLOAD = Path(os.environ.get("PEER_WORKLOAD", "/work/shared/bench/peer-workload.jsonl"))
FRONTDOOR = Path(sys.executable).with_name("frontdoor")
PEERS = ("peers (same stream, shared/bench/README.md): errbot ~1,165 msgs/s, opsdroid ~336, "
         "plain reference over the pipe ~980")


def load_lines() -> list[bytes]:
    return [line for line in WORKLOAD.read_bytes().splitlines(keepends=True) if line.strip()]


def cpu_seconds(pid: int | None = None) -> float:
    """User + system CPU of this process (or of ``pid``, from /proc): unlike wall time, it
    does not grow when other work shares the machine's two cores."""
    if pid is None:
        return time.process_time()
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def settled(pid: int, quiet: float = 0.5, at_most: float = 15.0) -> None:
    """Wait until ``pid`` has used no CPU for ``quiet`` seconds: its start-up work (the place
    index built in a thread after the first reply) is then done and not counted as turns."""
    time.sleep(WARM_UP_DELAY_SECONDS)  # the build starts this long after the first reply
    deadline = time.monotonic() + at_most
    before = cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = cpu_seconds(pid)
        if now - before < 0.02:
            return
        before = now


Run = tuple[float, list[float], float]  # messages/s, latencies (ms), messages per CPU-second


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def sqlite_url() -> str:
    return f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp()) / 'peer.db'}"


async def _admin(url: str, statement: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(statement))
    await engine.dispose()


@asynccontextmanager
async def private_database(server_url: str) -> AsyncIterator[str]:
    """A new PostgreSQL database on ``server_url``'s server for one run, dropped after it."""
    name = f"frontdoor_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    await _admin(server_url, f'CREATE DATABASE "{name}"')
    try:
        yield make_url(normalise_url(server_url)).set(database=name).render_as_string(hide_password=False)
    finally:
        await _admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@asynccontextmanager
async def run_url(target: str, exact: bool) -> AsyncIterator[str]:
    """Where one run goes: a fresh SQLite file, the exact ``--db``, or a private PG database."""
    if target == "sqlite":
        yield sqlite_url()
    elif exact or not target.startswith("postgresql"):
        yield target
    else:
        async with private_database(target) as url:
            yield url


async def fresh(url: str) -> None:
    engine = create_engine(url)
    await drop_everything(engine)
    await migrate(engine)
    await engine.dispose()


async def run_core(url: str, lines: list[bytes]) -> Run:
    await fresh(url)
    engine = create_engine(url)
    factory = SqlUnitOfWorkFactory(engine)
    core = Core(factory, SystemClock(),
                build_services(CoreConfig(rate_limit_per_minute=0, min_age=0)))
    inbound = []
    for raw in lines:
        data = json.loads(raw)
        inbound.append(Inbound(MemberKey("console", data["user"]), text=data.get("text"),
                               action=data.get("action")))
    await core.handle(Inbound(MemberKey("console", "warmup"), text="hi"))
    latencies: list[float] = []
    cpu = cpu_seconds()
    started = time.perf_counter()
    for message in inbound:
        t0 = time.perf_counter()
        await core.handle(message)
        latencies.append((time.perf_counter() - t0) * 1000)
    elapsed = time.perf_counter() - started
    cpu = cpu_seconds() - cpu
    close = getattr(factory, "close", None)
    if close is not None:
        await close()
    await engine.dispose()
    return len(lines) / elapsed, latencies, len(lines) / cpu


async def run_pipe(url: str, lines: list[bytes]) -> Run:
    await fresh(url)
    env = {**os.environ, "RATE_LIMIT_PER_MINUTE": "0", "MIN_AGE": "0", "LOG_LEVEL": "WARNING"}
    return _drive([str(FRONTDOOR), "chat", "--jsonl", "--db", url], lines, env)


async def run_reference(url: str, lines: list[bytes]) -> Run:
    """The plain-Python reference (bench/peer_reference.py) over the same pipe client."""
    path = url.split("///", 1)[1] if url.startswith("sqlite") else os.path.join(tempfile.mkdtemp(), "ref.db")
    if os.path.exists(path):
        os.remove(path)
    return _drive([sys.executable, "-m", "bench.peer_reference", path], lines, dict(os.environ))


def _drive(command: list[str], lines: list[bytes], env: dict[str, str]) -> Run:
    """One line written, its answer read, for every line, once the process is idle."""
    process = subprocess.Popen(command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
    assert process.stdin is not None and process.stdout is not None
    # Buffered reads: an unbuffered readline costs this client one read call per byte.
    answers = io.BufferedReader(process.stdout)  # type: ignore[type-var]
    process.stdin.write(b'{"user": "warmup", "text": "hi"}\n')
    json.loads(answers.readline())
    settled(process.pid)
    latencies: list[float] = []
    cpu = cpu_seconds(process.pid)
    started = time.perf_counter()
    for raw in lines:
        t0 = time.perf_counter()
        process.stdin.write(raw)
        answer = answers.readline()
        latencies.append((time.perf_counter() - t0) * 1000)
        assert b'"replies"' in answer, answer[:200]
    elapsed = time.perf_counter() - started
    cpu = cpu_seconds(process.pid) - cpu
    process.stdin.close()
    process.wait(timeout=30)
    return len(lines) / elapsed, latencies, len(lines) / cpu


def summary(label: str, runs: list[Run]) -> str:
    rates = [r for r, _, _ in runs]
    p50s = [statistics.median(lat) for _, lat, _ in runs]
    p99s = [pct(lat, 0.99) for _, lat, _ in runs]
    per_cpu = [c for _, _, c in runs]
    return (f"  {label}: msgs/s min/median/max {min(rates):.0f}/{statistics.median(rates):.0f}/"
            f"{max(rates):.0f}; p50 median {statistics.median(p50s):.2f} ms; p99 min/median/max "
            f"{min(p99s):.2f}/{statistics.median(p99s):.2f}/{max(p99s):.2f} ms; msgs per CPU-second "
            f"min/median/max {min(per_cpu):.0f}/{statistics.median(per_cpu):.0f}/{max(per_cpu):.0f}")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="exactly this database (emptied first)")
    parser.add_argument("--pg", help="a PostgreSQL server URL: each run on a private database there")
    parser.add_argument("--on", help="sqlite,pg (default: sqlite, and pg when a server is known)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--mode", default="core,pipe")
    args = parser.parse_args()
    lines = load_lines()
    modes = args.mode.split(",")
    pg = args.pg or os.environ.get("DATABASE_URL", "")
    on = args.on.split(",") if args.on else ["sqlite", *(["pg"] if pg.startswith("postgresql") else [])]
    if "pg" in on and not pg.startswith("postgresql"):
        parser.error("--on pg needs --pg URL or DATABASE_URL pointing at PostgreSQL")
    targets = [args.db] if args.db else [pg if t == "pg" else t for t in on]
    print(f"{len(lines)} messages; rate limit off (RATE_LIMIT_PER_MINUTE=0); "
          f"load average {os.getloadavg()[0]:.2f} at start; {PEERS}")
    for target in targets:
        results: dict[str, list[Run]] = {m: [] for m in modes}
        for n in range(args.runs):
            for mode in modes:  # interleaved: core, pipe, core, pipe, ...
                runner = {"core": run_core, "pipe": run_pipe, "reference": run_reference}[mode]
                async with run_url(target, exact=bool(args.db)) as url:
                    rate, latencies, per_cpu = await runner(url, lines)
                results[mode].append((rate, latencies, per_cpu))
                print(f"  run {n + 1} {mode}: {rate:.0f} msgs/s, p50 {statistics.median(latencies):.2f} ms, "
                      f"p99 {pct(latencies, 0.99):.2f} ms, {per_cpu:.0f} msgs per CPU-second "
                      f"(load {os.getloadavg()[0]:.2f})", flush=True)
        print(f"{target.split(':')[0].split('+')[0]}:")
        for mode in modes:
            print(summary(mode, results[mode]))


if __name__ == "__main__":
    asyncio.run(main())
