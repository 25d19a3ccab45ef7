"""An urgent notice is marked taken on Slack by whichever process delivers the ack: after a
restart, or by another replica, the original post and each escalation repost lose their button."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import aiohttp

from adapters.slack.main import SlackFrontDoor
from bot import staff_notices
from tests.slack.conftest import TEST_OPTIONS, slack_settings
from tests.slack.fake_slack import FakeSlack
from tests.slack.harness import STAFF_CHANNEL, STAFF_USER, SlackHarness

MEMBER = "U0MEMBER1"


def urgent_posts(fake: FakeSlack) -> list[str]:
    """The ts of every staff-channel post with an "I'm on it" button, in order."""
    return [str(c.answer["ts"]) for c in fake.called("chat.postMessage")
            if c.params["channel"] == STAFF_CHANNEL and "blocks" in c.params and c.answer is not None]


async def test_a_restarted_process_marks_the_notice_and_its_repost_taken(fake: FakeSlack,
                                                                         db_url: str) -> None:
    async with aiohttp.ClientSession() as session:
        first = SlackFrontDoor(slack_settings(fake), port=0, database_url=db_url, options=TEST_OPTIONS)
        await first.start()
        try:
            slack = SlackHarness(first, fake, session)
            await slack.dm(MEMBER, "I want to kill myself")
            await fake.wait_for(lambda: len(urgent_posts(fake)) == 1)
            [post] = [p for p in fake.posts(STAFF_CHANNEL) if "blocks" in p]
            [button] = slack.buttons(post["blocks"])
            ref = re.search(r"U-[A-Z2-9]{4}", post["text"]).group(0)  # type: ignore[union-attr]
            assert first.app is not None
            async with first.app.uow_factory() as uow:  # what the escalation job writes at minute 10
                request = await uow.requests.get(ref)
                assert request is not None
                await uow.outbox.add(staff_notices.escalation(request, 1, 3, 10), datetime.now(UTC))
                await uow.commit()
            await fake.wait_for(lambda: len(urgent_posts(fake)) == 2)  # the repost, by this process
        finally:
            await first.stop()
        original, repost = urgent_posts(fake)
        assert fake.called("chat.update") == []

        second = SlackFrontDoor(slack_settings(fake), port=0, database_url=db_url, options=TEST_OPTIONS)
        await second.start()  # a restart: nothing of the first process's memory survives
        try:
            slack = SlackHarness(second, fake, session)
            await slack.press_action(STAFF_USER, button["action_id"], button["value"])
            assert f"{ref} is yours" in slack.dm_text(STAFF_USER)
            await fake.wait_for(lambda: len(fake.called("chat.update")) >= 2)
        finally:
            await second.stop()
    [taken] = [t for t in fake.texts(STAFF_CHANNEL) if "taken by" in t]
    updates = fake.called("chat.update")
    assert sorted(u.params["ts"] for u in updates) == sorted([original, repost])
    for update in updates:
        assert update.params["channel"] == STAFF_CHANNEL
        assert not slack.buttons(update.params["blocks"])  # no button left to press
        assert update.params["blocks"][-1]["elements"][0]["text"] == taken
    texts = {u.params["ts"]: u.params["blocks"][0]["text"]["text"] for u in updates}
    assert texts[original].startswith(f"URGENT {ref}: a member may be at risk")
    assert "reminder 1 of 3" in texts[repost]
