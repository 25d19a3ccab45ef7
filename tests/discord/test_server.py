"""In a server channel nothing private shows: ephemeral answers, DMs, mentions answered briefly."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from adapters.discord.frontdoor import (
    DM_CLOSED,
    MENTION_DM_CLOSED,
    MENTION_SENT,
    SENT_TO_DM,
)
from adapters.discord.render import escape
from adapters.wiring import Runtime, configure_logging
from bot.config import CoreConfig
from bot.core import Core
from bot.messages import Inbound, Outcome
from tests.conftest import services_for
from tests.fakes import FakeClock, FakeStore, FakeUnitOfWork
from tests.discord.fake_discord import (
    BOT_ID,
    GENERAL_CHANNEL_ID,
    FakeDiscord,
    http_error,
)
from tests.discord.world import MEMBER_ID, DiscordMember, World

EPHEMERAL = 64


async def test_slash_command_in_a_server_is_ephemeral_and_continues_in_dm(
        river: DiscordMember, fake: FakeDiscord, app: Runtime) -> None:
    turn = await river.command("book", where="server")
    assert [c.body for c in turn.callbacks] == [{"type": 5, "data": {"flags": EPHEMERAL}}]
    dm = [s for s in turn.sent if s.channel_id == fake.dm_channel_id(MEMBER_ID)]
    assert "Which US state" in dm[-1].content and all(s.via == "channel" for s in dm)
    [note] = [s for s in turn.sent if s.channel_id == GENERAL_CHANNEL_ID]
    assert note.ephemeral and note.content == escape(SENT_TO_DM)
    assert "Which US state" not in note.content

    await river.dm("New York")
    await river.press("Anxiety")
    await river.press("Book: Tuesdays")
    assert "You're booked into Anxiety group" in river.last.text
    turn = await river.command("mybookings", where="server")
    [note] = [s for s in turn.sent if s.channel_id == GENERAL_CHANNEL_ID]
    assert note.ephemeral and "Anxiety" not in note.content
    assert fake.public() == []


async def test_closed_dms_get_the_answer_ephemerally_and_its_buttons_work(
        river: DiscordMember, fake: FakeDiscord, app: Runtime) -> None:
    fake.closed_dms.add(MEMBER_ID)
    turn = await river.command("book", where="server")
    assert turn.sent[0].content == escape(DM_CLOSED)
    assert all(s.ephemeral and s.via == "followup" for s in turn.sent)
    assert "automated" in turn.sent[1].content and "Which US state" in turn.sent[2].content

    await river.command("frontdoor", where="server", message="I live in NJ")
    turn = await river.press("Anxiety")  # a button on an ephemeral message in the server
    assert [c.body for c in turn.callbacks] == [{"type": 6}]
    assert "Tuesdays 6:00 PM ET" in turn.text and all(s.ephemeral for s in turn.sent)
    await river.press("Book: Tuesdays")
    assert "You're booked" in river.last.text
    assert fake.public() == []


async def test_ephemeral_buttons_are_not_tracked_in_memory(river: DiscordMember, world: World,
                                                           fake: FakeDiscord) -> None:
    """discord.py times tracked ephemeral views out after 15 minutes, which would unregister
    the fd: DynamicItem template for every message; ours are never tracked."""
    fake.closed_dms.add(MEMBER_ID)
    await river.command("help", where="server")
    store = world.client._connection._view_store
    assert store._synced_message_views == {} and store._views == {}
    assert store._dynamic_items and all(v.__name__ == "FrontdoorButton"
                                        for v in store._dynamic_items.values())


async def test_a_mention_invites_to_dm_and_echoes_nothing(river: DiscordMember,
                                                          fake: FakeDiscord) -> None:
    turn = await river.mention("hi, I have anxiety and want to book a group",
                               message_id=1312477777777777777)
    [public] = fake.public()
    assert public.content == escape(MENTION_SENT)
    assert public.body["message_reference"]["message_id"] == 1312477777777777777
    assert "anxiety" not in public.content.lower()
    dm = [s for s in turn.sent if s.channel_id == fake.dm_channel_id(MEMBER_ID)]
    assert dm and "automated" in dm[0].content  # the conversation starts in DM


async def test_a_mention_in_crisis_gets_resources_in_dm_at_once(river: DiscordMember,
                                                                 fake: FakeDiscord, app: Runtime) -> None:
    turn = await river.mention("i want to kill myself")
    [dm] = [s for s in turn.sent if s.channel_id == fake.dm_channel_id(MEMBER_ID)]
    assert "988" in dm.content and "741741" in dm.content
    [public] = fake.public()
    assert public.content == escape(MENTION_SENT)
    async with app.uow_factory() as uow:
        member = await uow.members.get(f"discord:{MEMBER_ID}")
    assert member is not None and member.at_risk


async def test_a_mention_in_crisis_with_dms_closed_still_gets_resources(
        river: DiscordMember, fake: FakeDiscord) -> None:
    fake.closed_dms.add(MEMBER_ID)
    await river.mention("i want to kill myself")
    [public] = fake.public()
    assert public.content.startswith(escape(MENTION_DM_CLOSED))
    assert "988" in public.content and "741741" in public.content
    assert "kill" not in public.content


async def test_a_closed_dm_mention_without_crisis_says_nothing_more(river: DiscordMember,
                                                                    fake: FakeDiscord) -> None:
    fake.closed_dms.add(MEMBER_ID)
    await river.mention("what are the prices?")
    [public] = fake.public()
    assert public.content == escape(MENTION_DM_CLOSED)


async def test_server_messages_that_do_not_mention_the_bot_are_ignored(
        river: DiscordMember, world: World, fake: FakeDiscord) -> None:
    from tests.discord.fake_discord import payload
    data = payload("message_guild_mention")
    data.update(content="@everyone hello", mentions=[], mention_everyone=True)
    await world.gateway("MESSAGE_CREATE", data)
    bot_message = payload("message_dm")
    bot_message["author"] = dict(bot_message["author"], id=str(BOT_ID), bot=True)
    await world.gateway("MESSAGE_CREATE", bot_message)
    assert fake.sent == []


class SlowCore:
    """The core behind a delay, recording when each turn started (a fake of our port)."""

    def __init__(self, core: Core, delay: float) -> None:
        self.core = core
        self.delay = delay
        self.started: list[float] = []

    async def handle(self, inbound: Inbound) -> Outcome:
        self.started.append(time.perf_counter())
        await asyncio.sleep(self.delay)
        return await self.core.handle(inbound)


async def test_interactions_are_acknowledged_before_the_core_runs(app: Runtime, fake: FakeDiscord) -> None:
    core = SlowCore(app.core, 0.2)
    world = await World.start(core, fake)
    try:
        member = world.member()
        for where in ("server", "dm"):
            turn = await member.command("book", where=where)
            assert turn.callbacks[0].at < core.started[-1]  # deferred first, then the core
            assert turn.sent and all(s.at > core.started[-1] + core.delay for s in turn.sent)
    finally:
        await world.close()


class BrokenStore(FakeStore):
    """A bug below the core: every transaction fails with an unexpected error."""

    def __call__(self) -> FakeUnitOfWork:
        raise RuntimeError("bug")


def BrokenCore() -> Core:  # noqa: N802 - the core over a broken store: its own safety net answers
    return Core(BrokenStore(), FakeClock(), services_for(CoreConfig()))


async def test_a_failing_core_still_answers_and_completes_the_interaction(fake: FakeDiscord) -> None:
    world = await World.start(BrokenCore(), fake)
    try:
        turn = await world.member().command("book", where="dm")
        assert turn.callbacks and "something went wrong" in turn.text and "988" in turn.text
    finally:
        await world.close()


async def test_a_bare_mention_opens_the_menu_in_dm(river: DiscordMember, fake: FakeDiscord) -> None:
    turn = await river.mention("")
    dm = [s for s in turn.sent if s.channel_id == fake.dm_channel_id(MEMBER_ID)]
    assert "Here is what I can help with" in dm[-1].content and "Book a seat" in dm[-1].labels
    assert [s.content for s in fake.public()] == [escape(MENTION_SENT)]


async def test_a_mention_delivered_twice_is_answered_once(river: DiscordMember,
                                                          fake: FakeDiscord) -> None:
    await river.mention("what are the prices?")
    await river.replay()
    assert len(fake.public()) == 1


async def test_no_message_text_reaches_any_log_even_at_debug(
        river: DiscordMember, fake: FakeDiscord, caplog: pytest.LogCaptureFixture) -> None:
    configure_logging("DEBUG")
    caplog.set_level(logging.DEBUG)
    words = "zebracorn"
    await river.dm(f"I am in New Jersey and {words} feels hopeless")
    await river.mention(f"{words} group please")
    await river.command("frontdoor", where="server", message=f"{words} prices")
    await river.press_custom_id(f"fd:sessions:{words}", on=river.seen[-1])
    fake.closed_dms.add(MEMBER_ID)
    await river.mention(f"{words} again")
    fake.fail_next("POST /webhooks/{webhook_id}/{webhook_token}", http_error(500))
    await river.command("frontdoor", where="dm", message=f"{words} once more")
    logged = "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records)
    assert words not in logged and "New Jersey" not in logged
    assert "frontdoor.core" in logged  # the core's turn lines are there, without text
    assert "could not send by dm: HTTP 403 (code 50007)" in logged
    assert "could not send by followup: HTTP 500" in logged


async def test_a_failed_follow_up_falls_back_to_the_dm_channel(river: DiscordMember,
                                                               fake: FakeDiscord) -> None:
    fake.fail_next("POST /webhooks/{webhook_id}/{webhook_token}", http_error(500))
    turn = await river.command("help")
    assert [s.via for s in turn.sent] == ["channel", "channel"]  # consent notice, then the menu
    assert "Here is what I can help with" in turn.sent[-1].content


async def test_an_expired_interaction_is_answered_by_dm(river: DiscordMember, fake: FakeDiscord) -> None:
    fake.fail_next("POST /interactions/{webhook_id}/{webhook_token}/callback",
                   http_error(404, 10062, "Unknown interaction"))
    turn = await river.command("book", where="server")
    assert turn.sent and all(s.channel_id == fake.dm_channel_id(MEMBER_ID) for s in turn.sent)
    assert "Which US state" in turn.text and fake.public() == []
