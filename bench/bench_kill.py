"""Fault test: `kill -9` a JSON-lines process at random points during booking traffic.

Usage: .venv/bin/python -m bench.bench_kill [--db POSTGRES_URL] [--kills 30] [--members 240] [--seed 1]

Runs on a private PostgreSQL database made for the run (from --db or DATABASE_URL). One
JSON-lines process at a time takes scripted traffic (residence, booking into small groups,
cancelling, which promotes waitlisted members); after a random number of lines it is
killed with SIGKILL a random few milliseconds after a line was sent (mid-turn, mid-write,
or between writing a line and marking its notices sent). The next process starts with
its manual clock two minutes on (so the dead one's leases have run out) and the line
whose answer never came is sent again with the same event id, as a platform would retry.
At the end a last process moves its clock a day on and delivers what is left.

Prints: kills, notices committed (outbox rows), delivered (in "staff"/"members" output),
duplicated, lost (must be 0), and lines answered.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from adapters.console.notifier import render_member
from storage.engine import create_engine, normalise_url
from storage.migrate import migrate
from storage.tables import groups, outbox

ROOT = Path(__file__).resolve().parent.parent
FRONTDOOR = Path(sys.executable).with_name("frontdoor")
START = datetime(2027, 1, 4, 12, 0, tzinfo=UTC)


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


async def admin(url: str, statement: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(statement))
    await engine.dispose()


async def prepare(url: str) -> list[int]:
    """Migrate, then shrink every group to 3 seats so the traffic makes waitlists."""
    engine = create_engine(url)
    await migrate(engine)
    async with engine.begin() as conn:
        await conn.execute(groups.update().values(capacity=3))
        ids = list((await conn.execute(select(groups.c.id).where(groups.c.kind == "therapy")
                                       .order_by(groups.c.id))).scalars())
    await engine.dispose()
    return ids[:6]


def script(members: int, group_ids: list[int], rng: random.Random) -> list[dict[str, Any]]:
    """Everyone books (seats fill, waitlists grow); then some cancel (promoting the first
    waitlisted: a staff notice and a member message) and some of those book elsewhere."""
    lines: list[dict[str, Any]] = []
    users = [f"k{n}" for n in range(members)]
    for user in users:
        lines.append({"user": user, "text": "I live in New Jersey"})
        lines.append({"user": user, "action": f"fd:book:{rng.choice(group_ids)}"})
    rng.shuffle(users)
    for user in users[: int(members * 0.45)]:
        lines.append({"user": user, "text": "cancel my booking"})
        lines.append({"user": user, "text": "yes"})
        if rng.random() < 0.5:
            lines.append({"user": user, "action": f"fd:book:{rng.choice(group_ids)}"})
    for number, line in enumerate(lines):
        line["event_id"] = f"ev-{number}"
    return lines


class Process:
    def __init__(self, url: str, clock: datetime) -> None:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "STAFF_USER_IDS")}
        env["RATE_LIMIT_PER_MINUTE"] = "0"
        self.proc = subprocess.Popen([str(FRONTDOOR), "chat", "--jsonl", "--db", url, "--clock", iso(clock)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, cwd=ROOT, env=env)

    def send(self, line: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(line).encode() + b"\n")
        self.proc.stdin.flush()

    def answer(self) -> dict[str, Any] | None:
        assert self.proc.stdout is not None
        raw = self.proc.stdout.readline()
        if not raw.endswith(b"\n"):
            return None  # the process died before (or while) writing it
        result: dict[str, Any] = json.loads(raw)
        return result

    def kill_and_collect(self) -> list[dict[str, Any]]:
        """SIGKILL; then every complete line it managed to write."""
        self.proc.kill()
        self.proc.wait()
        assert self.proc.stdout is not None
        rest = self.proc.stdout.read()
        return [json.loads(part) for part in rest.split(b"\n")[:-1]]  # a torn last part is lost


def deliveries(answer: dict[str, Any]) -> list[str]:
    found = [f"staff|{s}" for s in answer.get("staff", [])]
    found += [f"member|console:{m['user']}|{m['text']}" for m in answer.get("members", [])]
    return found


async def committed(url: str) -> tuple[Counter[str], int]:
    engine = create_engine(url)
    async with engine.connect() as conn:
        rows = (await conn.execute(select(outbox))).all()
    await engine.dispose()
    keys: Counter[str] = Counter()
    for row in rows:
        if row.audience == "staff":
            keys[f"staff|{row.text.replace('{member}', render_member(row.member_key))}"] += 1
        else:
            keys[f"member|{row.member_key}|{row.text}"] += 1
    unsent = sum(1 for row in rows if row.sent_at is None)
    return keys, unsent


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--members", type=int, default=240)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not args.db.startswith("postgresql"):
        sys.exit("bench_kill needs PostgreSQL: --db postgresql+asyncpg://... (or DATABASE_URL)")
    rng = random.Random(args.seed)
    name = f"frontdoor_kill_{uuid.uuid4().hex[:8]}"
    await admin(args.db, f'CREATE DATABASE "{name}"')
    url = make_url(normalise_url(args.db)).set(database=name).render_as_string(hide_password=False)
    try:
        group_ids = await prepare(url)
        lines = script(args.members, group_ids, rng)
        kill_at = sorted(rng.sample(range(1, len(lines) - 1), args.kills))
        answers: list[dict[str, Any]] = []
        clock = START
        position, kills, resent, started = 0, 0, 0, time.perf_counter()
        while position < len(lines):
            proc = Process(url, clock)
            next_kill = kill_at[kills] if kills < len(kill_at) else None
            while position < len(lines):
                if next_kill is not None and position == next_kill:
                    proc.send(lines[position])
                    time.sleep(rng.uniform(0.0, 0.04))  # mid-turn, mid-write or just after
                    got = proc.kill_and_collect()
                    answers.extend(got)
                    if got:
                        position += 1  # answered before it died
                    else:
                        resent += 1    # unanswered: the platform sends it again
                    kills += 1
                    break
                proc.send(lines[position])
                answer = proc.answer()
                assert answer is not None, "process died unasked"
                answers.append(answer)
                position += 1
            else:
                proc.proc.stdin.close()  # type: ignore[union-attr]
                proc.proc.wait(timeout=60)
            clock += timedelta(minutes=2)  # the next process starts after the dead one's leases
        last = Process(url, clock)
        last.send({"clock": iso(clock + timedelta(days=1))})
        final = last.answer()
        assert final is not None and "clock" in final, final
        answers.append(final)
        last.proc.stdin.close()  # type: ignore[union-attr]
        last.proc.wait(timeout=60)
        elapsed = time.perf_counter() - started

        stored, unsent = await committed(url)
        delivered: Counter[str] = Counter(d for a in answers for d in deliveries(a))
        lost = sum(max(0, n - delivered[key]) for key, n in stored.items())
        duplicated = sum(max(0, delivered[key] - n) for key, n in stored.items())
        phantom = sum(n for key, n in delivered.items() if key not in stored)
        errors = sum(1 for a in answers if "error" in a)
        print(f"kill -9 fault test on PostgreSQL ({elapsed:.0f}s): {kills} kills, {len(lines)} input lines "
              f"({resent} resent after a kill), {len(answers)} answers, {errors} error answers")
        kinds = Counter(key.split("|")[0] if key.startswith("member|") else key.split("|")[1].split(" ")[0]
                        for key in stored.elements())
        print(f"  by kind: {dict(sorted(kinds.items()))}")
        print(f"  notices committed {sum(stored.values())} "
              f"(staff {sum(n for k, n in stored.items() if k.startswith('staff|'))}, "
              f"member {sum(n for k, n in stored.items() if k.startswith('member|'))}); "
              f"delivered {sum(delivered.values())}; duplicated {duplicated}; lost {lost}; "
              f"delivered but never committed {phantom}; still unsent in the outbox {unsent}")
        if lost or phantom or unsent:
            sys.exit(1)
    finally:
        await admin(args.db, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    asyncio.run(main())
