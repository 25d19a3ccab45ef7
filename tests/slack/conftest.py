"""Fixtures: a fake Slack Web API, and the Slack front door running in HTTP mode on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from adapters.settings import SlackSettings
from adapters.slack.main import Options, SlackFrontDoor
from tests.slack.fake_slack import FakeSlack
from tests.slack.harness import SECRET, STAFF_CHANNEL, STAFF_USER, SlackHarness

TEST_OPTIONS = Options(host="127.0.0.1", relay_interval=0.05, relay_base_backoff=0.05,
                       relay_max_backoff=0.2, api_backoff_factor=0.01, drain_seconds=5)


def slack_settings(fake: FakeSlack, **overrides: object) -> SlackSettings:
    values: dict[str, object] = dict(slack_bot_token=fake.token, slack_app_token=None,
                                     slack_signing_secret=SECRET, slack_api_url=fake.url,
                                     slack_staff_channel=STAFF_CHANNEL, slack_command="/frontdoor",
                                     staff_user_ids=STAFF_USER)
    values.update(overrides)
    return SlackSettings(_env_file=None, **values)  # type: ignore[arg-type, call-arg]


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    slack = FakeSlack()
    slack.set_channel(STAFF_CHANNEL, is_private=True, is_member=True)
    await slack.start()
    yield slack
    await slack.stop()


@pytest.fixture
async def slack(fake: FakeSlack, db_url: str) -> AsyncIterator[SlackHarness]:
    door = SlackFrontDoor(slack_settings(fake), port=0, database_url=db_url, options=TEST_OPTIONS)
    await door.start()
    fake.calls.clear()  # start-up calls (auth.test, conversations.info) are tested on their own
    try:
        async with aiohttp.ClientSession() as session:
            yield SlackHarness(door, fake, session)
    finally:
        await door.stop()
