"""Staff notices through the outbox relay to Discord: retries, rate limits, once per row, private."""

from __future__ import annotations

from typing import Any
from unittest.mock import create_autospec

import aiohttp
import discord
import pytest

from adapters.discord.notifier import CLOSED_DM_RETRY, DiscordNotifier, is_private
from adapters.wiring import Runtime
from bot.domain import Notice, OutboxItem
from bot.ports import DeliveryError
from bot.relay import OutboxRelay
from tests.discord.fake_discord import (
    STAFF_CHANNEL_ID,
    FakeDiscord,
    assert_pings_nobody,
    http_error,
)
from tests.discord.world import MEMBER_ID, World
from tests.fakes import FakeClock

BOOKED = Notice("staff", "booking", "New booking FD-ABCDEF: Anxiety group. Member: {member}",
                f"discord:{MEMBER_ID}")


def staff_channel(*, private: bool = True) -> Any:
    """A spec'd fake of discord.py's TextChannel (the SDK edge), private unless told."""
    channel = create_autospec(discord.TextChannel, instance=True)
    channel.permissions_for.return_value = discord.Permissions(view_channel=not private)
    return channel


class OneChannelClient:
    """Enough of discord.Client for the notifier: the staff channel is in the cache."""

    def __init__(self, channel: object) -> None:
        self.channel = channel

    def get_channel(self, channel_id: int) -> object:
        assert channel_id == STAFF_CHANNEL_ID
        return self.channel


async def queue(app: Runtime, clock: FakeClock, *notices: Notice) -> None:
    async with app.uow_factory() as uow:
        for notice in notices:
            await uow.outbox.add(notice, clock.now())
        await uow.commit()


def notifier_for(channel: object) -> DiscordNotifier:
    return DiscordNotifier(OneChannelClient(channel), STAFF_CHANNEL_ID)  # type: ignore[arg-type]


async def test_429_and_5xx_then_success_posts_once(app: Runtime, clock: FakeClock) -> None:
    channel = staff_channel()
    channel.send.side_effect = [http_error(429, 0, "You are being rate limited.", retry_after=7),
                                http_error(502), http_error(500), None]
    await queue(app, clock, BOOKED)
    relay = app.relay(notifier_for(channel), platform="discord", base_backoff=1.0)
    assert await relay.run_once() == 0          # 429: Discord says wait 7 s
    clock.advance(seconds=6)
    assert await relay.run_once() == 0          # not due yet
    clock.advance(seconds=1)
    assert await relay.run_once() == 0          # 502
    clock.advance(seconds=2)
    assert await relay.run_once() == 0          # 500
    clock.advance(seconds=4)
    assert await relay.run_once() == 1          # posted
    clock.advance(hours=1)
    assert await relay.run_once() == 0          # and never again
    assert channel.send.await_count == 4
    content = channel.send.await_args.args[0]
    assert content == f"New booking FD-ABCDEF: Anxiety group. Member: <@{MEMBER_ID}>"
    assert channel.send.await_args.kwargs["allowed_mentions"].to_dict() == {"parse": []}


async def test_nothing_is_lost_while_discord_is_unreachable(app: Runtime, clock: FakeClock) -> None:
    channel = staff_channel()
    channel.send.side_effect = [aiohttp.ClientConnectionError("down")] * 5 + [None, None]
    second = Notice("staff", "handoff", "Please reach out: {member}", f"discord:{MEMBER_ID}")
    await queue(app, clock, BOOKED, second)
    relay = app.relay(notifier_for(channel), platform="discord", base_backoff=1.0, max_backoff=8)
    delivered = 0
    for _ in range(20):
        delivered += await relay.run_once()
        clock.advance(seconds=10)
    assert delivered == 2 and channel.send.await_count == 7


async def test_rate_limited_error_carries_discords_wait() -> None:
    channel = staff_channel()
    channel.send.side_effect = discord.RateLimited(42.0)
    with pytest.raises(DeliveryError) as caught:
        await notifier_for(channel).deliver(OutboxItem(1, BOOKED, 0, FakeClock().now()))
    assert caught.value.retry_after == 42.0


async def test_a_public_staff_channel_gets_nothing(app: Runtime, clock: FakeClock) -> None:
    channel = staff_channel(private=False)
    await queue(app, clock, BOOKED)
    relay = app.relay(notifier_for(channel), platform="discord")
    assert await relay.run_once() == 0
    channel.send.assert_not_awaited()
    async with app.uow_factory() as uow:
        [item] = await uow.outbox.for_member(f"discord:{MEMBER_ID}")
    assert item.attempts == 1  # still waiting, not lost


