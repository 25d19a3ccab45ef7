"""Domain records the core works with: members, groups, bookings, notices.

Also the one eligibility rule (``open_to``): who may book which kind of group.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot.dialogue_state import NOTHING, DialogueState
from bot.language.residence import Residence
from bot.messages import Attachment, Button, MemberKey
from bot.zone_labels import clock

GroupKind = Literal["therapy", "dbt_skills"]
BookingStatus = Literal["confirmed", "waitlisted"]
Audience = Literal["staff", "member"]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def open_to(kind: GroupKind, residence: Residence | None, eligible_states: AbstractSet[str]) -> bool:
    """May someone living at ``residence`` book a group of this kind? The DBT skills group is
    open to everyone; group therapy only to residents of the licensed (eligible) states."""
    return kind == "dbt_skills" or (residence is not None
                                    and residence.is_eligible(frozenset(eligible_states)))


@dataclass(slots=True)
class Member:
    """A member's profile and conversation state, as the core sees them."""

    key: str
    platform: str
    user_id: str
    ref: str
    created_at: datetime
    residence_code: str | None = None
    residence_confirmed_at: datetime | None = None
    at_risk: bool = False
    notice_seen: bool = False
    dialogue: DialogueState = NOTHING
    dialogue_updated_at: datetime | None = None
    timezone: str | None = None  # IANA zone, from their state, ZIP or city, or asked once
    adult: bool | None = None  # the age gate's answer: only yes/no, never an age
    risk_flagged_at: datetime | None = None
    risk_category: str | None = None
    #: Where outside the US the member lives, as the crisis reply needs it ("canada", "uk",
    #: "australia", "mexico", "europe", "elsewhere"), read from their words when the residence
    #: was stored; None when unknown.
    abroad_place: str | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """A weekly group with limited seats."""

    id: int
    topic: str
    kind: GroupKind
    title: str
    weekday: int
    start_time: time
    timezone: str
    capacity: int
    taken: int
    start_date: date
    facilitator: str
    duration_minutes: int = 60
    key: str = ""
    end_date: date | None = None
    weeks: int | None = None
    join_link: str | None = None
    join_mid_cycle: bool = False
    is_open: bool = True

    @property
    def seats_left(self) -> int:
        return max(0, self.capacity - self.taken)

    def open_to(self, residence: Residence | None, eligible_states: AbstractSet[str]) -> bool:
        """May someone living at ``residence`` book this group (see ``open_to``)?"""
        return open_to(self.kind, residence, eligible_states)

    def when(self) -> str:
        """Human schedule, e.g. 'Tuesdays 6:00 PM ET'."""
        zone = ZoneInfo(self.timezone)
        sample = datetime.combine(self.start_date, self.start_time, zone)
        return f"{WEEKDAYS[self.weekday]}s {clock(sample)}"

    def last_session_day(self) -> date | None:
        """The cycle's last date (from its weeks, counted from the first session, or its end
        date); None for a group that runs on with no end."""
        if self.weeks is not None:
            first = self.start_date + timedelta(days=(self.weekday - self.start_date.weekday()) % 7)
            return first + timedelta(weeks=self.weeks - 1)
        return self.end_date

    def next_session(self, now: datetime, cancelled: AbstractSet[date] = frozenset()) -> datetime | None:
        """The next session start at or after ``now`` (aware), skipping ``cancelled`` dates;
        None once the cycle's last session has begun."""
        zone = ZoneInfo(self.timezone)
        local_now = now.astimezone(zone)
        end = self.last_session_day()
        day = max(local_now.date(), self.start_date)
        day += timedelta(days=(self.weekday - day.weekday()) % 7)
        while end is None or day <= end:
            if day not in cancelled:
                start = datetime.combine(day, self.start_time, zone)
                if start >= local_now:
                    return start
            day += timedelta(weeks=1)
            if end is None and day > local_now.date() + timedelta(weeks=520):
                return None
        return None

    def next_session_text(self, now: datetime, cancelled: AbstractSet[date] = frozenset()) -> str | None:
        """'Tue 5 Jan', with the year when it is not the current one ('Tue 5 Jan 2027');
        None once the cycle has no session left."""
        start = self.next_session(now, cancelled)
        if start is None:
            return None
        text = start.strftime("%a %d %b").replace(" 0", " ")
        return text if start.year == now.astimezone(start.tzinfo).year else f"{text} {start.year}"

    def next_session_phrase(self, now: datetime, cancelled: AbstractSet[date] = frozenset(), *,
                            lead: str) -> str:
        """'first session Tue 5 Jan' (``lead`` first), or 'no sessions left in this cycle'
        (a sentence reading "Your {phrase}" gets 'cycle has no sessions left')."""
        text = self.next_session_text(now, cancelled)
        if text is not None:
            return f"{lead} {text}"
        return "cycle has no sessions left" if lead.endswith(" is") else "no sessions left in this cycle"


@dataclass(frozen=True, slots=True)
class Booking:
    """One member's seat (or waitlist place) in one group."""

    id: int
    ref: str
    member_key: str
    group_id: int
    status: BookingStatus
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Notice:
    """A message the relay must deliver later: to staff, or to a member.

    ``platform`` routes it: each platform's relay delivers its own members' notices
    (to its staff channel, or to the member), so one shared store serves them all.

    ``text`` may contain ``{member}``, which the delivering adapter renders as a
    platform mention of ``member_key`` (or a neutral word when it is gone).
    """

    audience: Audience
    kind: str
    text: str
    member_key: str | None = None
    urgent: bool = False
    platform: str = ""
    ref: str | None = None  # U-XXXX (urgent, acknowledged) or H-XXXX (a request staff mark done)
    buttons: tuple[Button, ...] = ()  # a member message's buttons (a reminder's "Can't make it")
    files: tuple[Attachment, ...] = ()  # a member message's files (a calendar update)

    def __post_init__(self) -> None:
        if not self.platform:
            if self.member_key is None:
                raise ValueError("a notice needs a member key or a platform")
            object.__setattr__(self, "platform", MemberKey.parse(self.member_key).platform)


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """A stored notice awaiting (or done with) delivery."""

    id: int
    notice: Notice
    attempts: int
    created_at: datetime
    message_id: str | None = None  # the platform's id of the posted message, once delivered


RequestKind = Literal["crisis", "handoff"]


@dataclass(frozen=True, slots=True)
class StaffRequest:
    """Something a person on staff must pick up: an urgent notice, or a "talk to a person" request."""

    id: int
    ref: str
    kind: RequestKind
    urgent: bool
    member_key: str | None
    platform: str
    created_at: datetime
    acked_by: str | None = None
    acked_at: datetime | None = None
    done_at: datetime | None = None
    escalations: int = 0


@dataclass(frozen=True, slots=True)
class ReminderSlot:
    """One group's next reminder at one offset: due at ``session_at - offset``."""

    id: int
    group_id: int
    offset_minutes: int
    session_at: datetime
    due_at: datetime


@dataclass(frozen=True, slots=True)
class ReminderTarget:
    """A confirmed booking that should hear about one session (reminders on, week not skipped)."""

    booking_id: int
    booking_ref: str
    member_key: str
    timezone: str | None
    residence_code: str | None
