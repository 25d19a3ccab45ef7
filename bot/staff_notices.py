"""Notices staff actions cause: to members (a cancelled session, a removal, a move) and to staff
(an urgent notice taken, escalated, still unanswered). Minimum necessary; no health details.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from datetime import date, datetime

from bot.domain import Booking, Group, Notice, StaffRequest
from bot.messages import Attachment, MemberKey
from bot.notices import MEMBER, ONCALL
from bot.sessions import day_text, next_running_session

WHAT = {"crisis": "a member may be at risk", "handoff": "a member with a risk flag asked to talk to a person"}


def _join(group: Group) -> str:
    return f" Joining link: {group.join_link}" if group.join_link else ""


def _files(calendar: Attachment | None, says: str) -> tuple[str, tuple[Attachment, ...]]:
    """The calendar update a member notice carries, and the sentence that says what it does."""
    return (f" {says}", (calendar,)) if calendar is not None else ("", ())


def session_cancelled(group: Group, booking: Booking, day: date, following: date | None,
                      reason: str, calendar: Attachment | None = None, when: str | None = None) -> Notice:
    """``when`` (here and below): the group's weekly time as the member reads it, in their zone
    with the group's alongside (default: the group's zone)."""
    why = f" Reason: {reason}." if reason else ""
    then = (f" Your next session is {day_text(following)}, same time." if following
            else " That was the last session of this cycle; our team will be in touch.")
    ics, files = _files(calendar, "The attached calendar update takes it out of your calendar.")
    return Notice("member", "session_cancelled",
                  f"Your {group.title} session on {day_text(day)} ({when or group.when()}) is cancelled.{why}{then} "
                  f"Sorry for the change.{ics}", booking.member_key, files=files)


def removed(group: Group, booking: Booking, reason: str, calendar: Attachment | None = None) -> Notice:
    why = f" Reason: {reason}." if reason else ""
    ics, files = _files(calendar, "The attached calendar update removes the sessions from your calendar.")
    return Notice("member", "removed",
                  f"Our team has cancelled your place in {group.title} ({group.when()}), booking "
                  f"{booking.ref}.{why}{ics} If this is unexpected, just say \"talk to a person\" and "
                  "someone will get in touch. You're welcome to book again any time.", booking.member_key,
                  files=files)


def _first(group: Group, now: datetime, cancelled: AbstractSet[date], lead: str) -> str:
    start = next_running_session(group, now, cancelled)
    return f" {lead} {day_text(start.date())}." if start is not None else ""


def moved(old: Group, new: Group, booking: Booking, now: datetime,
          calendar: Attachment | None = None, cancelled: AbstractSet[date] = frozenset(),
          when: str | None = None) -> Notice:
    ics, files = _files(calendar, "The attached calendar update moves the sessions in your calendar.")
    return Notice("member", "moved",
                  f"Our team has moved your seat from {old.title} ({old.when()}) to {new.title} "
                  f"({when or new.when()}).{_first(new, now, cancelled, 'Your first session there is')} "
                  f"Booking {booking.ref}.{_join(new)}{ics}", booking.member_key, files=files)


def schedule_changed(group: Group, booking: Booking, now: datetime, calendar: Attachment,
                     cancelled: AbstractSet[date] = frozenset(), when: str | None = None) -> Notice:
    """A schedule change (``frontdoor schedule apply``) to a group the member has a seat in."""
    return Notice("member", "schedule_changed",
                  f"Our team has updated the schedule of {group.title}: it now meets {when or group.when()}, "
                  f"with {group.facilitator}.{_first(group, now, cancelled, 'Your next session is')} "
                  f"Booking {booking.ref}.{_join(group)} The attached calendar update changes the "
                  "sessions in your calendar.", booking.member_key, files=(calendar,))


def moved_staff(old: Group, new: Group, booking: Booking) -> Notice:
    return Notice("staff", "move", f"Moved {booking.ref} from {old.key} to {new.key}. Member: {MEMBER}",
                  booking.member_key)


def taken(request: StaffRequest, staff_key: str, at: datetime) -> Notice:
    same_platform = MemberKey.parse(staff_key).platform == request.platform
    who = MEMBER if same_platform else "a staff member"
    return Notice("staff", "urgent_taken", f"{request.ref}: taken by {who} at {at:%H:%M} UTC.",
                  staff_key if same_platform else None, platform=request.platform, ref=request.ref)


def escalation(request: StaffRequest, number: int, of: int, minutes: int) -> Notice:
    return Notice("staff", "escalation",
                  f"{ONCALL} URGENT {request.ref} is not taken after {minutes} minutes "
                  f"(reminder {number} of {of}): {WHAT.get(request.kind, 'urgent')}. Please reach out "
                  f"now and press \"I'm on it\": {MEMBER}", request.member_key, urgent=True,
                  platform=request.platform, ref=request.ref)


def unanswered(request: StaffRequest, minutes: int) -> Notice:
    return Notice("staff", "unanswered",
                  f"{ONCALL} URGENT {request.ref} is still unanswered after {minutes} minutes and every "
                  f"reminder. No more reminders will be sent. Please reach out: {MEMBER}",
                  request.member_key, urgent=True, platform=request.platform, ref=request.ref)
