"""Groups that run in cycles (an end date or a number of weeks): when this cycle ends and
the next starts, and whether a member may join one already under way (``join_mid_cycle``);
otherwise a place on the waitlist is held for the next cycle (promoted when its dates are
applied: bot/seats.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from bot import actions
from bot.domain import Group
from bot.flows import limits, menu
from bot.identity import new_booking_ref
from bot.messages import Button
from bot.sessions import (
    cycle_started,
    day_text,
    first_date,
    next_cycle_start,
    session_start,
    takes_new_members,
)
from bot.turn import Turn


def _last(group: Group) -> date | None:
    """The cycle's last session day."""
    end = group.last_session_day()
    return end - timedelta(days=(end.weekday() - group.weekday) % 7) if end is not None else None


def _length(group: Group) -> str:
    return f"{group.weeks}-week cycle" if group.weeks else "cycle"


def cycle_line(group: Group, now: datetime) -> str:
    """'12-week cycle: Tue 5 Jan 2027 to Tue 23 Mar 2027; next cycle from Tue 30 Mar 2027' ('' if none)."""
    end = _last(group)
    nxt = next_cycle_start(group)
    if end is None or nxt is None:
        return ""
    if session_start(group, end) < now:
        return f"this {_length(group)} ended {day_text(end)}; next cycle from {day_text(nxt)}"
    verb = "started" if cycle_started(group, now) else "starts"
    return (f"{_length(group)} {verb} {day_text(first_date(group))}, ends {day_text(end)}; "
            f"next cycle from {day_text(nxt)}")


def under_way(group: Group, now: datetime) -> bool:
    """A cycle that has begun and not yet ended."""
    end = _last(group)
    return end is not None and cycle_started(group, now) and session_start(group, end) >= now


def refuse_mid_cycle(turn: Turn, group: Group) -> bool:
    """True (having offered the next cycle) when the cycle is under way, or over with no next
    one scheduled yet, and the group does not take new members part-way through."""
    if takes_new_members(group, turn.now):
        return False
    end, nxt = _last(group), next_cycle_start(group)
    assert end is not None and nxt is not None
    turn.clear_flow()
    if under_way(group, turn.now):
        now_text = (f"{group.title}'s current {_length(group)} started on {day_text(first_date(group))} "
                    f"and runs to {day_text(end)}, and this group doesn't take new members part-way "
                    "through (each week builds on the last).")
    else:
        now_text = f"{group.title}'s last {_length(group)} ended on {day_text(end)}."
    turn.say(f"{now_text} The next cycle starts {day_text(nxt)}: shall I hold you a place on its "
             "waitlist?",
             [Button("Hold my place for the next cycle", actions.encode("nextcycle", group.id), "primary"),
              Button("See other groups", actions.encode("groups"))])
    return True


def joining_note(group: Group, now: datetime) -> str:
    """For a group that lets members join part-way through: say so."""
    end = _last(group)
    if end is None or not under_way(group, now):
        return ""
    return f" You're joining part-way through this {_length(group)}, which runs to {day_text(end)}."


def waitlist_note(group: Group) -> str:
    """For a waitlist place taken before the cycle begins, in a group that doesn't take members
    part-way through: a seat that opens once it has begun waits for the next cycle."""
    if group.join_mid_cycle or group.last_session_day() is None:
        return ""
    return (" Once the cycle has begun, a seat that opens is kept for the next cycle, since this "
            "group doesn't take new members part-way through.")


async def hold_next_cycle(turn: Turn, group_id: int) -> None:
    group = await turn.uow.groups.get(group_id)
    if not limits.bookable(turn, group):
        return
    assert group is not None
    nxt = next_cycle_start(group)
    if nxt is None or takes_new_members(group, turn.now):
        menu.expired_option(turn)
        return
    held = await turn.uow.bookings.find(turn.member.key, group.id)
    if held is not None:
        turn.say(f"You already have a place in {group.title} ({held.ref}).",
                 [Button("My bookings", actions.encode("mine"))])
        return
    if await limits.over_limit(turn):
        return
    booking = await turn.uow.bookings.add(turn.member.key, group.id, "waitlisted", new_booking_ref(),
                                          turn.now)
    position = await turn.uow.bookings.waitlist_position(booking)
    notice = turn.deps.notices.waitlisted(group, booking, position, flagged=turn.member.at_risk)
    await turn.notify(replace(notice, text=f"{notice.text} For the next cycle, from {day_text(nxt)}."))
    turn.say(f"Done: I'm holding you a place for {group.title}'s next cycle, starting "
             f"{day_text(nxt)} (waitlist number {position}). When that cycle opens, its seats go to "
             "the waitlist in order, and I'll message you as soon as a seat is yours. "
             f"Reference: {booking.ref}.",
             [Button("My bookings", actions.encode("mine")),
              Button("Leave the waitlist", actions.encode("cancel", booking.ref))])
