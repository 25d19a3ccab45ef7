"""Loading a member's record for a turn, creating it on first contact."""

from __future__ import annotations

from datetime import datetime

from bot.domain import Member
from bot.identity import MemberRefs
from bot.messages import MemberKey
from bot.ports import UnitOfWork


def new_member(who: MemberKey, now: datetime, refs: MemberRefs) -> Member:
    """A record for someone we have not met (not stored until added)."""
    return Member(key=who.key, platform=who.platform, user_id=who.user_id,
                  ref=refs(who.key), created_at=now)


async def load_or_create(uow: UnitOfWork, who: MemberKey, now: datetime, refs: MemberRefs) -> Member:
    """The member, locked for this transaction; a new record on first contact."""
    return await stored_or_new(uow, await uow.members.get(who.key, for_update=True), who, now, refs)


async def stored_or_new(uow: UnitOfWork, member: Member | None, who: MemberKey, now: datetime,
                        refs: MemberRefs) -> Member:
    """``member`` as locked, or a new record on first contact."""
    if member is None:
        member = new_member(who, now, refs)
        await uow.members.add(member)
    return member
