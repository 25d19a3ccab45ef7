"""Times as a member sees them: in their own zone with its label ("6:00 PM ET"), and the
group's own zone alongside when it differs ("3:00 PM PT / 6:00 PM ET")."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.language import places

_LABELS = {"EST": "ET", "EDT": "ET", "CST": "CT", "CDT": "CT", "MST": "MT", "MDT": "MT",
           "PST": "PT", "PDT": "PT", "AKST": "AKT", "AKDT": "AKT", "HST": "HT", "HDT": "HT"}


def zone_for(timezone: str | None, residence_code: str | None) -> str | None:
    """A member's zone: the one they chose, else their state's when it has only one."""
    if timezone:
        return timezone
    if residence_code:
        zones = places.state_zones(residence_code)
        if len(zones) == 1:
            return zones[0]
    return None


def label(moment: datetime) -> str:
    """The zone's short label at that moment: ET, CT, MT, PT (or the zone's own abbreviation)."""
    name = moment.tzname() or ""
    return _LABELS.get(name, name)


def clock(moment: datetime) -> str:
    """'6:00 PM ET'."""
    return f"{moment.strftime('%I:%M %p').lstrip('0')} {label(moment)}"


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
