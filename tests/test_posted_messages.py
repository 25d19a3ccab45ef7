"""The platform message each staff notice became, on the real store (SQLite or PostgreSQL):
recorded when its row is marked sent, and handed to the "taken" notice of its reference by
any relay, so a restarted process or another replica can update the original posts."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain import Notice, OutboxItem
from bot.relay import OutboxRelay
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.fakes import FakeClock

REF = "U-AB2C"


def urgent(kind: str, text: str, ref: str = REF, platform: str = "slack") -> Notice:
    return Notice("staff", kind, text, None, urgent=True, platform=platform, ref=ref)


TAKEN = Notice("staff", "urgent_taken", f"{REF}: taken by a staff member at 14:03 UTC.", None,
               platform="slack", ref=REF)


class PostingNotifier:
    """Like a platform notifier: notices with a reference become messages it can name."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.handed: dict[str, list[tuple[str, str | None]]] = {}  # notice text -> earlier handed

    async def deliver(self, item: OutboxItem, earlier: Sequence[OutboxItem] = ()) -> str | None:
        self.handed[item.notice.text] = [(e.notice.text, e.message_id) for e in earlier]
        return f"C0STAFF:{self.name}.{item.id}" if item.notice.ref and item.notice.kind != "urgent_taken" else None


async def add(sql_uow: SqlUnitOfWorkFactory, clock: FakeClock, *notices: Notice) -> None:
    async with sql_uow() as uow:
        for notice in notices:
            await uow.outbox.add(notice, clock.now())
        await uow.commit()


async def test_a_fresh_relay_hands_the_taken_notice_every_earlier_post(sql_uow: SqlUnitOfWorkFactory,
                                                                      clock: FakeClock) -> None:
    await add(sql_uow, clock, urgent("crisis", "URGENT U-AB2C"), urgent("crisis", "URGENT U-ZZ99", "U-ZZ99"),
              Notice("staff", "booking", "New booking", None, platform="slack"))
    first = PostingNotifier("one")
    assert await OutboxRelay(sql_uow, first, clock, platform="slack").drain() == 3
    clock.advance(minutes=10)
    await add(sql_uow, clock, urgent("escalation", "U-AB2C again"))
    assert await OutboxRelay(sql_uow, first, clock, platform="slack").drain() == 1
    async with sql_uow() as uow:
        posted = await uow.outbox.posted(REF, "slack")
        assert [(p.notice.text, p.message_id) for p in posted] == [
            ("URGENT U-AB2C", f"C0STAFF:one.{posted[0].id}"), ("U-AB2C again", f"C0STAFF:one.{posted[1].id}")]
        assert await uow.outbox.posted(REF, "discord") == []
        assert [p.notice.text for p in await uow.outbox.posted("U-ZZ99", "slack")] == ["URGENT U-ZZ99"]

    await add(sql_uow, clock, TAKEN)
    fresh = PostingNotifier("two")  # a restart, or another replica: it posted none of them
    assert await OutboxRelay(sql_uow, fresh, clock, platform="slack").drain() == 1
    assert fresh.handed[TAKEN.text] == [(p.notice.text, p.message_id) for p in posted]
    async with sql_uow() as uow:  # the taken line itself is nothing to update later
        assert [p.id for p in await uow.outbox.posted(REF, "slack")] == [p.id for p in posted]


async def test_only_delivered_rows_with_a_message_id_count(sql_uow: SqlUnitOfWorkFactory,
                                                          clock: FakeClock) -> None:
    await add(sql_uow, clock, urgent("crisis", "posted"), urgent("escalation", "posted, no id"),
              urgent("escalation", "not delivered yet"))
    async with sql_uow() as uow:
        claimed = await uow.outbox.claim_due(clock.now(), 10, 30, "slack")
        first, second, _ = sorted(claimed, key=lambda i: i.id)
        await uow.outbox.mark_sent(first.id, clock.now(), "C0STAFF:1712.0001")
        await uow.outbox.mark_sent(second.id, clock.now())
        await uow.commit()
    async with sql_uow() as uow:
        [posted] = await uow.outbox.posted(REF, "slack")
        assert posted.id == first.id and posted.message_id == "C0STAFF:1712.0001"


async def test_a_settle_later_relay_records_the_id_when_it_settles(sql_uow: SqlUnitOfWorkFactory,
                                                                  clock: FakeClock) -> None:
    await add(sql_uow, clock, urgent("crisis", "URGENT U-AB2C"))
    relay = OutboxRelay(sql_uow, PostingNotifier("one"), clock, platform="slack", settle_later=True)
    assert await relay.run_once() == 1
    async with sql_uow() as uow:
        assert await uow.outbox.posted(REF, "slack") == []
    assert await relay.settle() == 1
    async with sql_uow() as uow:
        [posted] = await uow.outbox.posted(REF, "slack")
        assert posted.message_id == f"C0STAFF:one.{posted.id}"