async def test_staff_channel_fetched_from_discord_is_checked_private(app: Runtime, clock: FakeClock,
                                                                     world: World,
                                                                     fake: FakeDiscord) -> None:
    await queue(app, clock, BOOKED)
    relay = app.relay(DiscordNotifier(world.client, STAFF_CHANNEL_ID), platform="discord")
    assert await relay.run_once() == 1
    [post] = [s for s in fake.sent if s.channel_id == STAFF_CHANNEL_ID]
    assert post.content.endswith(f"Member: <@{MEMBER_ID}>")
    assert_pings_nobody(post.body)

    fake.channels[STAFF_CHANNEL_ID]["permission_overwrites"] = []  # @everyone can see it
    notifier = DiscordNotifier(world.client, STAFF_CHANNEL_ID)
    channel = await notifier.staff_channel()
    assert not is_private(channel)
    with pytest.raises(DeliveryError):
        await notifier.deliver(OutboxItem(2, BOOKED, 0, clock.now()))


async def test_wrong_staff_channel_id_is_a_clear_delivery_error(world: World) -> None:
    notifier = DiscordNotifier(world.client, 1187654321098765999)
    with pytest.raises(DeliveryError, match="DISCORD_STAFF_CHANNEL_ID"):
        await notifier.deliver(OutboxItem(1, BOOKED, 0, FakeClock().now()))


async def test_member_notices_go_to_their_dm(world: World, fake: FakeDiscord, clock: FakeClock) -> None:
    notifier = DiscordNotifier(world.client, STAFF_CHANNEL_ID)
    seat = Notice("member", "promotion", "Good news: a seat opened in Anxiety group.",
                  f"discord:{MEMBER_ID}")
    await notifier.deliver(OutboxItem(1, seat, 0, clock.now()))
    [dm] = fake.seen_by(MEMBER_ID)
    assert dm.content == "Good news: a seat opened in Anxiety group."
    fake.closed_dms.add(MEMBER_ID)
    with pytest.raises(DeliveryError) as caught:
        await notifier.deliver(OutboxItem(2, seat, 0, clock.now()))
    assert caught.value.retry_after == CLOSED_DM_RETRY


async def test_notice_about_a_deleted_member_names_nobody(clock: FakeClock) -> None:
    channel = staff_channel()
    gone = Notice("staff", "handoff", "Please reach out: {member}", None, platform="discord")
    await notifier_for(channel).deliver(OutboxItem(1, gone, 0, clock.now()))
    assert channel.send.await_args.args[0] == "Please reach out: a member who deleted their data"


async def test_the_discord_relay_takes_only_discord_notices(app: Runtime, clock: FakeClock) -> None:
    channel = staff_channel()
    await queue(app, clock, BOOKED, Notice("staff", "booking", "slack one {member}", "slack:U1"))
    relay: OutboxRelay = app.relay(notifier_for(channel), platform="discord")
    assert await relay.drain() == 1 and channel.send.await_count == 1


async def test_start_up_check_names_the_staff_channel_problem(world: World, fake: FakeDiscord) -> None:
    assert await DiscordNotifier(world.client, STAFF_CHANNEL_ID).check() is None
    missing = await DiscordNotifier(world.client, 1187654321098765999).check()
    assert missing is not None and "cannot be read by the bot" in missing and "\n" not in missing
    fake.channels[STAFF_CHANNEL_ID]["permission_overwrites"] = []
    public = await DiscordNotifier(world.client, STAFF_CHANNEL_ID).check()
    assert public is not None and "visible to @everyone" in public


async def test_a_reminder_dm_has_its_buttons_and_a_calendar_attachment(world: World, fake: FakeDiscord,
                                                                       clock: FakeClock) -> None:
    from bot.messages import Attachment, Button
    notifier = DiscordNotifier(world.client, STAFF_CHANNEL_ID)
    reminder = Notice("member", "reminder", "Reminder: Anxiety group is tomorrow.", f"discord:{MEMBER_ID}",
                      buttons=(Button("Can't make it this week", "fd:skip:FD-ABCDEF-20270112"),
                               Button("Cancel my seat", "fd:cancel:FD-ABCDEF", "danger")),
                      files=(Attachment("anxiety.ics", "text/calendar", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"),))
    await notifier.deliver(OutboxItem(1, reminder, 0, clock.now()))
    [dm] = fake.seen_by(MEMBER_ID)
    assert dm.content == "Reminder: Anxiety group is tomorrow."
    assert [b["label"] for b in dm.buttons] == ["Can't make it this week", "Cancel my seat"]
    assert dm.files == [("anxiety.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")]
