"""A member's rights over their data: read the notice, export it, delete it."""

from __future__ import annotations

import json

from bot import actions, dialogue_state
from bot.dialogue_state import DeleteConfirm
from bot.flows import session_life
from bot.flows.booking import cancel_booking
from bot.messages import Attachment, Button
from bot.turn import Turn


async def export(turn: Turn) -> None:
    member = turn.member
    bookings = []
    for booking in await turn.uow.bookings.for_member(member.key):
        group = await turn.uow.groups.get(booking.group_id)
        bookings.append({
            "reference": booking.ref,
            "status": booking.status,
            "group": group.title if group else None,
            "schedule": group.when() if group else None,
            "booked_at": booking.created_at.isoformat(),
            "sessions_you_said_you_will_miss": sorted(d.isoformat() for d in
                                                      await turn.uow.reminders.skipped(booking.id)),
        })
    notices = [{"kind": item.notice.kind, "created_at": item.created_at.isoformat()}
               for item in await turn.uow.outbox.for_member(member.key)]
    data = {
        "member": {"platform": member.platform, "user_id": member.user_id,
                   "reference": member.ref, "first_contact": member.created_at.isoformat()},
        "state_of_residence": member.residence_code,
        "country_outside_us": member.abroad_place,
        "state_confirmed_at": (member.residence_confirmed_at.isoformat()
                               if member.residence_confirmed_at else None),
        "risk_flag": member.at_risk,
        "risk_flag_set_at": member.risk_flagged_at.isoformat() if member.risk_flagged_at else None,
        "risk_flag_category": member.risk_category,
        "old_enough_to_book": member.adult,
        "time_zone": member.timezone,
        "session_reminders": await turn.uow.reminders.reminders_on(member.key),
        "conversation_state": dialogue_state.encode(member.dialogue),
        "conversation_updated_at": (member.dialogue_updated_at.isoformat()
                                    if member.dialogue_updated_at else None),
        "privacy_notice_shown": member.notice_seen,
        "bookings": bookings,
        "staff_notices_about_you": notices,
    }
    turn.say("Here is everything I store about you:\n" + json.dumps(data, indent=2, sort_keys=True),
             [Button("Delete my data", actions.encode("delete"), "danger")])


async def ask_delete(turn: Turn) -> None:
    count = len(await turn.uow.bookings.for_member(turn.member.key))
    extra = f" and cancel your {count} booking{'s' if count != 1 else ''}" if count else ""
    turn.expect(DeleteConfirm())
    turn.say(f"This will delete what I store about you{extra}. It can't be undone. "
             "Delete your data?",
             [Button("Yes, delete my data", actions.encode("deleteyes"), "danger"),
              Button("No, keep it", actions.encode("deleteno"))])


async def confirm_delete(turn: Turn) -> bool:
    """Delete everything naming the member; True when the member row is gone."""
    if not isinstance(turn.waiting, DeleteConfirm):
        turn.say("That option has expired. If you want to delete your data, say \"delete my data\".")
        return False
    uow = turn.uow
    refs = []
    files: list[Attachment] = []
    for booking in await uow.bookings.for_member(turn.member.key):
        group = await cancel_booking(turn, booking)
        refs.append(booking.ref)
        if booking.status == "confirmed" and group is not None:  # takes it out of their calendar
            files.append(await session_life.calendar_for(turn, group, booking, cancel=True))
    await uow.outbox.forget_member(turn.member.key, turn.member.ref)
    await uow.members.delete(turn.member.key)
    await uow.audit.record("member_data_deleted", turn.now)
    await turn.notify(turn.deps.notices.data_deleted(turn.member.platform, refs,
                                                           was_at_risk=turn.member.at_risk))
    turn.member_deleted = True
    removes = (" The attached calendar update removes the sessions from your calendar."
               if files else "")
    turn.say("Done. I've deleted your data and cancelled any bookings. If you message me again, "
             f"I'll start fresh.{removes}", files=tuple(files))
    return True


def keep_data(turn: Turn) -> None:
    turn.clear_flow()
    turn.say("Okay, nothing was deleted.")
