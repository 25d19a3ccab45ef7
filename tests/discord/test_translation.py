"""Translation both ways, from recorded payloads: Discord event -> Inbound -> core -> Discord JSON.

The core here is a recording fake of our own port; everything Discord-side is the real
discord.py parsing the recorded payloads and building the real request bodies.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.messages import Button, Inbound, MemberKey, Outcome, Reply
from tests.discord.fake_discord import FakeDiscord, payload
from tests.discord.world import World

MEMBER = MemberKey("discord", "1099887766554433221")
DM_CHANNEL = 1299887766554433001


class RecordingCore:
    """A fake core: records what it was handed and answers with one reply and two buttons."""

    def __init__(self) -> None:
        self.seen: list[Inbound] = []

    async def handle(self, inbound: Inbound) -> Outcome:
        self.seen.append(inbound)
        return Outcome((Reply("Pick *one*:", (Button("Book a seat", "fd:groups", "primary"),
                                              Button("Cancel", "fd:cancel:FD-ABCDEF", "danger"))),),
                       intent="test")


@pytest.fixture
async def recorded(fake: FakeDiscord) -> AsyncIterator[tuple[World, RecordingCore]]:
    core = RecordingCore()
    world = await World.start(core, fake)
    fake.dm_users[DM_CHANNEL] = int(MEMBER.user_id)
    yield world, core
    await world.close()


async def test_a_dm_becomes_a_direct_text_turn_and_the_reply_a_dm_with_buttons(
        recorded: tuple[World, RecordingCore], fake: FakeDiscord) -> None:
    world, core = recorded
    await world.gateway("MESSAGE_CREATE", payload("message_dm"))
    assert core.seen == [Inbound(MEMBER, text="hi", event_id="discord:1312345678901234567",
                                 display_name="River", channel="direct")]
    [call] = [c for c in fake.calls if c.method == "POST"]
    assert call.url == f"/channels/{DM_CHANNEL}/messages"
    assert call.body is not None
    assert call.body["content"] == "Pick \\*one\\*:"
    assert call.body["allowed_mentions"] == {"parse": []}
    assert call.body["components"] == [{"type": 1, "components": [
        {"type": 2, "style": 1, "label": "Book a seat", "disabled": False, "custom_id": "fd:groups"},
        {"type": 2, "style": 4, "label": "Cancel", "disabled": False,
         "custom_id": "fd:cancel:FD-ABCDEF"}]}]


async def test_a_mention_becomes_a_public_text_turn_without_the_bot_mention(
        recorded: tuple[World, RecordingCore], fake: FakeDiscord) -> None:
    world, core = recorded
    await world.gateway("MESSAGE_CREATE", payload("message_guild_mention"))
    assert core.seen == [Inbound(MEMBER, text="hi, how do I join a group?",
                                 event_id="discord:1312345678901239999", display_name="River",
                                 channel="public")]
    posts = [c for c in fake.calls if c.method == "POST"]
    assert [c.url for c in posts] == ["/users/@me/channels", f"/channels/{DM_CHANNEL}/messages",
                                      "/channels/1187654321098765440/messages"]
    assert posts[0].body == {"recipient_id": 1099887766554433221}


async def test_a_server_slash_command_becomes_an_action_and_answers_privately(
        recorded: tuple[World, RecordingCore], fake: FakeDiscord) -> None:
    world, core = recorded
    await world.gateway("INTERACTION_CREATE", payload("interaction_command_guild"))
    assert core.seen == [Inbound(MEMBER, action="fd:groups", event_id="discord:1312345678912345678",
                                 display_name="River", channel="direct")]
    callback = next(c for c in fake.calls if c.method != "GET")  # after logging in: the ack first
    assert callback.path.endswith("/callback")
    assert callback.url.startswith("/interactions/1312345678912345678/")
    assert callback.body == {"type": 5, "data": {"flags": 64}}
    followup = [c for c in fake.calls if c.path.startswith("/webhooks")]
    assert len(followup) == 1 and followup[0].body is not None
    assert followup[0].body["flags"] == 64 and followup[0].query == {"wait": 1, "with_components": 0}


async def test_a_dm_slash_command_carries_the_replies_in_its_follow_up(
        recorded: tuple[World, RecordingCore], fake: FakeDiscord) -> None:
    world, core = recorded
    await world.gateway("INTERACTION_CREATE", payload("interaction_command_dm"))
    assert core.seen[0].action == "fd:mine" and core.seen[0].event_id == "discord:1312345678912345700"
    [followup] = [c for c in fake.calls if c.path.startswith("/webhooks")]
    assert followup.body is not None and "flags" not in followup.body
    assert followup.body["components"][0]["components"][0]["custom_id"] == "fd:groups"


async def test_a_recorded_button_press_is_rebuilt_from_its_custom_id(
        recorded: tuple[World, RecordingCore], fake: FakeDiscord) -> None:
    world, core = recorded
    await world.gateway("INTERACTION_CREATE", payload("interaction_button_dm"))
    assert core.seen == [Inbound(MEMBER, action="fd:groups", event_id="discord:1312345678912345800",
                                 display_name="River", channel="direct")]
    assert fake.callbacks[0].body == {"type": 6}


async def test_a_slash_command_with_a_message_is_text(recorded: tuple[World, RecordingCore]) -> None:
    world, core = recorded
    data = payload("interaction_command_dm")
    data["data"] = {"id": "1283746501928375003", "name": "frontdoor", "type": 1,
                    "options": [{"name": "message", "type": 3, "value": "I live in NJ"}]}
    await world.gateway("INTERACTION_CREATE", data)
    assert core.seen[0].text == "I live in NJ" and core.seen[0].action is None
