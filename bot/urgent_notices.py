"""One open URGENT notice per member.

A member at risk often writes again, presses "Talk to a person" or "Yes, I am" twice:
each of those used to open its own U- notice, each escalating on its own, so on-call got
several pages for one person and taking one left the others paging. Now a new urgent
notice (a crisis or an urgent handoff) for a member who already has one that nobody has
taken becomes an update of that one: the same reference (so "I'm on it" takes it), a
line saying what happened (never the member's words), and no new request to escalate.
Once staff have taken it (``staff ack``, ``staff clear``), a later crisis opens a new one.
"""

from __future__ import annotations

from datetime import datetime

from bot import staff_notices
from bot.domain import Notice
from bot.ports import UnitOfWork

#: Notices that open an urgent staff request (``Outbox.add``).
OPENING = ("crisis", "handoff")


async def one_per_member(uow: UnitOfWork, notice: Notice, now: datetime) -> Notice:
    """``notice`` itself, or an update of the member's open urgent notice when there is one."""
    if not (notice.urgent and notice.kind in OPENING and notice.member_key and notice.ref):
        return notice
    open_request = await uow.requests.open_urgent_for_member(notice.member_key)
    if open_request is None or open_request.ref == notice.ref:
        return notice
    return staff_notices.urgent_update(open_request, notice.kind, now)
