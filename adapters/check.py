"""``frontdoor check``: is this set-up ready to run? One line per check, exit code 0 or 1.

Checks, in order: settings valid; database reachable; database migrated to this code's
head (``check`` never migrates); content valid (knowledge base, crisis phrases, demo
schedule); and, for each platform whose token is set, the token accepted by the
platform and the staff channel usable. A platform without a token is skipped.
Nothing here prints a token, a password or any member data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TextIO

import discord
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from slack_sdk.errors import SlackApiError
from sqlalchemy import text
from sqlalchemy.engine import Connection

from adapters.settings import CheckSettings, SettingsError, load_settings
from adapters.wiring import ContentError, database_problem, load_content, open_engine
from storage.migrate import alembic_config
from storage.seed import ScheduleError, load_schedule

Status = Literal["ok", "FAIL", "skip"]
DiscordHook = Callable[[discord.Client], None]


@dataclass(frozen=True, slots=True)
class Result:
    status: Status
    name: str
    detail: str

    def line(self) -> str:
        return f"{self.status:<4} {self.name}: {self.detail}"


def _revisions(connection: Connection) -> tuple[set[str], set[str]]:
    current = set(MigrationContext.configure(connection).get_current_heads())
    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    return current, heads


async def check_database(url: str, source: str) -> list[Result]:
    try:
        engine = open_engine(url, source)
        sqlite_file = engine.url.database if engine.dialect.name == "sqlite" else None
        if sqlite_file and sqlite_file != ":memory:" and not Path(sqlite_file).exists():
            await engine.dispose()
            raise SettingsError(f"{source}: the SQLite file {sqlite_file} does not exist; "
                                "run `frontdoor migrate` to create it")
    except SettingsError as error:
        return [Result("FAIL", "database", str(error)), Result("skip", "migrations", "no database")]
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
            current, heads = await conn.run_sync(_revisions)
    except Exception as error:
        problem = database_problem(error) or f"unexpected error ({type(error).__name__})"
        return [Result("FAIL", "database", f"{source}: {problem}"),
                Result("skip", "migrations", "no database")]
    finally:
        await engine.dispose()
    where = f"{engine.dialect.name} reachable"
    if current == heads:
        return [Result("ok", "database", where),
                Result("ok", "migrations", f"at {', '.join(sorted(heads))} (latest)")]
    have = ", ".join(sorted(current)) or "none"
    return [Result("ok", "database", where),
            Result("FAIL", "migrations", f"database at {have}, this version needs "
                   f"{', '.join(sorted(heads))}: run `frontdoor migrate`")]


def check_content() -> Result:
    try:
        load_content()
        groups = load_schedule()
    except (ContentError, ScheduleError) as error:
        return Result("FAIL", "content", str(error))
    return Result("ok", "content", f"knowledge base, crisis phrases and schedule ({len(groups)} groups) valid")


async def check_slack(settings: CheckSettings) -> Result:
    import aiohttp

    from adapters.slack.client import failure, make_client
    from adapters.slack.startup import identify, staff_channel_problem

    if not settings.slack_bot_token:
        return Result("skip", "slack", "SLACK_BOT_TOKEN not set")
    try:
        slack = settings.slack()
        mode, base = slack.mode, slack.slack_api_url
        async with aiohttp.ClientSession() as session:
            client = make_client(slack.slack_bot_token, base, session, backoff_factor=0.1)
            identity = await identify(client, base)
            if slack.slack_app_token is not None:
                try:
                    await make_client(slack.slack_app_token, base, session).apps_connections_open(
                        app_token=slack.slack_app_token)
                except SlackApiError as error:
                    return Result("FAIL", "slack", f"SLACK_APP_TOKEN: Slack rejected it ({failure(error).reason})")
            problem = await staff_channel_problem(client, slack.slack_staff_channel)
    except SettingsError as error:
        return Result("FAIL", "slack", str(error))
    if problem:
        return Result("FAIL", "slack", problem)
    return Result("ok", "slack", f"bot token accepted (bot user {identity.user_id}), {mode} mode, "
                  "staff channel private")


async def check_discord(settings: CheckSettings, hook: DiscordHook | None = None) -> Result:
    from adapters.discord.delivery import SEND_ERRORS, describe

    if not settings.discord_token:
        return Result("skip", "discord", "DISCORD_TOKEN not set")
    if settings.discord_staff_channel_id is None:
        return Result("FAIL", "discord", "DISCORD_STAFF_CHANNEL_ID is not set")
    client = discord.Client(intents=discord.Intents.none())
    if hook is not None:
        hook(client)
    try:
        await client.login(settings.discord_token)
        user = client.user
        try:
            await client.fetch_channel(settings.discord_staff_channel_id)
        except discord.HTTPException as error:
            return Result("FAIL", "discord", f"DISCORD_STAFF_CHANNEL_ID {settings.discord_staff_channel_id} "
                          f"cannot be read by the bot ({describe(error)})")
    except discord.LoginFailure:
        return Result("FAIL", "discord", "DISCORD_TOKEN was rejected by Discord")
    except SEND_ERRORS as error:
        return Result("FAIL", "discord", f"cannot reach Discord ({describe(error)})")
    finally:
        await client.close()
    return Result("ok", "discord", f"bot token accepted (bot user {user.id if user else '?'}), "
                  "staff channel readable")


async def run_checks(database_url: str | None = None, *, settings: CheckSettings | None = None,
                     discord_hook: DiscordHook | None = None) -> list[Result]:
    if settings is None:
        try:
            settings = load_settings(CheckSettings)
        except SettingsError as error:
            return [Result("FAIL", "settings", str(error))] + [
                Result("skip", name, "settings invalid")
                for name in ("database", "migrations", "content", "slack", "discord")]
    results = [Result("ok", "settings", "valid")]
    source = "--db" if database_url else "DATABASE_URL"
    results += await check_database(database_url or settings.database_url, source)
    results.append(check_content())
    results.append(await check_slack(settings))
    results.append(await check_discord(settings, discord_hook))
    return results


def report(results: list[Result], out: TextIO) -> int:
    for result in results:
        out.write(result.line() + "\n")
    out.flush()
    return 1 if any(r.status == "FAIL" for r in results) else 0
