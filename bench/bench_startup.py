"""Start-up time: from launching ``frontdoor chat --jsonl`` to its first JSON-lines reply.

Runs the real CLI as a subprocess, alternately on a new (empty) database, which it builds
and seeds, and again on that same database, now up to date; ``runs`` times each, and prints
min/median/max of the wall time and of the CPU the process used by its first reply (which
moves less with the machine's load). SQLite files by default; ``--pg URL`` runs on private
PostgreSQL databases created on that server (one per fresh run, dropped after). Target: the
first reply within 1.5 s on the project machine. Not a test (no timing assertions).

    .venv/bin/python -m bench.bench_startup [runs] [--pg URL] [--cold-cache]

The start-up cache (compiled crisis patterns, ``adapters/regex_cache.py``, and the built
classifier, ``adapters/classifier_cache.py``) is used as found (warm after the first
run); ``--cold-cache`` gives every run an empty one, as on a new machine or after an edit.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.engine import create_engine, normalise_url

FRONTDOOR = Path(sys.executable).with_name("frontdoor")
LINE = b'{"user": "bench", "text": "hi"}\n'


def _cpu_seconds(pid: int) -> float:
    """User + system CPU the process has used so far (Linux /proc), independent of machine load."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def first_reply_seconds(db_url: str, cache_home: str | None = None) -> tuple[float, float]:
    env = {**os.environ, "LOG_LEVEL": "WARNING"}
    if cache_home is not None:  # the compiled-pattern cache (adapters/regex_cache.py) lives here
        env["XDG_CACHE_HOME"] = cache_home
    started = time.perf_counter()
    proc = subprocess.Popen([str(FRONTDOOR), "chat", "--jsonl", "--db", db_url], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(LINE)
    proc.stdin.flush()
    reply = proc.stdout.readline()
    elapsed = time.perf_counter() - started
    cpu = _cpu_seconds(proc.pid)
    proc.stdin.close()
    proc.wait(timeout=30)
    if not reply.startswith(b'{"replies"'):
        raise RuntimeError(f"unexpected first line: {reply[:200]!r}")
    return elapsed, cpu


async def _admin(url: str, statement: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(statement))
    await engine.dispose()


def _spread(label: str, values: list[float]) -> str:
    return (f"{label} min/median/max {min(values):.2f}/{statistics.median(values):.2f}/"
            f"{max(values):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("runs", nargs="?", type=int, default=5)
    parser.add_argument("--pg", help="a PostgreSQL server URL: private databases there")
    parser.add_argument("--cold-cache", action="store_true",
                        help="every run starts with an empty start-up cache (a first start "
                             "on a new machine, or after the crisis phrases were edited)")
    args = parser.parse_args()
    fresh: list[tuple[float, float]] = []
    existing: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.runs):  # interleaved: fresh, existing, fresh, existing, ...
            if args.pg:
                name = f"frontdoor_startup_{os.getpid()}_{uuid.uuid4().hex[:6]}"
                asyncio.run(_admin(args.pg, f'CREATE DATABASE "{name}"'))
                url = make_url(normalise_url(args.pg)).set(database=name).render_as_string(
                    hide_password=False)
            else:
                url = f"sqlite+aiosqlite:///{Path(tmp) / f'bench{n}.db'}"
            cache_home = tempfile.mkdtemp(dir=tmp) if args.cold_cache else None
            try:
                fresh.append(first_reply_seconds(url, cache_home))
                if cache_home is not None:
                    cache_home = tempfile.mkdtemp(dir=tmp)
                existing.append(first_reply_seconds(url, cache_home))
            finally:
                if args.pg:
                    asyncio.run(_admin(args.pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    where = "PostgreSQL" if args.pg else "SQLite"
    for label, results in (("fresh database", fresh), ("existing database", existing)):
        print(f"{where} {label}: {_spread('wall', [w for w, _ in results])}; "
              f"{_spread('CPU', [c for _, c in results])}")
    cache = "an empty start-up cache each run" if args.cold_cache else "the start-up cache as found"
    print(f"({args.runs} runs each, interleaved, {cache}; load average {os.getloadavg()[0]:.2f} on "
          f"{os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
