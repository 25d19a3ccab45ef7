"""Ack first (Slack's 3-second rule) even when Slack's own API is slow; and no message text in logs."""

from __future__ import annotations

import json
import logging

import pytest

from tests.slack.harness import SlackHarness, event_body

MEMBER = "U0MEMBER1"


async def test_requests_are_acknowledged_before_the_slow_work(slack: SlackHarness) -> None:
    slack.fake.slow("chat.postMessage", 1.5)
    slack.fake.slow("conversations.open", 0.5)
    dm = await slack.dm(MEMBER, "hi", settle=False)
    press = await slack.send_form({"payload": json.dumps(slack.action_body(MEMBER, "fd:menu"))})
    command = await slack.send_form({"user_id": MEMBER, "command": "/frontdoor", "text": "help",
                                     "trigger_id": "1.2.abc", "channel_id": "C0GENERAL"})
    home = await slack.send_json(event_body("app_home_opened", user=MEMBER))
    for answer in (dm, press, command, home):
        assert answer.status == 200
        assert answer.seconds < 1.0, answer  # each reply takes Slack 1.5 s to accept
    assert slack.door.inflight.count > 0
    await slack.settle()
    assert len(slack.dm_posts(MEMBER)) >= 3


async def test_no_message_text_reaches_any_log_even_at_debug(
        slack: SlackHarness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    words = "zebracorn"
    await slack.dm(MEMBER, f"I am in New Jersey and {words} feels hopeless")
    await slack.mention(MEMBER, f"<@UBOT> {words} group please")
    await slack.command(MEMBER, f"{words} prices")
    await slack.press_action(MEMBER, f"fd:sessions:{words}")
    slack.fake.fail("chat.postMessage", 200, error="channel_not_found")
    await slack.dm(MEMBER, f"{words} again")
    logged = "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records)
    assert words not in logged
    assert "frontdoor.core" in logged  # the core's turn log lines are there, without text
    assert "slack reply failed member=M-" in logged and "slack: channel_not_found" in logged
