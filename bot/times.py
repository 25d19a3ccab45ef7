"""Times as a member sees them: in their own zone with its label ("6:00 PM ET"), and the
group's own zone alongside when it differs ("3:00 PM PT / 6:00 PM ET")."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain import Group
from bot.language import places
from bot.ports import UnitOfWork
from bot.sessions import first_date, first_session_after, session_start
from bot.zone_labels import clock, label


def zone_for(timezone: str | None, residence_code: str | None) -> str | None:
    """A member's zone: the one they chose, else their state's when it has only one."""
    if timezone:
        return timezone
    if residence_code:
        zones = places.state_zones(residence_code)
        if len(zones) == 1:
            return zones[0]
    return None


def day(moment: datetime) -> str:
    """'Tue 12 Jan'."""
    return f"{moment:%a} {moment.day} {moment:%b}"


def _valid(zone: str | None) -> ZoneInfo | None:
    try:
        return ZoneInfo(zone) if zone else None
    except (ValueError, KeyError):
        return None


def both(start: datetime, group_zone: str, member_zone: str | None) -> str:
    """The time in the member's zone, then the group's when different: '3:00 PM PT / 6:00 PM ET'."""
    group_local = start.astimezone(ZoneInfo(group_zone))
    mine = _valid(member_zone)
    if mine is None:
        return clock(group_local)
    member_local = start.astimezone(mine)
    if member_local.utcoffset() == group_local.utcoffset() and label(member_local) == label(group_local):
        return clock(group_local)
    return f"{clock(member_local)} / {clock(group_local)}"


def when(start: datetime, group_zone: str, member_zone: str | None) -> str:
    """'Tue 12 Jan, 3:00 PM PT / 6:00 PM ET' (the date as the member's calendar shows it)."""
    mine = _valid(member_zone) or ZoneInfo(group_zone)
    return f"{day(start.astimezone(mine))}, {both(start, group_zone, member_zone)}"


def weekly(weekday_of: datetime, group_zone: str, member_zone: str | None) -> str:
    """A weekly time as a member reads it, from one session's start: 'Tuesdays 5:00 PM CT /
    6:00 PM ET' (their zone first, the group's alongside when different; the weekday named
    again when it differs), else 'Tuesdays 6:00 PM ET'."""
    group_local = weekday_of.astimezone(ZoneInfo(group_zone))
    theirs = f"{group_local:%A}s {clock(group_local)}"
    mine = _valid(member_zone)
    if mine is None:
        return theirs
    member_local = weekday_of.astimezone(mine)
    if member_local.utcoffset() == group_local.utcoffset() and label(member_local) == label(group_local):
        return theirs
    if member_local.weekday() == group_local.weekday():
        return f"{member_local:%A}s {clock(member_local)} / {clock(group_local)}"
    return f"{member_local:%A}s {clock(member_local)} / {theirs}"


def group_when(group: Group, member_zone: str | None, now: datetime) -> str:
    """The group's weekly time for this member (from its next session, or its first)."""
    sample = first_session_after(group, now) or session_start(group, first_date(group))
    return weekly(sample, group.timezone, member_zone)


async def zone_of(uow: UnitOfWork, member_key: str) -> str | None:
    """A member's zone, for a message written outside their own turn (a promotion, a staff change)."""
    member = await uow.members.get(member_key)
    return zone_for(member.timezone, member.residence_code) if member is not None else None


async def group_when_of(uow: UnitOfWork, group: Group, member_key: str, now: datetime) -> str:
    """``group_when`` for the member with this key."""
    return group_when(group, await zone_of(uow, member_key), now)
