"""The composition root: every object the programs run is built here and handed in.

From a command's settings model it builds the member-reference keyer, the loaded
content (knowledge base, crisis detector), the core's rules, the store and the core;
``build_console``, ``build_slack`` and ``build_discord`` are the entry points' own
functions. Nothing in ``bot/`` builds or keeps its own copy of any of these.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.cache_file import cache_directory
from adapters.classifier_cache import cached_classifier
from adapters.clock import SystemClock
from adapters.regex_cache import RegexCache, default_path
from adapters import warm_start
from adapters.settings import DiscordSettings, Settings, SettingsError, SlackSettings
from bot.config import CoreConfig
from bot.core import Core
from bot.identity import MemberRefs
from bot.knowledge import KnowledgeBase, load_knowledge
from bot.language.places import PlaceIndex
from bot.notices import NoticeWriter
from bot.ports import Clock, Notifier, StoreUnavailable
from bot.relay import OutboxRelay
from bot.reminders import SessionReminders
from bot.retention import ProcessedEventsPurge
from bot.safety import CrisisDetector, load_detector
from bot.scheduler import Call, Every, Scheduler
from bot.dependencies import Dependencies
from bot.urgent import UrgentEscalation
from storage.engine import create_engine, normalise_url
from storage.errors import translate
from storage.migrate import migrate
from storage.unit_of_work import SqlUnitOfWorkFactory

# Libraries that log SQL parameters or request bodies at DEBUG: never below WARNING.
log = logging.getLogger("frontdoor.wiring")

WARM_UP_DELAY_SECONDS = 1.5
QUIET_LOGGERS = ("slack_bolt", "slack_sdk", "discord", "aiohttp", "sqlalchemy", "aiosqlite",
                 "asyncpg", "asyncio", "alembic", "urllib3", "websockets")


PURGE_EVERY = timedelta(hours=1)


class ContentError(ValueError):
    """A content file (knowledge, crisis phrases) is broken; the message is one line."""


@dataclass(frozen=True, slots=True)
class Content:
    """The published content, loaded once per process."""

    knowledge: KnowledgeBase
    detector: CrisisDetector


def load_content(patterns: RegexCache | None = None) -> Content:
    """The knowledge base and the crisis detector; ``patterns`` keeps the detector's compiled
    expressions between processes (``adapters.regex_cache``), written back when it learnt any."""
    try:
        if patterns is None:
            return Content(knowledge=load_knowledge(), detector=load_detector())
        content = Content(knowledge=load_knowledge(),
                          detector=load_detector(compile=patterns.compile, remember=patterns.derived))
    except ValueError as error:  # KnowledgeError, or the crisis phrase file's own
        raise ContentError(" ".join(str(error).split())) from None
    patterns.save()
    return content


def build_services(config: CoreConfig, content: Content | None = None,
                   refs: MemberRefs | None = None, places: PlaceIndex | None = None,
                   cache: Path | None = None) -> Dependencies:
    """The core's rules and content (the content is loaded, the keyer and place index made,
    when not given). ``cache``: a directory where the built classifier is kept between
    processes (``adapters/classifier_cache.py``); none, it is built every time."""
    content = content or load_content()
    places = places or PlaceIndex()
    return Dependencies(config=config, knowledge=content.knowledge,
                    classifier=cached_classifier(content.knowledge, places, cache), detector=content.detector,
                    notices=NoticeWriter(reference_only=config.notices_reference_only),
                    refs=refs or MemberRefs(), places=places)


@dataclass
class Runtime:
    """What one process runs on: the store, the core and its clock, and the relays and
    background work it started (``close`` ends them)."""

    engine: AsyncEngine
    uow_factory: SqlUnitOfWorkFactory
    core: Core
    clock: Clock
    deps: Dependencies
    relays: list[OutboxRelay] = field(default_factory=list)
    background: list[asyncio.Future[None]] = field(default_factory=list)

    def relay(self, notifier: Notifier, platform: str, *, settle_later: bool = False,
              **options: float) -> OutboxRelay:
        relay = OutboxRelay(self.uow_factory, notifier, self.clock, platform=platform,
                            settle_later=settle_later, **options)  # type: ignore[arg-type]
        self.relays.append(relay)
        return relay

    def scheduler(self, relay: OutboxRelay) -> Scheduler:
        """The due work of one process, in order: notices the core kept while the store was
        down, urgent escalations and session reminders (they write outbox rows), the outbox
        relay, the hourly purge of old event ids. (More jobs join here.)"""
        config = self.core.deps.config
        escalation = UrgentEscalation(self.uow_factory, escalate_minutes=config.urgent_escalate_minutes,
                                      max_escalations=config.urgent_max_escalations)
        reminders = SessionReminders(self.uow_factory, config.reminder_offsets)
        return Scheduler([Call(self.core.retry_unsaved), escalation, reminders, relay,
                          Every(ProcessedEventsPurge(self.uow_factory), PURGE_EVERY)])

    async def deliver_now(self, relay: OutboxRelay) -> None:
        """After a console turn: store kept crisis notices, then deliver what is due."""
        await self.core.retry_unsaved()
        try:
            await relay.drain()
        except Exception:  # the store went away; notices stay in the outbox for later
            log.warning("outbox not drained: store unavailable")

    def warm_up(self) -> None:
        """Build slow indexes in a thread, after the first replies have gone out."""
        self.background.append(asyncio.ensure_future(asyncio.to_thread(self.deps.places.build)))

    async def close(self) -> None:
        await self.uow_factory.close()
        await self.engine.dispose()


def core_config(settings: Settings, extra_staff: tuple[str, ...] = ()) -> CoreConfig:
    return CoreConfig(eligible_states=settings.eligible_state_codes,
                      staff_ids=settings.staff_ids | frozenset(extra_staff),
                      notices_reference_only=settings.staff_notices_reference_only,
                      max_bookings_per_member=settings.max_bookings_per_member,
                      urgent_escalate_minutes=settings.urgent_escalate_minutes,
                      urgent_max_escalations=settings.urgent_max_escalations,
                      staff_oncall_mention=settings.staff_oncall_mention,
                      min_age=settings.min_age,
                      reminder_offsets=settings.reminder_offset_minutes,
                      rate_limit_per_minute=settings.rate_limit_per_minute)


async def build_console(settings: Settings, *, database_url: str | None = None,
                        extra_staff: tuple[str, ...] = (), clock: Clock | None = None,
                        run_migrations: bool = True) -> Runtime:
    """``frontdoor chat`` (and ``migrate``): the store and the core, nothing on a platform."""
    return await _build(settings, database_url=database_url, extra_staff=extra_staff, clock=clock,
                        run_migrations=run_migrations)


async def build_slack(settings: SlackSettings, *, database_url: str | None = None,
                      clock: Clock | None = None) -> Runtime:
    """``frontdoor slack``: the store and the core (the Slack pieces take them in adapters/slack/main.py)."""
    return await _build(settings, database_url=database_url, clock=clock)


async def build_discord(settings: DiscordSettings, *, database_url: str | None = None,
                        clock: Clock | None = None, run_migrations: bool = True) -> Runtime:
    """``frontdoor discord``: the store and the core (the client takes them in adapters/discord/main.py)."""
    return await _build(settings, database_url=database_url, clock=clock, run_migrations=run_migrations)


async def _build(settings: Settings, *, database_url: str | None = None,
                 extra_staff: tuple[str, ...] = (), clock: Clock | None = None,
                 run_migrations: bool = True) -> Runtime:
    source = "--db" if database_url else "DATABASE_URL"  # name what the operator typed
    engine = open_engine(database_url or settings.database_url, source)
    if run_migrations:
        try:
            await migrate(engine)
        except Exception as error:
            await engine.dispose()
            problem = database_problem(error)
            if problem is not None:
                raise SettingsError(f"{source}: {problem}") from None
            raise
    uow_factory = SqlUnitOfWorkFactory(engine)
    # What start-up built before, kept in the user's cache directory: compiled crisis patterns
    # and the built classifier (about 1 s of CPU that a restarted process does not spend again),
    # made meanwhile by the helpers the command started when they were missing (adapters/warm_start.py).
    warm_start.finish()
    services = build_services(core_config(settings, extra_staff), load_content(RegexCache(default_path())),
                              refs=MemberRefs(settings.member_ref_secret), cache=cache_directory())
    clock = clock or SystemClock()
    app = Runtime(engine, uow_factory, Core(uow_factory, clock, services), clock, services)
    # The ZIP index takes about a second to build: in the background and a moment later, so
    # the first reply neither waits nor competes for it (start-up within 1.5 s,
    # bench/bench_startup.py); a ZIP code typed before then simply builds it on that turn.
    if run_migrations:
        asyncio.get_running_loop().call_later(WARM_UP_DELAY_SECONDS, app.warm_up)
    return app


def open_engine(url: str, source: str = "DATABASE_URL") -> AsyncEngine:
    """An engine for a SQLite or PostgreSQL URL; anything else is one clear line naming ``source``."""
    try:
        parsed = make_url(normalise_url(url.strip()))
    except Exception:  # sqlalchemy's ArgumentError, or a ValueError from a bad port
        raise SettingsError(f"{source}: not a database URL; use e.g. sqlite+aiosqlite:///var/frontdoor.db "
                            "or postgresql+asyncpg://user:password@host:5432/frontdoor") from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise SettingsError(f"{source}: unsupported database {parsed.get_backend_name()!r}; "
                            "use sqlite+aiosqlite:///... or postgresql+asyncpg://...")
    try:
        return create_engine(url.strip())
    except Exception as error:
        raise SettingsError(f"{source}: cannot use this URL ({type(error).__name__})") from None


def database_problem(error: BaseException) -> str | None:
    """What is wrong with the database, in one line, or None for anything else (a bug)."""
    for candidate in (error, getattr(error, "orig", None), error.__cause__):
        state = str(getattr(candidate, "sqlstate", "") or "")
        if state == "3D000":
            return "the database does not exist; create it first (see docs/deploy.md)"
        if state.startswith("28"):
            return "the server refused the login; check the user name and password"
    if isinstance(translate(error), StoreUnavailable):
        return f"cannot reach the database ({type(error.__cause__ or error).__name__}); is it running?"
    return None


def configure_logging(level: str) -> None:
    """Log to stderr; library loggers that could print payloads stay at WARNING or above."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLevelName(level)))
