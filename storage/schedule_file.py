"""The schedule file (YAML): its shape, validation with one-line errors, and writing it back.

Format (see DESIGN.md, "Schedule file"): ``groups:`` a list, each entry with a unique
``key`` plus ``topic``, ``kind``, ``title``, ``weekday`` (0 = Monday), ``time`` ("HH:MM"),
``timezone`` (IANA), ``duration_minutes``, ``capacity``, ``start_date``, optional
``end_date`` or ``weeks``, ``facilitator``, optional ``join_link``, optional
``join_mid_cycle``, and optional ``open`` (false: enrolment closed).
"""

from __future__ import annotations

import re
from datetime import date
from datetime import time as clock_time
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.domain import Group

SCHEDULE = Path(__file__).with_name("schedule.yaml")
KEY = re.compile(r"^[a-z0-9][a-z0-9-]{1,58}[a-z0-9]$")


class ScheduleError(ValueError):
    """The schedule file is malformed; the message names the entry and the problem."""


class GroupEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    topic: str
    kind: Literal["therapy", "dbt_skills"]
    title: Annotated[str, Field(min_length=1, max_length=120)]
    weekday: Annotated[int, Field(ge=0, le=6)]
    time: str
    timezone: str
    duration_minutes: Annotated[int, Field(ge=1, le=600)] = 60
    capacity: Annotated[int, Field(ge=1, le=10_000)]
    start_date: date
    end_date: date | None = None
    weeks: Annotated[int, Field(ge=1, le=520)] | None = None
    facilitator: Annotated[str, Field(min_length=1, max_length=120)]
    join_link: Annotated[str, Field(max_length=500)] | None = None
    join_mid_cycle: bool = False
    open: bool = True

    @field_validator("key")
    @classmethod
    def _key(cls, value: str) -> str:
        if not KEY.match(value):
            raise ValueError("must be a short slug of a-z, 0-9 and '-', such as anxiety-tue-1800")
        return value

    @field_validator("time")
    @classmethod
    def _time(cls, value: str) -> str:
        match = re.fullmatch(r"([01]\d|2[0-3]):([0-5]\d)", str(value))
        if not match:
            raise ValueError('must be "HH:MM" (24-hour)')
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown IANA time zone {value!r}") from None
        return value

    @field_validator("join_link")
    @classmethod
    def _link(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("https://"):
            raise ValueError("must be an https:// link")
        return value

    @model_validator(mode="after")
    def _dates(self) -> GroupEntry:
        if self.end_date is not None and self.weeks is not None:
            raise ValueError("give end_date or weeks, not both")
        if self.end_date is not None and self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        if self.start_date.weekday() != self.weekday:
            raise ValueError(f"start_date {self.start_date} is not on weekday {self.weekday}")
        return self

    @property
    def start_time(self) -> clock_time:
        hour, minute = self.time.split(":")
        return clock_time(int(hour), int(minute))

    def group(self, *, group_id: int = 0, taken: int = 0) -> Group:
        return Group(id=group_id, topic=self.topic, kind=self.kind, title=self.title,
                     weekday=self.weekday, start_time=self.start_time, timezone=self.timezone,
                     capacity=self.capacity, taken=taken, start_date=self.start_date,
                     facilitator=self.facilitator, duration_minutes=self.duration_minutes,
                     key=self.key, end_date=self.end_date, weeks=self.weeks,
                     join_link=self.join_link, join_mid_cycle=self.join_mid_cycle, is_open=self.open)

    @classmethod
    def of(cls, group: Group) -> GroupEntry:
        """The entry for a stored group (not re-validated: the store already holds it)."""
        return cls.model_construct(key=group.key, topic=group.topic, kind=group.kind, title=group.title,
                   weekday=group.weekday, time=group.start_time.strftime("%H:%M"),
                   timezone=group.timezone, duration_minutes=group.duration_minutes,
                   capacity=group.capacity, start_date=group.start_date, end_date=group.end_date,
                   weeks=group.weeks, facilitator=group.facilitator, join_link=group.join_link,
                   join_mid_cycle=group.join_mid_cycle, open=group.is_open)


def _one_line(where: str, error: ValidationError) -> str:
    first = error.errors()[0]
    field = ".".join(str(part) for part in first.get("loc", ()))
    message = str(first.get("msg", "is not valid")).removeprefix("Value error, ")
    return f"{where}: {field}: {message}" if field else f"{where}: {message}"


def parse_schedule(data: object, name: str = "schedule") -> list[GroupEntry]:
    entries = data.get("groups") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ScheduleError(f"{name}: needs a non-empty 'groups' list")
    if isinstance(data, dict) and set(data) - {"groups"}:
        raise ScheduleError(f"{name}: unknown top-level field {sorted(set(data) - {'groups'})[0]!r}")
    result: list[GroupEntry] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, 1):
        key = entry.get("key") if isinstance(entry, dict) else None
        where = f"{name}: group {number}" + (f" ({key})" if isinstance(key, str) else "")
        if not isinstance(entry, dict):
            raise ScheduleError(f"{where}: must be a mapping")
        try:
            parsed = GroupEntry.model_validate(entry)
        except ValidationError as error:
            raise ScheduleError(_one_line(where, error)) from None
        if parsed.key in seen:
            raise ScheduleError(f"{where}: key {parsed.key!r} is used twice")
        seen.add(parsed.key)
        result.append(parsed)
    return result


def read_schedule(path: Path = SCHEDULE) -> list[GroupEntry]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ScheduleError(f"{path.name}: cannot read: {' '.join(str(error).split())}") from error
    return parse_schedule(data, path.name)


def dump_schedule(entries: list[GroupEntry]) -> str:
    """The schedule in the file's own format (optional fields only when set)."""
    groups: list[dict[str, Any]] = []
    for entry in entries:
        data = entry.model_dump(exclude_none=True)
        if data.get("join_mid_cycle") is False:
            del data["join_mid_cycle"]
        if data.get("open") is True:
            del data["open"]
        groups.append(data)
    return yaml.safe_dump({"groups": groups}, sort_keys=False, allow_unicode=True)
