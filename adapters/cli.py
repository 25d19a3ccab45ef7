"""The `frontdoor` command: chat, slack, discord, migrate, check.

Its own imports are the standard library's: the commands that serve members first start the
start-up cache's helpers (``adapters/warm_start.py``), which then work on the other core
while this process imports the rest (about 0.7 s).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Callable, Coroutine, Sequence
from typing import TYPE_CHECKING, Any

from adapters import warm_start

if TYPE_CHECKING:
    from adapters.clock import ManualClock
    from adapters.settings import Settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="frontdoor", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    chat = commands.add_parser("chat", help="talk to the bot in this terminal")
    chat.add_argument("--jsonl", action="store_true", help="JSON-lines machine mode")
    chat.add_argument("--db", help="database URL (overrides DATABASE_URL)")
    chat.add_argument("--staff", action="append", default=[], metavar="ID",
                      help="treat this console user id as staff (repeatable)")
    chat.add_argument("--user", default="me", help="your console user id (interactive mode)")
    chat.add_argument("--clock", metavar="ISO", help="JSON-lines mode: start a manual clock at this "
                      "instant (e.g. 2027-01-04T12:00:00Z), moved by {\"clock\": ...} lines")

    slack = commands.add_parser("slack", help="run the Slack front door")
    slack.add_argument("--port", type=int, default=3000, help="HTTP port (when not in Socket Mode)")
    slack.add_argument("--db", help="database URL (overrides DATABASE_URL)")

    discord = commands.add_parser("discord", help="run the Discord front door")
    discord.add_argument("--invite-url", action="store_true", help="print the bot's invite URL and exit")
    discord.add_argument("--db", help="database URL (overrides DATABASE_URL)")

    migrate = commands.add_parser("migrate", help="apply database migrations and seed the schedule")
    migrate.add_argument("--db", help="database URL (overrides DATABASE_URL)")

    schedule = commands.add_parser("schedule", help="apply or export the group schedule (YAML)")
    steps = schedule.add_subparsers(dest="step", required=True)
    apply = steps.add_parser("apply", help="make the database match a schedule file")
    apply.add_argument("file", help="the schedule file (YAML)")
    apply.add_argument("--db", help="database URL (overrides DATABASE_URL)")
    apply.add_argument("--dry-run", action="store_true", help="print what would change; change nothing")
    export = steps.add_parser("export", help="print the current schedule in the file format")
    export.add_argument("--db", help="database URL (overrides DATABASE_URL)")
    check = commands.add_parser("check", help="health check: settings, database, migrations, content, "
                                "platform tokens; one line each, exit 0 when all pass")
    check.add_argument("--db", help="database URL (overrides DATABASE_URL)")
    return parser


async def _chat(settings: Settings, args: argparse.Namespace) -> None:
    from adapters.console import interactive, jsonl
    from adapters.wiring import build_console

    clock = manual_clock(args.clock) if args.clock is not None else None
    app = await build_console(settings, database_url=args.db, extra_staff=tuple(args.staff), clock=clock)
    try:
        if args.jsonl:
            await jsonl.run(app, clock=clock)
        else:
            await interactive.run(app, user=args.user)
    finally:
        await app.close()


def manual_clock(raw: str) -> ManualClock:
    from adapters.clock import ClockError, ManualClock, parse_instant
    from adapters.settings import SettingsError

    try:
        return ManualClock(parse_instant(raw))
    except ClockError as error:
        raise SettingsError(f"--clock: {error}") from None


async def _migrate(settings: Settings, args: argparse.Namespace) -> None:
    from adapters.wiring import build_console

    app = await build_console(settings, database_url=args.db)
    await app.close()
    print("frontdoor: database is up to date")


async def _slack(settings: Settings, args: argparse.Namespace) -> None:
    from adapters.settings import SlackSettings
    from adapters.slack.main import run_slack

    assert isinstance(settings, SlackSettings)  # settings_model() chose it
    await run_slack(settings, port=args.port, database_url=args.db)


async def _discord(settings: Settings, args: argparse.Namespace) -> None:
    from adapters.discord.main import run_discord
    from adapters.settings import InviteSettings

    assert isinstance(settings, InviteSettings)  # settings_model() chose it
    await run_discord(settings, database_url=args.db, invite_url_only=args.invite_url)


async def _schedule(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.schedule import run_schedule

    return await run_schedule(settings, args)


COMMANDS: dict[str, Callable[[Settings, argparse.Namespace], Coroutine[Any, Any, int | None]]] = {
    "chat": _chat, "migrate": _migrate, "slack": _slack, "discord": _discord,
    "schedule": _schedule,
}


def settings_model(args: argparse.Namespace) -> type[Settings]:
    """The settings this command requires."""
    from adapters.settings import DiscordSettings, InviteSettings, Settings, SlackSettings

    if args.command == "slack":
        return SlackSettings
    if args.command == "discord":
        return InviteSettings if args.invite_url else DiscordSettings
    return Settings


def _check(args: argparse.Namespace) -> int:
    from adapters.check import report, run_checks
    from adapters.wiring import configure_logging

    configure_logging("ERROR")
    return report(asyncio.run(run_checks(args.db)), sys.stdout)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "check":  # reports bad settings as a failed check, not a stop
        return _check(args)
    warm_start.start(args.command)  # before the imports below: the helpers use the other core
    from adapters.settings import SettingsError, load_settings
    from adapters.wiring import ContentError, configure_logging
    from storage.seed import ScheduleError

    try:
        settings = load_settings(settings_model(args))
        quiet = args.command == "chat"
        configure_logging("WARNING" if quiet and settings.log_level == "INFO" else settings.log_level)
        status = asyncio.run(COMMANDS[args.command](settings, args))
    except (SettingsError, ContentError, ScheduleError) as error:
        print(f"frontdoor: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (e.g. piped into `head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return status or 0


if __name__ == "__main__":
    sys.exit(main())
