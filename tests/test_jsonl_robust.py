"""JSON-lines mode under junk and faults: one answer per line whatever its bytes, notices
written before they are marked sent, member messages reported by whoever delivers them,
and the manual clock."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import select

from adapters.clock import ManualClock, parse_instant
from adapters.console import jsonl
from adapters.settings import Settings
from adapters.wiring import Runtime, build_console
from storage.tables import outbox
from tests.jsonl_process import run_lines

START = "2027-01-04T12:00:00Z"


def settings(**overrides: object) -> Settings:
    return Settings(_env_file=None, staff_user_ids="boss", **overrides)  # type: ignore[call-arg, arg-type]


@pytest.fixture
def manual() -> ManualClock:
    return ManualClock(parse_instant(START))


@pytest.fixture
async def app(db_url: str, manual: ManualClock) -> AsyncIterator[Runtime]:
    built = await build_console(settings(), database_url=db_url, clock=manual)
    yield built
    await built.close()


def line(**fields: Any) -> bytes:
    return json.dumps(fields).encode() + b"\n"


async def talk(app: Runtime, data: bytes, clock: ManualClock | None = None) -> list[dict[str, Any]]:
    out = io.BytesIO()
    await jsonl.run(app, io.BytesIO(data), out, clock=clock)
    return [json.loads(text) for text in out.getvalue().decode("utf-8").splitlines()]


def book_action(answer: dict[str, Any]) -> str:
    action: str = next(b["action"] for r in answer["replies"] for b in r["buttons"]
                       if b["action"].startswith("fd:book:"))
    return action


# -- every byte answered --------------------------------------------------------------------

def test_invalid_utf8_with_a_utf8_locale_gets_an_error_and_the_stream_goes_on(db_url: str) -> None:
    lines = [
        line(user="a", text="hi").rstrip(),
        b'{"user": "b", "text": "caf\xe9"}',            # latin-1 byte
        b'\xff\xfe\x00\x01',                              # garbage
        b'{"user": "c", "text": "\xed\xa0\x80"}',         # an encoded surrogate
        b'{"user": "d", "text": "\xc0\xaf"}',             # overlong encoding
        b'{"user": "e\x00", "text": "raw NUL"}',          # a raw control character in JSON
        b"",                                              # blank
        b"   \t ",                                        # blank too
        b"\xef\xbb\xbf" + line(user="f", text="hi").rstrip(),  # a BOM in front
        line(user="a", text="thanks").rstrip(),
    ]
    out = run_lines(db_url, b"\n".join(lines) + b"\n", PYTHONIOENCODING="utf-8", LC_ALL="C.UTF-8")
    assert len(out) == len(lines)
    assert out[0]["intent"] == "greeting"
    assert out[1] == {"error": "not valid UTF-8: byte 0xe9 at position 26"}
    for n in (2, 3, 4):
        assert out[n]["error"].startswith("not valid UTF-8"), out[n]
    assert "not valid JSON" in out[5]["error"]
    assert out[6] == out[7] == {"error": "empty line"}
    assert out[8]["intent"] == "greeting"
    assert "replies" in out[9]


async def test_junk_in_user_ids_text_and_actions_gets_a_clear_answer(app: Runtime) -> None:
    data = b"".join([
        line(user="a\u0000b", text="hi"),
        b'{"user": "sur\\ud800", "text": "hi"}\n',
        line(user="x" * 151, text="hi"),
        line(user="ok", text="hi\u0000there NJ"),
        b'{"user": "ok", "text": "hi \\udc00 there"}\n',
        b'{"user": "ok", "text": "hi", "name": "a\\u0000\\ud800b", "event_id": "e\\u0000\\udfff"}\n',
        line(user="ok", action="fd:book:99999999999999999999999"),
        line(user="ok", action="fd:book:2147483648"),
        line(user="ok", action="fd:cancel:\u0000"),
        b'{"user": "ok", "text": ' + b"[" * 5000 + b"]" * 5000 + b"}\n",
        b'{"a":' * 15000 + b"1" + b"}" * 15000 + b"\n",
        line(user="ok", text="thanks"),
    ])
    out = await talk(app, data)
    assert len(out) == 12
    assert out[0] == out[1] == {"error": "\"user\" must not contain control characters or invalid Unicode"}
    assert out[2] == {"error": "\"user\" is too long (at most 150 characters)"}
    for n in (3, 4, 5, 11):
        assert "replies" in out[n] and "went wrong" not in json.dumps(out[n]), out[n]
    for n in (6, 7, 8):
        assert "that option has expired" in out[n]["replies"][0]["text"].lower(), out[n]
    assert out[9]["error"] == "not valid JSON here: nested too deeply"
    assert out[10]["error"] == "not valid JSON here: nested too deeply"


async def test_the_largest_line_is_read_and_a_longer_one_refused(app: Runtime) -> None:
    biggest = json.dumps({"user": "big", "text": ""})
    biggest = biggest[:-2] + "x" * (jsonl.MAX_LINE - len(biggest)) + '"}'
    assert len(biggest) == jsonl.MAX_LINE
    huge = b"z" * (5 * jsonl.MAX_LINE_BYTES)  # 2 MB without a line end until the last byte
    out = await talk(app, biggest.encode() + b"\n" + biggest.encode()[:-2] + b'xx"}\n' + huge + b"\n"
                     + line(user="big", text="hi"))
    assert len(out) == 4
    assert "long message" in out[0]["replies"][0]["text"]
    assert out[1] == out[2] == {"error": f"line too long (over {jsonl.MAX_LINE} characters)"}
    assert "replies" in out[3]


# -- notices: written first, then marked sent ------------------------------------------------

class DyingPipe(io.BytesIO):
    """A stdout whose reader is killed just as the line carrying the notice is written."""

    def write(self, data: bytes) -> int:  # type: ignore[override]
        if b"New booking" in data:
            raise BrokenPipeError("reader killed")
        return super().write(data)


async def unsent_staff_notices(app: Runtime) -> list[str]:
    async with app.engine.connect() as conn:
        rows = await conn.execute(select(outbox.c.text).where(outbox.c.audience == "staff",
                                                              outbox.c.sent_at.is_(None)))
        return [r.text for r in rows]


async def test_a_notice_not_written_is_not_marked_sent_and_comes_again(app: Runtime, db_url: str,
                                                                       manual: ManualClock) -> None:
    first = await talk(app, line(user="u1", text="NJ") + line(user="u1", action="fd:sessions:anxiety"))
    with pytest.raises(BrokenPipeError):
        await jsonl.run(app, io.BytesIO(line(user="u1", action=book_action(first[1]))), DyingPipe(),
                        clock=manual)
    assert [t for t in await unsent_staff_notices(app) if "New booking" in t]  # not lost
    # A new process after the dead one's lease: the notice goes out (again, at least once).
    manual.move_to(parse_instant("2027-01-04T12:05:00Z"))
    again = await build_console(settings(), database_url=db_url, clock=manual)
    try:
        out = await talk(again, line(user="u9", text="hi"), manual)
    finally:
        await again.close()
    assert any("New booking" in s for s in out[0]["staff"])
    assert not [t for t in await unsent_staff_notices(app) if "New booking" in t]


# -- member messages and the manual clock ----------------------------------------------------

async def test_a_promoted_member_is_told_in_the_line_that_delivered_it(app: Runtime) -> None:
    setup = await talk(app, line(user="u1", text="NJ") + line(user="u1", action="fd:sessions:trauma_ptsd"))
    book = book_action(setup[1])
    out = await talk(app, b"".join([
        line(user="u1", action=book), line(user="u2", text="Florida"), line(user="u2", action=book),
        line(user="u3", text="NY"), line(user="u3", action=book),   # full: u3 waits, number 1
        line(user="u1", text="cancel my booking"),
    ]))
    assert "waitlist: you're number 1" in out[4]["replies"][0]["text"]
    cancel = next(b["action"] for r in out[5]["replies"] for b in r["buttons"] if "cancelyes" in b["action"])
    [done] = await talk(app, line(user="u1", action=cancel))
    [ics] = done["members"][0]["files"]  # the promoted member's calendar file (issue 11)
    assert ics["name"].endswith(".ics") and ics["text"].startswith("BEGIN:VCALENDAR")
    assert done["members"] == [{"user": "u3", "text": done["members"][0]["text"], "buttons": [],
                                "files": [ics]}]
    assert "a seat opened" in done["members"][0]["text"]
    assert any("Waitlist promoted" in s for s in done["staff"])
    [later] = await talk(app, line(user="u3", text="my bookings"))
    assert "members" not in later  # told once, not held for u3's next turn
    assert "(booked," in later["replies"][0]["text"]


async def test_the_manual_clock_moves_forward_only_and_runs_due_work(app: Runtime, manual: ManualClock) -> None:
    out = await talk(app, b"".join([
        line(user="u1", text="hi"),
        line(clock="2027-01-05T09:30:00+01:00"),
        line(clock="2027-01-05T08:30:00Z"),
        line(clock="2027-01-01T00:00:00Z"),
        line(clock="tomorrow"),
        line(clock="2027-01-06T00:00:00"),
    ]), manual)
    assert out[1] == {"clock": "2027-01-05T08:30:00Z", "staff": [], "members": []}
    assert out[2] == {"clock": "2027-01-05T08:30:00Z", "staff": [], "members": []}
    assert out[3] == {"error": "\"clock\": the clock only moves forward: it is already 2027-01-05T08:30:00Z"}
    assert "not an ISO-8601 instant" in out[4]["error"]
    assert "needs a time zone" in out[5]["error"]
    assert manual.now() == parse_instant("2027-01-05T08:30:00Z")


async def test_a_clock_line_without_a_manual_clock_is_refused(app: Runtime) -> None:
    [out] = await talk(app, line(clock=START))
    assert out == {"error": "\"clock\" needs a manual clock: start with --clock <ISO instant>"}


async def test_a_notice_waiting_for_retry_goes_out_when_the_clock_reaches_it(app: Runtime,
                                                                              manual: ManualClock) -> None:
    from bot.domain import Notice
    async with app.uow_factory() as uow:
        await uow.outbox.add(Notice("staff", "handoff", "later notice", "console:u1"),
                             parse_instant("2027-01-04T13:00:00Z"))
        await uow.commit()
    async with app.engine.begin() as conn:  # as if a delivery had failed: next try at 13:00
        await conn.execute(outbox.update().values(next_attempt_at=parse_instant("2027-01-04T13:00:00Z")))
    out = await talk(app, line(user="u1", text="hi") + line(clock="2027-01-04T13:00:00Z"), manual)
    assert out[0]["staff"] == []
    assert out[1]["staff"] == ["later notice"]


async def test_a_clock_moved_a_day_on_purges_old_event_ids(app: Runtime, manual: ManualClock) -> None:
    from sqlalchemy import func

    from storage.tables import processed_events
    out = await talk(app, line(user="u1", text="hi", event_id="E1") + line(clock="2027-01-05T12:30:00Z")
                     + line(user="u1", text="hi", event_id="E2"), manual)
    assert "clock" in out[1]
    async with app.engine.connect() as conn:
        left = (await conn.execute(select(func.count()).select_from(processed_events))).scalar_one()
    assert left == 1  # E1 (a day and a half old) is gone, E2 (just seen) is kept


@pytest.mark.parametrize(("limit", "limited"), [(20, 1), (0, 0)])
async def test_rate_limit_per_minute_setting_reaches_the_core(db_url: str, manual: ManualClock,
                                                              limit: int, limited: int) -> None:
    built = await build_console(settings(rate_limit_per_minute=limit), database_url=db_url, clock=manual)
    try:
        out = await talk(built, line(user="fast", text="what is dbt?") * 21)
    finally:
        await built.close()
    assert sum(o["intent"] == "rate_limited" for o in out) == limited
