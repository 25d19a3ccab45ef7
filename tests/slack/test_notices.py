"""Staff notices in the staff channel and member notices by DM, delivered through the outbox relay."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import text

from adapters.slack.conversations import Conversations
from adapters.slack.main import SlackFrontDoor
from adapters.slack.notifier import SlackNotifier
from adapters.wiring import build_slack
from bot.domain import Notice, OutboxItem
from bot.ports import DeliveryError
from tests.fakes import FakeClock
from tests.slack.conftest import TEST_OPTIONS, slack_settings
from tests.slack.fake_slack import FakeSlack, to_channel
from tests.slack.harness import STAFF_CHANNEL, SlackHarness
from tests.slack.test_dm_conversation import book_anxiety

MEMBER = "U0MEMBER1"


async def test_a_booking_is_posted_to_the_staff_channel_with_a_mention(slack: SlackHarness) -> None:
    ref = await book_anxiety(slack)
    [notice] = await slack.staff_notices(1)
    assert re.fullmatch(rf"New booking {ref}: Anxiety group, Tuesdays 6:00 PM ET, first session "
                        rf"[A-Z][a-z]{{2}} \d{{1,2}} [A-Z][a-z]{{2}}( \d{{4}})?\. Member: <@{MEMBER}>", notice)
    [post] = slack.fake.posts(STAFF_CHANNEL)
    assert post["unfurl_links"] is False and "blocks" not in post


async def test_429_then_500_twice_still_delivers_the_notice_exactly_once(slack: SlackHarness) -> None:
    slack.fake.fail("chat.postMessage", 429, retry_after=1, when=to_channel(STAFF_CHANNEL))
    slack.fake.fail("chat.postMessage", 500, times=2, when=to_channel(STAFF_CHANNEL))
    ref = await book_anxiety(slack)
    notices = await slack.staff_notices(1, timeout=10)
    await slack.fake.wait_for(lambda: not slack.fake.script[1].times)
    attempts = [c.status for c in slack.fake.called("chat.postMessage", ok_only=False)
                if c.params["channel"] == STAFF_CHANNEL]
    assert attempts == [429, 500, 500, 200]
    assert len(notices) == 1 and ref in notices[0]
    for _ in range(100):  # the relay records the delivery just after the post
        if await delivered_rows(slack) == 1:
            break
        await asyncio.sleep(0.02)
    assert await delivered_rows(slack) == 1
    await asyncio.sleep(0.3)  # several more relay rounds: nothing is posted again
    assert len(slack.fake.texts(STAFF_CHANNEL)) == 1
    assert "You're booked" in slack.dm_text(MEMBER)  # the member's replies were never held up


async def delivered_rows(slack: SlackHarness) -> int:
    assert slack.door.app is not None
    async with slack.door.app.engine.connect() as conn:
        result = await conn.execute(text("SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL"))
        return int(result.scalar_one())


async def test_a_waitlisted_member_is_told_by_dm_when_a_seat_opens(slack: SlackHarness) -> None:
    assert slack.door.app is not None
    async with slack.door.app.engine.connect() as conn:
        group_id = (await conn.execute(text(
            "SELECT id FROM groups WHERE topic = 'trauma_ptsd'"))).scalar_one()  # capacity 2
    refs = {}
    for member in ("U0FIRST", "U0SECOND", "U0THIRD"):
        await slack.dm(member, "I live in New York")
        await slack.press_action(member, f"fd:book:{group_id}")
        refs[member] = re.search(r"FD-[A-Z0-9]{6}", slack.dm_text(member)).group(0)  # type: ignore[union-attr]
    assert "waitlist" in slack.dm_text("U0THIRD")
    await slack.press_action("U0FIRST", f"fd:cancel:{refs['U0FIRST']}")
    await slack.press_action("U0FIRST", f"fd:cancelyes:{refs['U0FIRST']}")
    await slack.fake.wait_for(lambda: "Good news: a seat opened" in slack.dm_text("U0THIRD"))
    assert refs["U0THIRD"] in slack.dm_text("U0THIRD")
    notices = await slack.staff_notices(5)
    assert [n.split(":")[0].rsplit(" ", 1)[0] for n in notices] == [
        "New booking", "New booking", "Waitlist", "Cancelled booking", "Waitlist promoted"]
    assert notices[-1].endswith("Member: <@U0THIRD>")


async def test_notifier_turns_a_persistent_429_into_a_delivery_error_with_retry_after(
        fake: FakeSlack, db_url: str) -> None:
    fake.fail("chat.postMessage", 429, retry_after=7, error="ratelimited")
    client = AsyncWebClient(token=fake.token, base_url=fake.url, retry_handlers=[])  # no sdk retries here
    notifier = SlackNotifier(Conversations(client), STAFF_CHANNEL)
    clock = FakeClock()
    app = await build_slack(slack_settings(fake), database_url=db_url, clock=clock)
    try:
        async with app.uow_factory() as uow:
            await uow.outbox.add(Notice("staff", "booking", "New booking FD-AAAAAA. Member: {member}",
                                        f"slack:{MEMBER}"), clock.now())
            await uow.commit()
        relay = app.relay(notifier, platform="slack", base_backoff=0.01)
        assert await relay.run_once() == 0
        clock.advance(seconds=6)
        assert await relay.run_once() == 0  # Retry-After: 7 is honoured
        clock.advance(seconds=2)
        assert await relay.run_once() == 1
        statuses = [c.status for c in fake.called("chat.postMessage", ok_only=False)]
        assert statuses == [429, 200]
        assert fake.posts()[0]["text"] == f"New booking FD-AAAAAA. Member: <@{MEMBER}>"
    finally:
        await app.close()

    fake.fail("chat.postMessage", 200, error="channel_not_found")
    try:
        await notifier.deliver(_item())
    except DeliveryError as error:
        assert str(error) == "slack: channel_not_found" and error.retry_after is None
    else:
        raise AssertionError("expected DeliveryError")


def _item() -> OutboxItem:
    return OutboxItem(1, Notice("staff", "handoff", "Please reach out: {member}", f"slack:{MEMBER}"), 0,
                      datetime.now(UTC) - timedelta(seconds=1))


async def test_network_errors_become_delivery_errors(fake: FakeSlack) -> None:
    client = AsyncWebClient(token=fake.token, base_url="http://127.0.0.1:9/api/", retry_handlers=[])
    notifier = SlackNotifier(Conversations(client), STAFF_CHANNEL)
    try:
        await notifier.deliver(_item())
    except DeliveryError as error:
        assert str(error).startswith("network: ")
    else:
        raise AssertionError("expected DeliveryError")
    assert fake.calls == []


async def test_stopping_delivers_the_last_notices_first(fake: FakeSlack, db_url: str) -> None:
    options = replace(TEST_OPTIONS, relay_interval=60)  # the relay loop will not come round again
    door = SlackFrontDoor(slack_settings(fake), port=0, database_url=db_url, options=options)
    async with door, aiohttp.ClientSession() as session:
        slack = SlackHarness(door, fake, session)
        await slack.dm(MEMBER, "I want to kill myself")
        assert fake.posts(STAFF_CHANNEL) == []
    [notice] = fake.texts(STAFF_CHANNEL)
    assert notice.startswith("URGENT")


async def test_a_reminder_dm_has_buttons_and_its_calendar_file_is_uploaded_to_the_dm(fake: FakeSlack) -> None:
    from bot.messages import Attachment, Button
    client = AsyncWebClient(token=fake.token, base_url=fake.url, retry_handlers=[])
    notifier = SlackNotifier(Conversations(client), STAFF_CHANNEL)
    reminder = Notice("member", "reminder", "Reminder: Anxiety group is tomorrow & soon.", f"slack:{MEMBER}",
                      buttons=(Button("Can't make it this week", "fd:skip:FD-ABCDEF-20270112"),
                               Button("Cancel my seat", "fd:cancel:FD-ABCDEF", "danger")),
                      files=(Attachment("anxiety.ics", "text/calendar", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"),))
    await notifier.deliver(OutboxItem(1, reminder, 0, datetime(2027, 1, 4, tzinfo=UTC)))
    [post] = fake.posts()
    assert post["channel"].startswith("D") and post["text"] == "Reminder: Anxiety group is tomorrow &amp; soon."
    assert "fd:skip:FD-ABCDEF-20270112" in str(post["blocks"]) and "Cancel my seat" in str(post["blocks"])
    [(title, content)] = fake.uploaded(post["channel"])
    assert title == "anxiety.ics" and content.startswith("BEGIN:VCALENDAR")
    assert fake.uploaded(STAFF_CHANNEL) == []
