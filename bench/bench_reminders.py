"""A reminder tick with 10,000 members in 100 groups: idle ticks (nothing due) and the tick
that sends one group's reminders, with rows scanned, the index used and the SQL statements a
due tick sends (its reminders go to the outbox in one batched insert).

Usage: .venv/bin/python -m bench.bench_reminders [--db URL] [--members 10000] [--groups 100]
Without --db: a fresh SQLite file (and PostgreSQL too when DATABASE_URL points there).
The database is emptied first: point --db at a database of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, time as clock_time, timedelta
from pathlib import Path

from sqlalchemy import event, insert, text
from sqlalchemy.engine import Engine

from bot.reminders import SessionReminders
from storage.engine import create_engine
from storage.migrate import migrate
from storage.reset import drop_everything
from storage.tables import bookings, groups, members
from storage.unit_of_work import SqlUnitOfWorkFactory

START = datetime(2027, 1, 1, 12, tzinfo=UTC)


async def fill(url: str, n_members: int, n_groups: int) -> None:
    engine = create_engine(url)
    await drop_everything(engine)
    await migrate(engine, seed=False)
    per_group = max(1, n_members // n_groups)
    async with engine.begin() as conn:
        await conn.execute(insert(groups), [dict(
            id=g + 1, topic="anxiety", kind="therapy", title=f"Group {g}", weekday=g % 7,
            start_time=clock_time(9 + g % 10, 0), timezone="America/New_York", duration_minutes=60,
            capacity=per_group, taken=per_group, start_date=date(2027, 1, 4), facilitator="x",
            key=f"g-{g}", is_open=True, join_mid_cycle=False) for g in range(n_groups)])
        await conn.execute(insert(members), [dict(
            key=f"console:m{i}", platform="console", user_id=f"m{i}", ref=f"M-{i:010d}",
            created_at=START, at_risk=False, notice_seen=True, dialogue={},
            timezone="America/Chicago" if i % 3 else None) for i in range(n_members)])
        await conn.execute(insert(bookings), [dict(
            ref=f"FD-{i:06d}", member_key=f"console:m{i}", group_id=i // per_group + 1,
            status="confirmed", created_at=START) for i in range(per_group * n_groups)])
    await engine.dispose()


async def explain(url: str) -> str:
    engine = create_engine(url)
    async with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            rows = await conn.execute(text(
                "EXPLAIN SELECT * FROM session_reminders WHERE due_at <= now() "
                "AND offset_minutes IN (1440, 60) ORDER BY due_at LIMIT 50"))
        else:
            rows = await conn.execute(text(
                "EXPLAIN QUERY PLAN SELECT * FROM session_reminders WHERE due_at <= '2027-01-02' "
                "AND offset_minutes IN (1440, 60) ORDER BY due_at LIMIT 50"))
        plan = " | ".join(str(r[-1]) for r in rows)
    await engine.dispose()
    return plan


async def run(url: str, n_members: int, n_groups: int) -> None:
    await fill(url, n_members, n_groups)
    engine = create_engine(url)
    job = SessionReminders(SqlUnitOfWorkFactory(engine), (1440, 60))
    t = time.perf_counter()
    await job.sync(START)
    sync_ms = (time.perf_counter() - t) * 1000
    idle: list[float] = []
    for i in range(50):
        t = time.perf_counter()
        await job.send_due(START + timedelta(seconds=i))
        idle.append((time.perf_counter() - t) * 1000)
    # Walk a whole week minute by minute: every due tick fans out to one group's members.
    busy: list[tuple[float, int]] = []
    statements: list[int] = []  # SQL statements sent by each due tick (the fan-out is one)
    seen = [0]

    def count(*_: object) -> None:
        seen[0] += 1

    event.listen(Engine, "before_cursor_execute", count)
    now = START
    while now < START + timedelta(days=7):
        now += timedelta(minutes=1)
        seen[0] = 0
        t = time.perf_counter()
        sent = await job.send_due(now)
        if sent:
            busy.append(((time.perf_counter() - t) * 1000, sent))
            statements.append(seen[0])
    event.remove(Engine, "before_cursor_execute", count)
    async with engine.connect() as conn:
        slots = (await conn.execute(text("SELECT count(*) FROM session_reminders"))).scalar()
        queued = (await conn.execute(text("SELECT count(*) FROM outbox WHERE kind = 'reminder'"))).scalar()
    await engine.dispose()
    print(f"{engine.dialect.name}: {n_members} members, {n_groups} groups, {slots} slots; "
          f"sync {sync_ms:.0f} ms")
    print(f"  idle tick (nothing due): median {statistics.median(idle):.2f} ms, "
          f"max {max(idle):.2f} ms; plan: {await explain(url)}")
    print(f"  due ticks over a week: {len(busy)}, reminders {sum(s for _, s in busy)} "
          f"(outbox rows {queued}); per due tick median {statistics.median(b[0] for b in busy):.1f} ms "
          f"for {statistics.median(b[1] for b in busy):.0f} reminders, max {max(b[0] for b in busy):.1f} ms; "
          f"SQL statements per due tick median {statistics.median(statements):.0f}, max {max(statements)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db")
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--groups", type=int, default=100)
    args = parser.parse_args()
    urls = [args.db] if args.db else [f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"]
    if not args.db and os.environ.get("DATABASE_URL", "").startswith("postgresql"):
        urls.append(os.environ["DATABASE_URL"])
    for url in urls:
        asyncio.run(run(url, args.members, args.groups))


if __name__ == "__main__":
    main()
