"""Crisis flags and notices kept in memory while the store is unreachable.

A crisis reply never waits for the store. When the store cannot take the member's risk
flag and the urgent staff notice, they wait here and are written by the next
transaction that succeeds (or by ``Core.retry_unsaved``). Items are taken out before
a transaction writes them and put back if it does not commit, so two concurrent turns
never write the same notice twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from bot.domain import Member, Notice
from bot.identity import MemberRefs
from bot.members import load_or_create
from bot.messages import MemberKey
from bot.ports import UnitOfWork
from bot.urgent_notices import one_per_member


@dataclass(frozen=True, slots=True)
class PendingCrisis:
    member: MemberKey
    notice: Notice
    category: str | None = None
    at: datetime | None = None


class PendingCrises:
    def __init__(self, refs: MemberRefs) -> None:
        self._items: list[PendingCrisis] = []
        self._refs = refs

    def __len__(self) -> int:
        return len(self._items)

    def add(self, member: MemberKey, notice: Notice, category: str | None = None,
            at: datetime | None = None) -> None:
        self._items.append(PendingCrisis(member, notice, category, at))

    def take(self) -> list[PendingCrisis]:
        taken, self._items = self._items, []
        return taken

    def restore(self, items: list[PendingCrisis]) -> None:
        self._items[:0] = items

    @contextmanager
    def batch(self) -> Iterator[Batch]:
        """Take the kept items for one transaction; they come back unless it commits."""
        batch = Batch(self.take(), self._refs)
        try:
            yield batch
        finally:
            if not batch.stored:
                self.restore(batch.items)


def mark_at_risk(member: Member, category: str | None, at: datetime) -> None:
    """Set the risk flag; the time and category are those of the first flag until staff clear it."""
    if not member.at_risk or member.risk_flagged_at is None:
        member.risk_flagged_at = at
        member.risk_category = category
    member.at_risk = True


class Batch:
    """Kept items travelling with one transaction."""

    def __init__(self, items: list[PendingCrisis], refs: MemberRefs) -> None:
        self.items = items
        self.stored = False
        self._refs = refs

    async def commit_with(self, uow: UnitOfWork, now: datetime) -> None:
        """Flag each member, queue each urgent notice, and commit the caller's transaction."""
        for item in self.items:
            member = await load_or_create(uow, item.member, now, self._refs)
            mark_at_risk(member, item.category, item.at or now)
            await uow.members.save(member)
            await uow.outbox.add(await one_per_member(uow, item.notice, now), now)
        await uow.commit()
        self.stored = True
