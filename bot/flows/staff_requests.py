"""Staff commands about requests: the "talk to a person" queue, marking one done, and taking
an urgent notice ("I'm on it": by button or ``staff ack U-XXXX``). The first to take it is
recorded; later presses are told who did."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot import staff_notices
from bot.domain import StaffRequest
from bot.flows.staff_common import Command, audit, mention_handle, normalise_ref
from bot.turn import Turn


def age(since: datetime, now: datetime) -> str:
    minutes = max(0, int((now - since) / timedelta(minutes=1)))
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    return f"{hours} h {minutes % 60} min" if hours < 48 else f"{hours // 24} days"


def _who(turn: Turn, request: StaffRequest) -> str:
    return turn.deps.refs(request.member_key) if request.member_key else "a member who deleted their data"


async def queue(turn: Turn, command: Command) -> None:
    waiting = await turn.uow.requests.open_queue()
    if not waiting:
        turn.say("No open \"talk to a person\" requests.")
        return
    lines = []
    for request in waiting:
        taken = (f", taken by {mention_handle(request.acked_by)}" if request.acked_by else "")
        urgent = "URGENT " if request.urgent else ""
        lines.append(f"- {urgent}{request.ref}: {_who(turn, request)} on {request.platform}, waiting "
                     f"{age(request.created_at, turn.now)}{taken}")
    turn.say("Open requests (oldest first; \"staff done REF\" once you have reached them):\n"
             + "\n".join(lines))


async def _request(turn: Turn, command: Command, usage: str) -> StaffRequest | None:
    if not command.args:
        turn.say(f"Which one? Usage: {usage}.")
        return None
    ref = normalise_ref(command.args[0])
    request = await turn.uow.requests.get(ref)
    if request is None:
        turn.say(f"No request or urgent notice with reference {ref}.")
    return request


async def done(turn: Turn, command: Command) -> None:
    request = await _request(turn, command, "staff done H-XXXX")
    if request is None:
        return
    if request.done_at is not None:
        turn.say(f"{request.ref} was already marked done.")
        return
    first_take = request.acked_at is None
    await turn.uow.requests.done(request.ref, turn.member.key, turn.now)
    if first_take and request.urgent:
        await turn.notify(staff_notices.taken(request, turn.member.key, turn.now))
    await _settle_member(turn, request)
    await audit(turn, "request_done", request.ref)
    turn.say(f"{request.ref} is done and has left the queue; nobody will be reminded about it again.")


async def ack(turn: Turn, command: Command) -> None:
    request = await _request(turn, command, "staff ack U-XXXX")
    if request is None:
        return
    if not request.urgent:
        turn.say(f"{request.ref} is not an urgent notice; mark it done with \"staff done {request.ref}\".")
        return
    now_taken = await turn.uow.requests.ack(request.ref, turn.member.key, turn.now)
    if now_taken is None:
        turn.say(f"No urgent notice with reference {request.ref}.")
        return
    if request.acked_at is not None or now_taken.acked_by != turn.member.key:
        await _settle_member(turn, request)
        who = "you" if now_taken.acked_by == turn.member.key else (
            mention_handle(now_taken.acked_by) if now_taken.acked_by else "someone")
        when = f" at {now_taken.acked_at:%H:%M} UTC" if now_taken.acked_at else ""
        turn.say(f"{request.ref} was already taken by {who}{when}.")
        return
    await turn.notify(staff_notices.taken(request, turn.member.key, turn.now))
    await audit(turn, "urgent_acknowledged", request.ref)
    others = await _settle_member(turn, request)
    also = (f" The member's other open urgent {'notice' if len(others) == 1 else 'notices'} "
            f"{', '.join(others)} {'is' if len(others) == 1 else 'are'} taken by you too." if others else "")
    turn.say(f"Thanks: {request.ref} is yours, and the staff channel has been told. No more "
             f"reminders will be sent about it.{also}")


async def _settle_member(turn: Turn, request: StaffRequest) -> list[str]:
    """Whoever takes one urgent notice has the member: any other open one of theirs (made
    before one-per-member, or while the store was down) is taken with it, so it stops paging."""
    if request.member_key is None or not request.urgent:
        return []
    taken = await turn.uow.requests.ack_open_for_member(request.member_key, turn.member.key, turn.now)
    for ref in taken:
        other = await turn.uow.requests.get(ref)
        if other is not None:
            await turn.notify(staff_notices.taken(other, turn.member.key, turn.now))
            await audit(turn, "urgent_acknowledged", ref)
    return taken
