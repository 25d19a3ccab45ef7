"""Logs never carry what members typed, where they live, or group topics - at any level."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from adapters.wiring import configure_logging
from bot import actions
from bot.config import CoreConfig
from bot.core import Core
from bot.relay import OutboxRelay
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.chat import Chat
from tests.conftest import services_for
from tests.fakes import FakeClock, RecordingNotifier
from tests.test_store import a_group

TYPED = [
    "hello there, my name is Zebulon Quartzfeather",
    "I live in New Jersey",
    "I've been struggling with panic attacks lately, how much does it cost?",
    "i want to join the anxiety group",
    "my bookings",
    "I keep thinking about ending my life",
    "delete my data",
    "yes",
]
SECRETS = ["Zebulon", "Quartzfeather", "New Jersey", "panic attacks", "ending my life",
           "anxiety", "Anxiety", "struggling"]


class Everything(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def all_logs() -> Iterator[Everything]:
    configure_logging("DEBUG")
    handler = Everything()
    root = logging.getLogger()
    root.addHandler(handler)
    old = root.level
    root.setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    root.setLevel(old)


async def test_whole_conversation_at_debug_logs_no_member_text(
        all_logs: Everything, sql_uow: SqlUnitOfWorkFactory, clock: FakeClock) -> None:
    async with sql_uow() as uow:
        group = await uow.groups.add(a_group(capacity=1))
        await uow.commit()
    core = Core(sql_uow, clock, services_for(CoreConfig()))
    chat = Chat(core, "privacy-test")
    for text in TYPED[:4]:
        await chat.say(text)
    await chat.act(actions.encode("book", group.id))
    for text in TYPED[4:]:
        await chat.say(text)
    await chat.act("fd:forged:" + "Zebulon")
    relay = OutboxRelay(sql_uow, RecordingNotifier(), clock, platform="console")
    await relay.drain()
    assert len(all_logs.records) >= len(TYPED)  # the core did log every turn
    for record in all_logs.records:
        rendered = record.getMessage() + (logging.Formatter().formatException(record.exc_info)
                                          if record.exc_info else "")
        for secret in SECRETS:
            assert secret not in rendered, (record.name, rendered)
        assert "privacy-test" not in rendered  # member ids are hashed: M-...
