"""Mentions in channels (answered privately), the slash command, and the App Home tab."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import aiohttp
import pytest

from adapters.slack.main import SlackFrontDoor
from tests.slack.conftest import TEST_OPTIONS, slack_settings
from tests.slack.fake_slack import FakeSlack
from tests.slack.harness import SlackHarness, payload
from tests.slack.test_dm_conversation import book_anxiety

MEMBER = "U0MEMBER1"
CHANNEL = "C0GENERAL"


def channel_calls(slack: SlackHarness, channel: str = CHANNEL) -> list[tuple[str, dict[str, object]]]:
    return [(c.method, c.params) for c in slack.fake.calls if c.params.get("channel") == channel]


async def test_a_public_mention_is_answered_privately_and_continues_in_dm(slack: SlackHarness) -> None:
    words = "I feel anxious at work and want to join a group"
    answer = await slack.mention(MEMBER, f"<@UBOT> {words}")
    assert answer.status == 200
    [(method, params)] = channel_calls(slack)
    assert method == "chat.postEphemeral" and params["user"] == MEMBER
    assert "I've sent you a direct message so this stays private" in str(params["text"])
    assert "anxious" not in json.dumps(params)
    assert slack.fake.posts(CHANNEL) == []
    dm = slack.dm_text(MEMBER, last=5)
    assert "automated" in dm  # the conversation carries on in the DM
    assert slack.fake.called("conversations.open")[0].params["users"] == MEMBER


async def test_a_bare_mention_opens_the_menu_in_dm(slack: SlackHarness) -> None:
    await slack.mention(MEMBER, "<@UBOT>")
    assert "Here is what I can help with" in slack.dm_text(MEMBER)
    assert slack.find_button(MEMBER, "Book a seat")["value"] == "fd:groups"


async def test_a_crisis_mention_gets_resources_privately_in_the_channel_and_in_dm(slack: SlackHarness) -> None:
    await slack.mention(MEMBER, "<@UBOT> I want to end my life")
    [(method, params)] = channel_calls(slack)
    assert method == "chat.postEphemeral"
    assert "988" in str(params["text"]) and "741741" in str(params["text"])
    assert "end my life" not in str(params["text"])
    assert "988" in slack.dm_text(MEMBER)
    assert slack.fake.posts(CHANNEL) == []


async def test_a_mention_delivered_twice_is_answered_once(slack: SlackHarness) -> None:
    body = payload("app_mention")
    for attempt in range(2):
        assert (await slack.send_json(body, retry=attempt or None)).status == 200
    await slack.settle()
    assert len(slack.fake.called("chat.postEphemeral")) == 1


async def test_slash_command_acks_privately_and_continues_in_dm(slack: SlackHarness) -> None:
    answer = await slack.command(MEMBER, "book")
    assert answer.status == 200
    assert json.loads(answer.text) == {"text": "I've sent you a direct message so we can talk privately.",
                                       "response_type": "ephemeral"}
    assert "Which US state" in slack.dm_text(MEMBER)  # `book` -> fd:groups, which asks where first
    assert slack.fake.posts("C0GENERAL") == []

    await slack.command(MEMBER, "help")
    assert "Here is what I can help with" in slack.dm_text(MEMBER)
    await slack.command(MEMBER, "")
    assert "Here is what I can help with" in slack.dm_text(MEMBER)
    await slack.command(MEMBER, "how much does it cost?")
    assert "$35" in slack.dm_text(MEMBER)


@pytest.fixture
async def renamed(fake: FakeSlack, db_url: str) -> AsyncIterator[SlackHarness]:
    door = SlackFrontDoor(slack_settings(fake, slack_command="/therapy-help"), port=0, database_url=db_url,
                          options=TEST_OPTIONS)
    async with door, aiohttp.ClientSession() as session:
        yield SlackHarness(door, fake, session)


async def test_the_slash_command_name_is_configurable(renamed: SlackHarness) -> None:
    answer = await renamed.command(MEMBER, "help", command="/therapy-help")
    assert answer.status == 200
    assert "Here is what I can help with" in renamed.dm_text(MEMBER)


async def test_app_home_shows_what_the_bot_does_and_the_members_bookings(slack: SlackHarness) -> None:
    ref = await book_anxiety(slack)
    await slack.open_home(MEMBER)
    [publish] = slack.fake.called("views.publish")
    assert publish.params["user_id"] == MEMBER
    view = publish.params["view"]
    assert view["type"] == "home"
    shown = json.dumps(view)
    assert "automated assistant" in shown and ref in shown and "Anxiety group" in shown
    [cancel] = slack.buttons(view["blocks"])
    assert cancel["value"] == f"fd:cancel:{ref}" and cancel["text"]["text"] == "Cancel Anxiety group, Tue"

    press = payload("block_actions_home")
    press["actions"][0].update(action_id=cancel["action_id"], value=cancel["value"])
    assert (await slack.send_form({"payload": json.dumps(press)})).status == 200
    await slack.settle()
    assert "Cancel your seat in Anxiety group" in slack.dm_text(MEMBER)  # the answer goes to the DM


async def test_app_home_for_a_new_member_and_the_messages_tab(slack: SlackHarness) -> None:
    await slack.open_home("U0NEWBIE")
    [publish] = slack.fake.called("views.publish")
    assert "You don't have any bookings yet." in json.dumps(publish.params["view"])
    messages_tab = payload("app_home_opened")
    messages_tab["event"]["tab"] = "messages"
    assert (await slack.send_json(messages_tab)).status == 200
    await slack.settle()
    assert len(slack.fake.called("views.publish")) == 1
