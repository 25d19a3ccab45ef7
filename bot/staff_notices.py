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

WHAT = {"crisis": "a member may be at risk", "handoff": "a member asked to talk to a person urgently"}


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


_AGAIN = {"crisis": "the member wrote again and was sent crisis resources again",
          "handoff": "the member asked to talk to a person"}


def urgent_update(request: StaffRequest, what: str, at: datetime) -> Notice:
    """A later crisis message, "Talk to a person" or "Yes, I am" from a member whose urgent
    notice nobody has taken yet: the same reference, not a new notice (bot.urgent_notices)."""
    return Notice("staff", "urgent_update",
                  f"URGENT {request.ref} update at {at:%H:%M} UTC: {_AGAIN.get(what, 'the member wrote again')}. "
                  f"It is still not taken. Please reach out now and press \"I'm on it\": {MEMBER}",
                  request.member_key, urgent=True, platform=request.platform, ref=request.ref)


def deleted_member_stop(request: StaffRequest, minutes: int) -> Notice:
    """An untaken urgent notice whose member has since deleted their data: the bot can no longer
    name them, so reminders stop; the original notice (with its mention) is the way to reach them."""
    return Notice("staff", "escalation",
                  f"{ONCALL} URGENT {request.ref} is still not taken after {minutes} minutes, and the "
                  "member has since deleted their data, so I can't name them here and no more "
                  f"reminders will be sent. The original {request.ref} notice in this channel has their "
                  "mention: please reach out from there.", None, urgent=True,
                  platform=request.platform, ref=request.ref)


def escalation(request: StaffRequest, number: int, of: int, minutes: int) -> Notice:
    return Notice("staff", "escalation",
                  f"{ONCALL} URGENT {request.ref} is not taken after {minutes} minutes "
                  f"(reminder {number} of {of}): {WHAT.get(request.kind, 'urgent')}. Please reach out "
                  f"now and press \"I'm on it\": {MEMBER}", request.member_key, urgent=True,
                  platform=request.platform, ref=request.ref)


def unanswered(request: StaffRequest, minutes: int, *, every_reminder: bool = True) -> Notice:
    """The final line; ``every_reminder`` False when the reminders fell due while the bot was
    not running (a restart, a clock jump) and were folded into this one page."""
    after = " and every reminder" if every_reminder else ""
    return Notice("staff", "unanswered",
                  f"{ONCALL} URGENT {request.ref} is still unanswered after {minutes} minutes{after}. "
                  f"No more reminders will be sent. Please reach out: {MEMBER}",
                  request.member_key, urgent=True, platform=request.platform, ref=request.ref)
