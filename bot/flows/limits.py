"""Booking limits: closed groups take no new places, and a member holds at most
``max_bookings_per_member`` places at once (seats and waitlist places both count)."""

from __future__ import annotations

from bot import actions
from bot.domain import Group
from bot.flows import menu
from bot.messages import Button
from bot.turn import Turn


def bookable(turn: Turn, group: Group | None) -> bool:
    """False (having said why) when the group is gone or closed to new bookings."""
    if group is None:
        menu.expired_option(turn)
        return False
    if not group.is_open:
        turn.clear_flow()
        turn.say(f"{group.title} ({group.when()}) isn't taking new bookings right now. I'm sorry. "
                 "Here are the groups that are:", [Button("See open groups", actions.encode("groups"), "primary")])
        return False
    return True


def closed_topic(turn: Turn, name: str) -> None:
    """Every session of a group the member could join is closed to new bookings for now."""
    turn.clear_flow()
    turn.say(f"{name} isn't taking new bookings right now. I'm sorry. You can look at the groups "
             "that are, or ask a person when it opens again.",
             [Button("All groups", actions.encode("groups"), "primary"),
              Button("Talk to a person", actions.encode("handoff"))])


async def _held_at_limit(turn: Turn) -> int | None:
    """How many places the member holds, when that is the most allowed (None below the limit)."""
    limit = turn.deps.config.max_bookings_per_member
    held = len(await turn.uow.bookings.for_member(turn.member.key))
    return held if 0 < limit <= held else None


async def at_limit_note(turn: Turn) -> str:
    """A line for a list of sessions when the member already holds the most places: said up
    front, not only after they tap "Book" ("" otherwise)."""
    if await _held_at_limit(turn) is None:
        return ""
    limit = turn.deps.config.max_bookings_per_member
    return (f"\n\nYou already hold {limit} place{'s' if limit != 1 else ''}, the most one member can "
            "hold at a time, so to book one of these, cancel one of yours first (or ask a person).")


async def over_limit(turn: Turn) -> bool:
    """True (having explained kindly) when the member already holds the most places allowed."""
    held = await _held_at_limit(turn)
    if held is None:
        return False
    limit = turn.deps.config.max_bookings_per_member
    places = "place" if limit == 1 else "places"
    turn.say(f"You already hold {held} {places} (seats and waitlist places count), and each "
             f"member can hold up to {limit} at a time, so that everyone gets a fair chance at a "
             "seat. If you'd like this one instead, cancel one of yours first, or ask to talk to a "
             "person and our team can help.",
             [Button("My bookings", actions.encode("mine")),
              Button("Talk to a person", actions.encode("handoff"))])
    return True


def joining(group: Group) -> str:
    """The joining line of a confirmation (the link goes only to confirmed members, in DMs)."""
    if group.join_link:
        return f"Joining link: {group.join_link}"
    return "Our team will send the joining details."
