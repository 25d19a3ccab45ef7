"""A `frontdoor chat --jsonl` process driven line by line, for tests and benches."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FRONTDOOR = Path(sys.executable).with_name("frontdoor")


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "ELIGIBLE_STATES", "STAFF_USER_IDS")}
    env.update(extra)
    return env


class JsonlProcess:
    """One process; ``send`` writes a line and reads its one answer."""

    def __init__(self, db_url: str, *args: str, **env: str) -> None:
        self.proc = subprocess.Popen([str(FRONTDOOR), "chat", "--jsonl", "--db", db_url, *args],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, cwd=ROOT, env=clean_env(**env))

    def send_raw(self, line: bytes) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(line + b"\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        assert answer, f"process ended: {self.stderr()}"
        result: dict[str, Any] = json.loads(answer)
        return result

    def send(self, obj: dict[str, Any]) -> dict[str, Any]:
        return self.send_raw(json.dumps(obj).encode())

    def stderr(self) -> str:
        if self.proc.poll() is None:
            return "(still running)"
        assert self.proc.stderr is not None
        return self.proc.stderr.read().decode(errors="replace")[-3000:]

    def close(self) -> int:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        return self.proc.wait(timeout=60)

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(timeout=30)


def run_lines(db_url: str, data: bytes, *args: str, **env: str) -> list[dict[str, Any]]:
    """Feed raw bytes to a fresh process; every output line parsed."""
    result = subprocess.run([str(FRONTDOOR), "chat", "--jsonl", "--db", db_url, *args], input=data,
                            capture_output=True, timeout=180, cwd=ROOT, env=clean_env(**env))
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-3000:]
    return [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
