"""Which dates a weekly group meets on: its cycle (start, end date or weeks) and cancelled dates."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain import Group


def is_session_day(group: Group, day: date) -> bool:
    end = group.last_session_day()
    return (day.weekday() == group.weekday and day >= group.start_date
            and (end is None or day <= end))


def next_session_after(group: Group, day: date, cancelled: set[date]) -> date | None:
    """The first session after ``day`` that is not cancelled (None when the cycle has ended)."""
    end = group.last_session_day()
    candidate = max(day + timedelta(days=1), group.start_date)
    candidate += timedelta(days=(group.weekday - candidate.weekday()) % 7)
    while end is None or candidate <= end:
        if candidate not in cancelled:
            return candidate
        candidate += timedelta(weeks=1)
        if end is None and candidate > day + timedelta(weeks=520):
            return None
    return None


def day_text(day: date) -> str:
    """'Tue 12 Jan 2027'."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def session_start(group: Group, day: date) -> datetime:
    """When the session on ``day`` starts (aware, in the group's zone; DST-correct)."""
    return datetime.combine(day, group.start_time, ZoneInfo(group.timezone))


def first_session_after(group: Group, after: datetime) -> datetime | None:
    """The first session start strictly after ``after`` within the group's cycle (cancelled
    dates included: whoever uses it decides about them); None once the cycle has ended."""
    end = group.last_session_day()
    day = max(after.astimezone(ZoneInfo(group.timezone)).date(), group.start_date)
    day += timedelta(days=(group.weekday - day.weekday()) % 7)
    for _ in range(3):  # today's session may already have started: then next week's
        if end is not None and day > end:
            return None
        start = session_start(group, day)
        if start > after:
            return start
        day += timedelta(weeks=1)
    return None


def first_date(group: Group) -> date:
    """The cycle's first session day (the start date may fall before the group's weekday)."""
    return group.start_date + timedelta(days=(group.weekday - group.start_date.weekday()) % 7)


def next_running_session(group: Group, now: datetime, cancelled: AbstractSet[date]) -> datetime | None:
    """The next session start after ``now`` that staff did not cancel (None once the cycle ends)."""
    start = first_session_after(group, now)
    while start is not None and start.date() in cancelled:
        start = first_session_after(group, start)
    return start


def cycle_started(group: Group, now: datetime) -> bool:
    """True once the cycle's first session has begun."""
    return session_start(group, first_date(group)) <= now


def takes_new_members(group: Group, now: datetime) -> bool:
    """May a member be given a seat now? Always, in a group that doesn't run in cycles or that
    lets members join part-way through (``join_mid_cycle``); otherwise only before its cycle's
    first session: once it has begun (or ended, with no next cycle scheduled yet) a seat is
    kept for the next cycle, whose dates the schedule gives."""
    return group.join_mid_cycle or group.last_session_day() is None or not cycle_started(group, now)


def next_cycle_start(group: Group) -> date | None:
    """When the next cycle starts (the week after this one's last session), for a group in cycles."""
    end = group.last_session_day()
    if end is None:
        return None
    last_session = end - timedelta(days=(end.weekday() - group.weekday) % 7)
    return last_session + timedelta(weeks=1)
