"""An urgent notice is marked taken on Discord by whichever process delivers the ack: a fresh
notifier (after a restart, or another replica's relay) edits the notice and its repost."""

from __future__ import annotations

import re

import pytest

from adapters.discord.notifier import DiscordNotifier
from adapters.wiring import Runtime
from bot.urgent import UrgentEscalation
from tests.discord.conftest import STAFF_ID
from tests.discord.fake_discord import STAFF_CHANNEL_ID, FakeDiscord, Sent
from tests.discord.world import World
from tests.fakes import FakeClock


def staff_posts(fake: FakeDiscord) -> list[Sent]:
    return [s for s in fake.sent if s.channel_id == STAFF_CHANNEL_ID]


async def test_a_fresh_notifier_edits_the_notice_and_its_repost(app: Runtime, world: World, fake: FakeDiscord,
                                                               clock: FakeClock) -> None:
    river = world.member()
    await river.dm("I want to kill myself")
    first = app.relay(DiscordNotifier(world.client, STAFF_CHANNEL_ID), platform="discord")
    await first.drain()
    clock.advance(minutes=10, seconds=1)
    await UrgentEscalation(app.uow_factory).run_due(clock.now())
    await first.drain()
    original, repost = staff_posts(fake)
    ref = re.search(r"U-[A-Z2-9]{4}", original.content).group(0)  # type: ignore[union-attr]
    assert "reminder 1 of 3" in repost.content and repost.buttons
    before = {original.content, repost.content}

    boss = world.member(STAFF_ID, "Boss")
    await boss.press_custom_id(original.buttons[0]["custom_id"], on=original)
    assert f"{ref} is yours" in boss.last.text
    second = app.relay(DiscordNotifier(world.client, STAFF_CHANNEL_ID), platform="discord")
    assert await second.drain() == 1  # the "taken" line, by a notifier that posted nothing
    taken = staff_posts(fake)[-1].content
    assert re.fullmatch(rf"{ref}: taken by <@{STAFF_ID}> at \d\d:\d\d UTC\.", taken)
    for post in (original, repost):
        assert post.payload["edited_timestamp"] is not None
        assert post.buttons == []
        assert post.content.endswith("\n" + taken)
        assert post.content.removesuffix("\n" + taken) in before


async def test_a_failed_edit_still_delivers_the_taken_line_once(app: Runtime, world: World, fake: FakeDiscord,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    await world.member().dm("I want to kill myself")
    await app.relay(DiscordNotifier(world.client, STAFF_CHANNEL_ID), platform="discord").drain()
    [original] = staff_posts(fake)
    await world.member(STAFF_ID, "Boss").press_custom_id(original.buttons[0]["custom_id"], on=original)
    fake.fail_next("PATCH /channels/{channel_id}/messages/{message_id}", OSError("connection reset"))
    second = app.relay(DiscordNotifier(world.client, STAFF_CHANNEL_ID), platform="discord")
    assert await second.drain() == 1
    assert await second.drain() == 0  # best effort: marked sent, not retried
    assert len(staff_posts(fake)) == 2 and original.buttons  # the edit failed; nothing else lost
    [warning] = [r for r in caplog.records if "could not mark urgent notice" in r.getMessage()]
    assert "at risk" not in warning.getMessage() and "U-" not in warning.getMessage()
