"""JSON-lines mode runs the due-work round after a member's line only when something can be
due, and still delivers everything due by the end of that line (DESIGN.md, "Clock and
deliveries in JSON-lines mode"): rows another process wrote, and the manual clock's work."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import pytest

from adapters.clock import ManualClock, parse_instant
from adapters.console.jsonl import Session
from adapters.settings import Settings
from adapters.wiring import Runtime, build_console
from bot.domain import Notice
from storage.due import due_params

START = "2027-01-04T12:00:00Z"


class Counted:
    """A scheduler job that counts its rounds."""

    def __init__(self, job: Any) -> None:
        self.job, self.calls = job, 0

    async def run_due(self, now: datetime) -> None:
        self.calls += 1
        await self.job.run_due(now)


@pytest.fixture
def manual() -> ManualClock:
    return ManualClock(parse_instant(START))


@pytest.fixture
async def app(db_url: str, manual: ManualClock) -> AsyncIterator[Runtime]:
    settings = Settings(_env_file=None, staff_user_ids="boss", rate_limit_per_minute=0)  # type: ignore[call-arg]
    built = await build_console(settings, database_url=db_url, clock=manual)
    yield built
    await built.close()


def counted(session: Session) -> list[Counted]:
    jobs = [Counted(job) for job in session.scheduler.jobs]
    session.scheduler.jobs[:] = jobs
    return jobs


async def say(session: Session, raw: bytes) -> dict[str, Any]:
    answer = await session.answer(raw)
    await session.settle()
    return answer


async def test_member_lines_with_nothing_due_run_no_round(app: Runtime, manual: ManualClock) -> None:
    session = Session(app, manual)
    jobs = counted(session)
    await say(session, b'{"user": "u1", "text": "hi"}\n')  # the first line runs the round
    for _ in range(5):
        await say(session, b'{"user": "u1", "text": "what is dbt"}\n')
    assert [job.calls for job in jobs] == [1] * len(jobs)
    await say(session, b'{"clock": "2027-01-04T12:05:00Z"}\n')  # a clock line always does
    assert [job.calls for job in jobs] == [2] * len(jobs)


async def test_a_row_another_process_wrote_goes_out_in_the_next_line(app: Runtime,
                                                                    manual: ManualClock) -> None:
    session = Session(app, manual)
    await say(session, b'{"user": "u1", "text": "hi"}\n')
    async with app.uow_factory() as uow:  # as another process's turn would
        await uow.outbox.add(Notice("member", "test", "a seat opened", member_key="console:u2"),
                             manual.now())
        await uow.commit()
    answer = await say(session, b'{"user": "u1", "text": "hi"}\n')
    assert answer["members"] == [{"user": "u2", "text": "a seat opened", "buttons": []}]
    again = await say(session, b'{"user": "u1", "text": "hi"}\n')
    assert "members" not in again  # delivered once


async def test_the_store_says_what_is_due_as_each_job_would(app: Runtime, manual: ManualClock) -> None:
    now = manual.now()

    def params(at: datetime) -> dict[str, object]:
        return due_params(at, platform="console", escalate_before=at - timedelta(minutes=10),
                          max_escalations=3, offsets=[60, 1440])

    session = Session(app, manual)
    await say(session, b'{"clock": "2027-01-04T12:00:00Z"}\n')  # reminder slots synced, none due
    assert not await app.uow_factory.anything_due(params(now))
    async with app.uow_factory() as uow:
        [slot] = sorted(await uow.reminders.slots(), key=lambda s: s.due_at)[:1]
    assert await app.uow_factory.anything_due(params(slot.due_at))
    assert not await app.uow_factory.anything_due(params(slot.due_at - timedelta(seconds=1)))
    async with app.uow_factory() as uow:
        await uow.outbox.add(Notice("staff", "test", "x", platform="discord"), now)
        await uow.commit()
    assert not await app.uow_factory.anything_due(params(now))  # another platform's row
