"""Start-up time: from launching ``frontdoor chat --jsonl`` to its first JSON-lines reply.

Runs the real CLI as a subprocess on a fresh SQLite file (first run migrates and seeds)
and then again on the same file, several times, and prints the figures. Target: the
first reply within 1.5 s on the project machine. Not a test (no timing assertions).

    .venv/bin/python -m bench.bench_startup [runs]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FRONTDOOR = Path(sys.executable).with_name("frontdoor")
LINE = b'{"user": "bench", "text": "hi"}\n'


def _cpu_seconds(pid: int) -> float:
    """User + system CPU the process has used so far (Linux /proc), independent of machine load."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def first_reply_seconds(db_url: str) -> tuple[float, float]:
    env = {**os.environ, "LOG_LEVEL": "WARNING"}
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


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        fresh, fresh_cpu = first_reply_seconds(db_url)
        results = [first_reply_seconds(db_url) for _ in range(runs)]
    wall = [w for w, _ in results]
    cpu = [c for _, c in results]
    print(f"start-up to first JSON-lines reply: fresh database {fresh:.2f} s (CPU {fresh_cpu:.2f} s); "
          f"existing database median {statistics.median(wall):.2f} s, best {min(wall):.2f} s, "
          f"worst {max(wall):.2f} s; CPU used by then median {statistics.median(cpu):.2f} s "
          f"({runs} runs; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
