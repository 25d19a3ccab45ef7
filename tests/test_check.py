"""`frontdoor check` against a good and a broken set-up (fake Slack Web API, fake Discord edge)."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.check import report, run_checks
from adapters.settings import CheckSettings
from storage.engine import create_engine
from storage.migrate import migrate
from tests.discord.fake_discord import STAFF_CHANNEL_ID, FakeDiscord
from tests.discord.world import TOKEN as DISCORD_TOKEN
from tests.jsonl_process import FRONTDOOR, ROOT, clean_env
from tests.slack.fake_slack import FakeSlack
from tests.slack.harness import SECRET, STAFF_CHANNEL

NAMES = ["settings", "database", "migrations", "content", "slack", "discord"]


@pytest.fixture
async def slack_api() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack()
    fake.set_channel(STAFF_CHANNEL, is_private=True, is_member=True)
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def migrated(db_url: str) -> str:
    engine = create_engine(db_url)
    await migrate(engine)
    await engine.dispose()
    return db_url


def full_settings(slack: FakeSlack, **overrides: object) -> CheckSettings:
    values: dict[str, object] = dict(
        slack_bot_token=slack.token, slack_signing_secret=SECRET, slack_api_url=slack.url,
        slack_staff_channel=STAFF_CHANNEL, discord_token=DISCORD_TOKEN,
        discord_staff_channel_id=STAFF_CHANNEL_ID)
    values.update(overrides)
    return CheckSettings(_env_file=None, **values)  # type: ignore[arg-type, call-arg]


def lines_of(results: list) -> tuple[int, list[str]]:  # type: ignore[type-arg]
    out = io.StringIO()
    code = report(results, out)
    return code, out.getvalue().splitlines()


async def test_a_good_set_up_passes_every_check(migrated: str, slack_api: FakeSlack) -> None:
    discord = FakeDiscord()
    code, lines = lines_of(await run_checks(migrated, settings=full_settings(slack_api),
                                            discord_hook=discord.install))
    assert [line.split(":")[0].split()[1] for line in lines] == NAMES
    assert all(line.startswith("ok   ") for line in lines), lines
    assert code == 0
    assert "auth.test" in {c.method for c in slack_api.calls}


async def test_a_broken_set_up_fails_with_one_line_per_problem(db_url: str, slack_api: FakeSlack,
                                                               tmp_path: Path) -> None:
    discord = FakeDiscord()
    discord.token_ok = False
    slack_api.set_channel(STAFF_CHANNEL, is_private=False, is_member=True)
    code, lines = lines_of(await run_checks(db_url, settings=full_settings(slack_api),
                                            discord_hook=discord.install))
    assert code == 1
    by_name = {line.split(":")[0].split()[1]: line for line in lines}
    assert by_name["settings"].startswith("ok")
    assert by_name["migrations"].startswith("FAIL") and "frontdoor migrate" in by_name["migrations"]
    assert by_name["slack"].startswith("FAIL") and "PUBLIC" in by_name["slack"]
    assert by_name["discord"] == "FAIL discord: DISCORD_TOKEN was rejected by Discord"
    wrong = full_settings(slack_api, slack_bot_token="xoxb-wrong", discord_token=None)
    code, lines = lines_of(await run_checks(f"sqlite+aiosqlite:///{tmp_path}/none.db", settings=wrong))
    by_name = {line.split(":")[0].split()[1]: line for line in lines}
    assert "SLACK_BOT_TOKEN: Slack rejected it" in by_name["slack"]
    assert by_name["discord"] == "skip discord: DISCORD_TOKEN not set"
    assert "does not exist" in by_name["database"] and not (tmp_path / "none.db").exists()


async def test_the_cli_exits_0_when_healthy_and_1_when_not(migrated: str, slack_api: FakeSlack) -> None:
    async def check(*args: str, **env: str) -> tuple[int, list[str]]:
        proc = await asyncio.create_subprocess_exec(
            str(FRONTDOOR), "check", *args, cwd=ROOT, env=clean_env(**env),
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, _ = await asyncio.wait_for(proc.communicate(), timeout=120)
        return proc.returncode or 0, out.decode().splitlines()

    code, lines = await check("--db", migrated, SLACK_BOT_TOKEN=slack_api.token, SLACK_API_URL=slack_api.url,
                              SLACK_SIGNING_SECRET=SECRET, SLACK_STAFF_CHANNEL=STAFF_CHANNEL)
    assert code == 0, lines
    assert len(lines) == 6 and lines[4].startswith("ok   slack:")
    code, lines = await check("--db", "postgresql+asyncpg://nobody@127.0.0.1:1/none")
    assert code == 1
    assert lines[1] == ("FAIL database: --db: cannot reach the database (ConnectionRefusedError); "
                        "is it running?")
    code, lines = await check(RATE_LIMIT_PER_MINUTE="lots")
    assert code == 1 and lines[0].startswith("FAIL settings: RATE_LIMIT_PER_MINUTE")
