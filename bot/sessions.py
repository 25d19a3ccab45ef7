"""Which dates a weekly group meets on: its cycle (start, end date or weeks) and cancelled dates."""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain import Group


def last_date(group: Group) -> date | None:
    """The last session date, when the group has an end date or a number of weeks."""
    if group.weeks is not None:
        return group.start_date + timedelta(weeks=group.weeks - 1)
    return group.end_date


def is_session_day(group: Group, day: date) -> bool:
    end = last_date(group)
    return (day.weekday() == group.weekday and day >= group.start_date
            and (end is None or day <= end))


def next_session_after(group: Group, day: date, cancelled: set[date]) -> date | None:
    """The first session after ``day`` that is not cancelled (None when the cycle has ended)."""
    end = last_date(group)
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
