"""Starting up: settings checks (one clear line), the staff channel warning, and Socket Mode."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from adapters.settings import SettingsError
from adapters.slack.main import SlackFrontDoor
from adapters.slack.startup import staff_channel_problem
from tests.slack.conftest import TEST_OPTIONS, slack_settings
from tests.slack.fake_slack import FakeSlack
from tests.slack.harness import STAFF_CHANNEL, event_body, payload

ROOT = Path(__file__).resolve().parents[2]
MEMBER = "U0MEMBER1"


@pytest.mark.parametrize(("overrides", "named"), [
    ({"slack_bot_token": None}, "SLACK_BOT_TOKEN is not set"),
    ({"slack_bot_token": "xoxp-user-token"}, "SLACK_BOT_TOKEN: must be a bot token"),
    ({"slack_signing_secret": None},
     "SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) is not set"),
    ({"slack_app_token": "xoxb-wrong-kind"}, "SLACK_APP_TOKEN: must be an app-level token"),
    ({"slack_staff_channel": None}, "SLACK_STAFF_CHANNEL is not set"),
    ({"slack_command": "frontdoor"}, "SLACK_COMMAND: must be a slash command"),
    ({"slack_api_url": "slack.com/api"}, "SLACK_API_URL: must be an http(s) URL"),
])
def test_missing_or_malformed_settings_stop_with_one_line_naming_the_variable(
        fake: FakeSlack, overrides: dict[str, object], named: str) -> None:
    with pytest.raises(SettingsError) as raised:
        SlackFrontDoor(slack_settings(fake, **overrides), port=0)
    assert str(raised.value).startswith(named) and "\n" not in str(raised.value)


def test_socket_mode_needs_no_signing_secret(fake: FakeSlack) -> None:
    door = SlackFrontDoor(slack_settings(fake, slack_app_token=fake.app_token, slack_signing_secret=None))
    assert door.mode == "socket"
    assert SlackFrontDoor(slack_settings(fake)).mode == "http"


def test_the_cli_prints_one_line_and_exits_2_without_tokens(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "STAFF_"))}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run([sys.executable, "-m", "adapters.cli", "slack", "--port", "0"], cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "frontdoor: SLACK_BOT_TOKEN, SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) "
        "and SLACK_STAFF_CHANNEL are not set: add them to the environment or .env (see .env.example)"]


def test_only_a_bot_token_names_everything_missing_and_both_ways_to_connect(tmp_path: Path) -> None:
    """Before: it asked for the signing secret alone and never mentioned SLACK_APP_TOKEN."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "STAFF_"))}
    env.update(PYTHONPATH=str(ROOT), SLACK_BOT_TOKEN="xoxb-1-2-abc")
    result = subprocess.run([sys.executable, "-m", "adapters.cli", "slack", "--port", "0"], cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "frontdoor: SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) and "
        "SLACK_STAFF_CHANNEL are not set: add them to the environment or .env (see .env.example)"]


async def test_a_rejected_token_or_unreachable_api_stops_start_up(fake: FakeSlack, db_url: str) -> None:
    with pytest.raises(SettingsError, match=r"^SLACK_BOT_TOKEN: Slack rejected it \(slack: invalid_auth\)$"):
        await SlackFrontDoor(slack_settings(fake, slack_bot_token="xoxb-revoked"), port=0, database_url=db_url,
                             options=TEST_OPTIONS).start()
    with pytest.raises(SettingsError, match=r"^SLACK_API_URL: cannot reach the Slack Web API"):
        await SlackFrontDoor(slack_settings(fake, slack_api_url="http://127.0.0.1:9/api"), port=0,
                             database_url=db_url, options=TEST_OPTIONS).start()


@pytest.mark.parametrize(("channel", "private", "member", "expected"), [
    (STAFF_CHANNEL, True, True, None),
    (STAFF_CHANNEL, False, True, "is PUBLIC"),
    (STAFF_CHANNEL, True, False, "the bot is not a member"),
    ("C0UNKNOWN", True, True, "the bot cannot see this channel"),
])
async def test_the_staff_channel_check(fake: FakeSlack, channel: str, private: bool, member: bool,
                                       expected: str | None) -> None:
    fake.set_channel(STAFF_CHANNEL, is_private=private, is_member=member)
    problem = await staff_channel_problem(AsyncWebClient(token=fake.token, base_url=fake.url), channel)
    if expected is None:
        assert problem is None
    else:
        assert problem is not None and expected in problem and fake.token not in problem


async def test_start_up_warns_in_one_line_when_the_staff_channel_is_public(
        fake: FakeSlack, db_url: str, caplog: pytest.LogCaptureFixture) -> None:
    fake.set_channel(STAFF_CHANNEL, is_private=False, is_member=False)
    caplog.set_level(logging.INFO)
    async with SlackFrontDoor(slack_settings(fake), port=0, database_url=db_url, options=TEST_OPTIONS):
        pass
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [f"SLACK_STAFF_CHANNEL {STAFF_CHANNEL}: is PUBLIC: staff notices name members, so use "
                        "a private channel; the bot is not a member: invite it (/invite @frontdoor) or "
                        "notices will fail"]
    assert [c.method for c in fake.calls[:2]] == ["auth.test", "conversations.info"]


async def test_socket_mode_acks_envelopes_and_replies_in_dm(fake: FakeSlack, db_url: str) -> None:
    settings = slack_settings(fake, slack_app_token=fake.app_token, slack_signing_secret=None)
    async with SlackFrontDoor(settings, port=0, database_url=db_url, options=TEST_OPTIONS) as door:
        assert door.port is None  # no HTTP server in Socket Mode
        envelope = await fake.push("events_api", event_body("message_im", user=MEMBER, text="hi"))
        await asyncio.wait_for(envelope.acked.wait(), timeout=5)
        assert envelope.ack == {"envelope_id": envelope.envelope_id}
        await fake.wait_for(lambda: len(fake.posts(f"D{MEMBER}")) == 2)
        assert "What would you like to do?" in fake.posts(f"D{MEMBER}")[-1]["text"]

        redelivered = await fake.push("events_api", json.loads(json.dumps(envelope.payload)))
        await asyncio.wait_for(redelivered.acked.wait(), timeout=5)
        await door.inflight.wait_idle(5)
        assert len(fake.posts(f"D{MEMBER}")) == 2  # Socket Mode redelivery: deduplicated

        action = payload("block_actions")
        action["actions"][0].update(action_id="fd:mine", value="fd:mine")
        pressed = await fake.push("interactive", action)
        await asyncio.wait_for(pressed.acked.wait(), timeout=5)
        await fake.wait_for(lambda: "You don't have any bookings yet." in fake.posts(f"D{MEMBER}")[-1]["text"])

        command = payload("slash_command") | {"text": "help"}
        commanded = await fake.push("slash_commands", command)
        await asyncio.wait_for(commanded.acked.wait(), timeout=5)
        assert commanded.ack is not None and commanded.ack["payload"]["response_type"] == "ephemeral"
        await fake.wait_for(lambda: "Here is what I can help with" in fake.posts(f"D{MEMBER}")[-1]["text"])
    assert [c.method for c in fake.calls[:3]] == ["auth.test", "conversations.info", "apps.connections.open"]
