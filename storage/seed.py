"""Seeding the demo schedule from storage/schedule.yaml into an empty store."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.tables import groups

SCHEDULE = Path(__file__).with_name("schedule.yaml")
_REQUIRED = ("topic", "title", "weekday", "time", "timezone", "capacity", "start_date", "facilitator")


class ScheduleError(ValueError):
    """The schedule file is malformed; the message names the entry and the problem."""


def load_schedule(path: Path = SCHEDULE) -> list[dict[str, Any]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ScheduleError(f"{path.name}: cannot read: {error}") from error
    entries = data.get("groups") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ScheduleError(f"{path.name}: needs a non-empty 'groups' list")
    rows = []
    for number, entry in enumerate(entries, 1):
        where = f"{path.name}: group {number}"
        if not isinstance(entry, dict):
            raise ScheduleError(f"{where}: must be a mapping")
        missing = [k for k in _REQUIRED if k not in entry]
        if missing:
            raise ScheduleError(f"{where}: missing {', '.join(missing)}")
        try:
            hour, minute = (int(p) for p in str(entry["time"]).split(":"))
            weekday, capacity = int(entry["weekday"]), int(entry["capacity"])
            ZoneInfo(str(entry["timezone"]))
            start = entry["start_date"] if isinstance(entry["start_date"], date) \
                else date.fromisoformat(str(entry["start_date"]))
            row = {"topic": str(entry["topic"]), "title": str(entry["title"]),
                   "kind": "dbt_skills" if entry["topic"] == "dbt_skills" else "therapy",
                   "weekday": int(entry["weekday"]), "start_time": time(hour, minute),
                   "timezone": str(entry["timezone"]), "capacity": int(entry["capacity"]),
                   "taken": 0, "start_date": start, "facilitator": str(entry["facilitator"]),
                   "duration_minutes": int(entry.get("duration_minutes", 60))}
        except Exception as error:
            raise ScheduleError(f"{where}: {error}") from error
        if not 0 <= weekday <= 6 or capacity < 1:
            raise ScheduleError(f"{where}: weekday must be 0-6 and capacity at least 1")
        rows.append(row)
    return rows


async def seed_if_empty(conn: AsyncConnection, path: Path = SCHEDULE) -> int:
    """Insert the schedule when there are no groups yet; returns how many were added."""
    count = (await conn.execute(select(func.count()).select_from(groups))).scalar_one()
    if count:
        return 0
    rows = load_schedule(path)
    await conn.execute(insert(groups), rows)
    return len(rows)
