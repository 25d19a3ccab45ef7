"""Calendar files (.ics) for a member's booking, built with ``icalendar``.

One weekly recurring event per booking: DTSTART with the group's TZID (and its
VTIMEZONE), an RRULE bounded by the group's number of weeks (COUNT) or end date
(UNTIL), EXDATEs for sessions staff cancelled, a UID stable per booking
(``<booking ref>@frontdoor``) so calendar apps replace rather than duplicate, and a
SEQUENCE that only grows (0 for the first file, then seconds since the booking) so a
move or a cancel (METHOD:CANCEL) updates the event the member already has; one session staff
cancel is a METHOD:CANCEL of that occurrence (RECURRENCE-ID). The joining
link goes in the description only for a confirmed seat; nothing about any other member.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from bot.domain import Booking, Group
from bot.messages import Attachment
from bot.sessions import first_session_after, session_start

if TYPE_CHECKING:  # imported when a file is first made: icalendar costs ~50 ms of every start-up
    from icalendar import Calendar, Event

PRODID = "-//frontdoor//group sessions//EN"
MIME = "text/calendar"


def uid(booking: Booking) -> str:
    return f"{booking.ref}@frontdoor"


def sequence(booking: Booking, now: datetime, *, update: bool) -> int:
    """0 for the first file; for an update, seconds since the booking (always higher later)."""
    if not update:
        return 0
    return max(1, int((now - booking.created_at).total_seconds()))


def _calendar(method: str) -> Calendar:
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    return cal


def _event(group: Group, booking: Booking, now: datetime, *, update: bool) -> Event:
    from icalendar import Event

    event = Event()
    event.add("uid", uid(booking))
    event.add("dtstamp", now.astimezone(UTC))
    event.add("sequence", sequence(booking, now, update=update))
    event.add("summary", group.title)
    return event


def _file(group: Group, cal: Calendar) -> Attachment:
    return Attachment(f"{group.key or 'session'}.ics", MIME, cal.to_ical().decode("utf-8"))


def calendar_file(group: Group, booking: Booking, now: datetime, *, cancelled: Collection[date] = frozenset(),
                  update: bool = False, cancel: bool = False) -> Attachment:
    """The booking's .ics file (METHOD:CANCEL when ``cancel``)."""
    cal = _calendar("CANCEL" if cancel else "PUBLISH")
    event = _event(group, booking, now, update=update or cancel)
    first = first_session_after(group, now - timedelta(minutes=group.duration_minutes)) \
        or session_start(group, group.last_session_day() or group.start_date)
    event.add("dtstart", first)
    event.add("dtend", first + timedelta(minutes=group.duration_minutes))
    rule: dict[str, object] = {"freq": "weekly"}
    end = group.last_session_day()
    if group.weeks is not None and end is not None:
        rule["count"] = max(1, (end - first.date()).days // 7 + 1)
    elif end is not None:
        rule["until"] = session_start(group, end).astimezone(UTC)
    event.add("rrule", rule)
    for day in sorted(d for d in cancelled if d >= first.date()):
        event.add("exdate", session_start(group, day))
    lines = [f"Weekly online group, led by {group.facilitator}.", f"Booking {booking.ref}."]
    if booking.status == "confirmed" and group.join_link and not cancel:
        lines.append(f"Joining link: {group.join_link}")
        event.add("url", group.join_link)
    event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    cal.add_component(event)
    until = session_start(group, end).date() if end is not None else first.date() + timedelta(days=3 * 366)
    cal.add_missing_timezones(first_date=first.date() - timedelta(days=366),
                              last_date=until + timedelta(days=366))
    return _file(group, cal)


def session_cancelled_file(group: Group, booking: Booking, day: date, now: datetime) -> Attachment:
    """METHOD:CANCEL for one session staff cancelled: the booking's event (same UID, higher
    SEQUENCE) with a RECURRENCE-ID naming that occurrence; the rest of the series stays."""
    cal = _calendar("CANCEL")
    event = _event(group, booking, now, update=True)
    start = session_start(group, day)
    event.add("recurrence-id", start)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=group.duration_minutes))
    event.add("description", f"This week's session is cancelled. Booking {booking.ref}.")
    event.add("status", "CANCELLED")
    cal.add_component(event)
    cal.add_missing_timezones(first_date=day - timedelta(days=366), last_date=day + timedelta(days=366))
    return _file(group, cal)
