"""Notices staff actions cause: to members (a cancelled session, a removal, a move) and to staff
(an urgent notice taken, escalated, still unanswered). Minimum necessary; no health details.
"""

from __future__ import annotations

from datetime import date, datetime

from bot.domain import Booking, Group, Notice, StaffRequest
from bot.messages import MemberKey
from bot.notices import MEMBER, ONCALL
from bot.sessions import day_text

WHAT = {"crisis": "a member may be at risk", "handoff": "a member with a risk flag asked to talk to a person"}


def _join(group: Group) -> str:
    return f" Joining link: {group.join_link}" if group.join_link else ""


def session_cancelled(group: Group, booking: Booking, day: date, following: date | None,
                      reason: str) -> Notice:
    why = f" Reason: {reason}." if reason else ""
    then = (f" Your next session is {day_text(following)}, same time." if following
            else " That was the last session of this cycle; our team will be in touch.")
    return Notice("member", "session_cancelled",
                  f"Your {group.title} session on {day_text(day)} ({group.when()}) is cancelled.{why}{then} "
                  "Sorry for the change.", booking.member_key)


def removed(group: Group, booking: Booking, reason: str) -> Notice:
    why = f" Reason: {reason}." if reason else ""
    return Notice("member", "removed",
                  f"Our team has cancelled your place in {group.title} ({group.when()}), booking "
                  f"{booking.ref}.{why} If this is unexpected, just say \"talk to a person\" and "
                  "someone will get in touch. You're welcome to book again any time.", booking.member_key)


def moved(old: Group, new: Group, booking: Booking, now: datetime) -> Notice:
    return Notice("member", "moved",
                  f"Our team has moved your seat from {old.title} ({old.when()}) to {new.title} "
                  f"({new.when()}). Your first session there is {new.next_session_text(now)}. "
                  f"Booking {booking.ref}.{_join(new)}", booking.member_key)


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
