"""The core's turn slots: a few store turns at a time, in order; a possible crisis never waits."""

from __future__ import annotations

import asyncio

from bot.config import CoreConfig
from bot.core import Core
from bot.messages import Inbound, MemberKey
from tests.conftest import services_for
from tests.fakes import FakeClock, FakeStore, FakeUnitOfWork


class PausedStore(FakeStore):
    """A store whose transactions wait until ``resume`` is set (a slow or stuck database)."""

    def __init__(self) -> None:
        super().__init__()
        self.resume = asyncio.Event()
        self.add_group(topic="anxiety", title="Anxiety group", capacity=3)

    def __call__(self) -> FakeUnitOfWork:
        return PausedUnitOfWork(self)


class PausedUnitOfWork(FakeUnitOfWork):
    store: PausedStore

    async def __aenter__(self) -> PausedUnitOfWork:
        await self.store.resume.wait()
        await super().__aenter__()
        return self


def message(user: str, text: str) -> Inbound:
    return Inbound(MemberKey("slack", user), text=text)


async def test_turns_wait_for_a_slot_but_a_crisis_goes_straight_in() -> None:
    store = PausedStore()
    services = services_for(CoreConfig(crisis_store_timeout_seconds=0.05, max_turns=1))
    gate = Core(store, FakeClock(), services)
    first = asyncio.create_task(gate.handle(message("U0A", "hi")))
    second = asyncio.create_task(gate.handle(message("U0B", "what are your prices?")))
    await asyncio.sleep(0.05)
    assert not first.done() and not second.done()

    crisis = await asyncio.wait_for(gate.handle(message("U0C", "I want to kill myself")), timeout=2)
    assert crisis.crisis and "988" in crisis.replies[0].text
    assert not second.done()  # still queued behind the first

    store.resume.set()
    done = await asyncio.wait_for(asyncio.gather(first, second), timeout=5)
    assert [o.intent for o in done] == ["greeting", "pricing"]


def test_the_gate_needs_at_least_one_slot() -> None:
    try:
        Core(FakeStore(), FakeClock(), services_for(CoreConfig(max_turns=0)))
    except ValueError:
        return
    raise AssertionError("expected ValueError")
