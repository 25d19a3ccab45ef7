"""Seeding the demo schedule from storage/schedule.yaml into an empty store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.repositories import SCHEDULE_FIELDS
from storage.schedule_file import SCHEDULE, ScheduleError, read_schedule
from storage.tables import groups

__all__ = ["SCHEDULE", "ScheduleError", "load_schedule", "seed_if_empty"]


def load_schedule(path: Path = SCHEDULE) -> list[dict[str, Any]]:
    """The file's groups as table rows (no seats taken); ScheduleError names a bad entry."""
    rows = []
    for entry in read_schedule(path):
        group = entry.group()
        rows.append({c: getattr(group, c) for c in (*SCHEDULE_FIELDS, "capacity", "taken")})
    return rows


async def seed_if_empty(conn: AsyncConnection, path: Path = SCHEDULE) -> int:
    """Insert the schedule when there are no groups yet; returns how many were added."""
    count = (await conn.execute(select(func.count()).select_from(groups))).scalar_one()
    if count:
        return 0
    rows = load_schedule(path)
    await conn.execute(insert(groups), rows)
    return len(rows)
