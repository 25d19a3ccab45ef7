"""Staff and member notices: the minimum staff need to act, and nothing more.

No message text or health details ever go into a notice. ``{member}`` is a
placeholder each adapter renders as a platform mention of the member.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot import actions
from bot.domain import Booking, Group, Notice
from bot.identity import new_request_ref, new_urgent_ref
from bot.messages import Button
from bot.sessions import day_text

MEMBER = "{member}"
RISK_FLAG_NOTE = " (member has an open risk flag)"


def _flag(flagged: bool) -> str:
    """Staff see an open risk flag where they work: on the booking notice (no details)."""
    return RISK_FLAG_NOTE if flagged else ""
ONCALL = "{oncall}"  # the adapter renders STAFF_ONCALL_MENTION here (the only group mention made)


@dataclass(frozen=True, slots=True)
class NoticeWriter:
    reference_only: bool = False

    def _group(self, group: Group) -> str:
        if self.reference_only:
            return f"group #{group.id}, {group.when()}"
        return f"{group.title}, {group.when()}"

    def booked(self, group: Group, booking: Booking, now: datetime, *, flagged: bool = False) -> Notice:
        return Notice("staff", "booking", f"New booking {booking.ref}: {self._group(group)}, "
                      f"{group.next_session_phrase(now, lead='first session')}. Member: {MEMBER}{_flag(flagged)}",
                      booking.member_key)

    def waitlisted(self, group: Group, booking: Booking, position: int, *, flagged: bool = False) -> Notice:
        return Notice("staff", "waitlist", f"Waitlist {booking.ref}: {self._group(group)} is full; "
                      f"member is number {position} on the waitlist. Member: {MEMBER}{_flag(flagged)}",
                      booking.member_key)

    def cancelled(self, group: Group, booking: Booking) -> Notice:
        what = "Cancelled booking" if booking.status == "confirmed" else "Left waitlist"
        return Notice("staff", "cancellation", f"{what} {booking.ref}: {self._group(group)}. "
                      f"Member: {MEMBER}", booking.member_key)

    def moved(self, old: Group, new: Group, booking: Booking) -> Notice:
        """One notice for a member's own switch (not a cancel and a booking)."""
        return Notice("staff", "move", f"Booking {booking.ref} moved: from {self._group(old)} "
                      f"to {self._group(new)}. Member: {MEMBER}", member_key=booking.member_key)

    def promoted(self, group: Group, booking: Booking) -> Notice:
        return Notice("staff", "promotion", f"Waitlist promoted {booking.ref}: {self._group(group)}; "
                      f"a seat opened and the member was told. Member: {MEMBER}", booking.member_key)

    def member_promoted(self, group: Group, booking: Booking, when: str | None = None) -> Notice:
        """``when``: the group's weekly time as the member reads it (default: the group's zone)."""
        return Notice("member", "promotion",
                      f"Good news: a seat opened in {group.title} ({when or group.when()}) and it is yours. "
                      f"Booking {booking.ref}. Say \"my bookings\" to see it or cancel."
                      + (f" Joining link: {group.join_link}" if group.join_link else ""),
                      booking.member_key)

    def member_promoted_to_cycle(self, group: Group, booking: Booking, first: date,
                                 when: str | None = None) -> Notice:
        """A waitlisted member promoted into a cycle still to begin (the next cycle, once its
        dates are applied)."""
        return Notice("member", "promotion",
                      f"Good news: a seat is yours in {group.title} ({when or group.when()}), for the cycle "
                      f"that starts {day_text(first)}. Booking {booking.ref}. Say \"my bookings\" "
                      "to see it or cancel."
                      + (f" Joining link: {group.join_link}" if group.join_link else ""),
                      booking.member_key)

    def held_for_next_cycle(self, group: Group, first_waiting: Booking, next_cycle: date | None) -> Notice:
        """A seat is free while a cycle runs in a group that doesn't take members part-way through."""
        when = f" (from {day_text(next_cycle)})" if next_cycle else ""
        return Notice("staff", "held", f"Seat free in {self._group(group)}: this group doesn't take "
                      f"members part-way through a cycle, so it is held for the next cycle{when}. "
                      f"First on the waitlist: {first_waiting.ref}, who gets it when the next "
                      "cycle's dates are applied.", first_waiting.member_key)

    def member_switched(self, old: Group, new: Group, booking: Booking, when: str | None = None) -> Notice:
        """A seat opened in the session the member was waiting to switch to."""
        return Notice("member", "promotion",
                      f"Good news: a seat opened in {new.title} ({when or new.when()}), so you've moved there "
                      f"as you asked. Your place in {old.title} ({old.when()}) is released. Booking "
                      f"{booking.ref}. Say \"my bookings\" to see it or cancel."
                      + (f" Joining link: {new.join_link}" if new.join_link else ""),
                      booking.member_key)

    def handoff(self, member_key: str, member_ref: str, *, urgent: bool = False,
                flagged: bool = True) -> Notice:
        """``urgent``: the member has a risk flag (``flagged``) or said it is urgent."""
        if urgent:
            ref = new_urgent_ref()
            who = "a member with a risk flag asked" if flagged else "a member asked urgently"
            return Notice("staff", "handoff", f"URGENT {ref}: {who} to talk to "
                          f"a person ({member_ref}). Please reach out now: {MEMBER}",
                          member_key, urgent=True, ref=ref)
        ref = new_request_ref()
        return Notice("staff", "handoff", f"Request {ref}: a member asked to talk to a person "
                      f"({member_ref}). Please reach out: {MEMBER}", member_key, ref=ref)

    def crisis(self, member_key: str, member_ref: str, platform: str) -> Notice:
        ref = new_urgent_ref()
        return Notice("staff", "crisis", f"URGENT {ref}: a member may be at risk ({member_ref}, {platform}). "
                      f"Crisis resources were sent. Please reach out now: {MEMBER}",
                      member_key, urgent=True, ref=ref)

    def residence_changed(self, member_key: str, booking_refs: list[str]) -> Notice:
        return Notice("staff", "residence", "A member now lives outside the states where we offer "
                      f"group therapy but holds therapy bookings {', '.join(booking_refs)}. "
                      f"Please review them with the member: {MEMBER}", member_key)

    def data_deleted(self, platform: str, booking_refs: list[str], *, was_at_risk: bool) -> Notice:
        freed = ", ".join(booking_refs) if booking_refs else "none"
        risk = (" They had an open risk flag, now removed with their data; the earlier urgent "
                "notice is the only trace." if was_at_risk else "")
        return Notice("staff", "deletion", "A member deleted their data on request. "
                      f"Bookings cancelled: {freed}.{risk}", None, platform=platform,
                      urgent=was_at_risk)


def staff_buttons(notice: Notice) -> tuple[Button, ...]:
    """Buttons under a staff notice: "I'm on it" for an urgent one, "Done" for a request."""
    if notice.audience != "staff" or not notice.ref:
        return ()
    buttons: list[Button] = []
    if notice.urgent and notice.ref.startswith("U-") and notice.kind != "unanswered":
        buttons.append(Button("I'm on it", actions.encode("ack", notice.ref), "primary"))
    if notice.kind == "handoff":
        buttons.append(Button("Done", actions.encode("done", notice.ref)))
    return tuple(buttons)
