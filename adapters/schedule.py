"""``frontdoor schedule apply FILE [--db URL] [--dry-run]`` and ``frontdoor schedule export``."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from adapters.settings import Settings, SettingsError
from bot.notices import NoticeWriter
from bot.ports import StoreUnavailable
from storage.engine import create_engine
from storage.errors import translate
from storage.migrate import migrate
from storage.schedule_apply import apply_schedule, export_schedule
from storage.schedule_file import read_schedule
from storage.unit_of_work import SqlUnitOfWorkFactory


async def run_schedule(settings: Settings, args: argparse.Namespace) -> int:
    entries = read_schedule(Path(args.file)) if args.step == "apply" else []
    engine = create_engine(args.db or settings.database_url)
    try:
        try:
            # An empty store applied from a file gets that file, not the demo schedule first.
            await migrate(engine, seed=args.step != "apply")
        except Exception as error:
            if isinstance(translate(error), StoreUnavailable):
                raise SettingsError("DATABASE_URL: cannot reach the database "
                                    f"({type(error.__cause__ or error).__name__}); is it running?") from None
            raise
        uow_factory = SqlUnitOfWorkFactory(engine)
        if args.step == "export":
            sys.stdout.write(await export_schedule(uow_factory))
            return 0
        notices = NoticeWriter(reference_only=settings.staff_notices_reference_only)
        result = await apply_schedule(uow_factory, entries, datetime.now(UTC), dry_run=args.dry_run,
                                      notices=notices)
    finally:
        await engine.dispose()
    for line in result.refused:
        print(line, file=sys.stderr)
    if not result.ok:
        print("nothing was changed", file=sys.stderr)
        return 1
    prefix = "(dry run) would have " if args.dry_run else ""  # "would have sent 1 updated calendar file"
    for line in result.changes:
        print(prefix + line)
    if not result.changes:
        print("no changes: the database already matches the file")
    elif args.dry_run:
        print("dry run: nothing was changed")
    return 0
