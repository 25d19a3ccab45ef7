"""Staff changes reach the member's calendar: `staff remove` of a seat sends METHOD:CANCEL,
`staff move` the same UID with a higher SEQUENCE on the new schedule, `staff cancel` a
METHOD:CANCEL of that one occurrence (RECURRENCE-ID). Each file parses with icalendar and
with vobject; a waitlist place (never in a calendar) gets no file. Also on the real store
through `frontdoor chat --jsonl`, where the member's message carries its file in "members"."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import icalendar
import vobject

from bot import actions
from bot.core import Core
from bot.domain import Notice
from bot.messages import Attachment
from tests.chat import Chat
from tests.fakes import FakeClock, FakeStore
from tests.jsonl_process import JsonlProcess

NEW_YORK = ZoneInfo("America/New_York")


async def booked(core: Core, store: FakeStore, user: str, topic: str = "anxiety") -> tuple[str, Attachment]:
    """The member books the topic's first session; its reference and the .ics it came with."""
    member = Chat(core, user)
    await member.say("New Jersey")
    group = next(g for g in store.data.groups.values() if g.topic == topic)
    await member.act(actions.encode("book", group.id))
    ref = next(b.ref for b in store.data.bookings.values() if b.member_key == f"console:{user}")
    files = [f for r in member.last.replies for f in r.files]
    return ref, (files[0] if files else Attachment("", "", ""))


def told(store: FakeStore, user: str, kind: str) -> Notice:
    [notice] = [s.item.notice for s in store.data.outbox.values()
                if s.item.notice.audience == "member" and s.item.notice.kind == kind
                and s.item.notice.member_key == f"console:{user}"]
    return notice


def event(file: Attachment) -> tuple[icalendar.Calendar, icalendar.Component]:
    cal = icalendar.Calendar.from_ical(file.text)
    [vevent] = cal.walk("VEVENT")
    return cal, vevent


def seq(vevent: icalendar.Component) -> int:
    return int(vevent.decoded("SEQUENCE"))


async def test_staff_remove_sends_a_cancel_for_the_seat(core: Core, store: FakeStore,
                                                        clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    ref, first = await booked(core, store, "a")
    clock.advance(hours=3)
    await Chat(core, "staff1").say(f"staff remove {ref} moved away")
    notice = told(store, "a", "removed")
    [ics] = notice.files
    assert ics.name.endswith(".ics") and ics.mime == "text/calendar"
    cal, vevent = event(ics)
    assert str(cal["METHOD"]) == "CANCEL" and str(vevent["STATUS"]) == "CANCELLED"
    assert str(vevent["UID"]) == f"{ref}@frontdoor" == str(event(first)[1]["UID"])
    assert seq(vevent) > seq(event(first)[1])
    assert vobject.readOne(ics.text).method.value == "CANCEL"
    assert "calendar update removes the sessions" in notice.text


async def test_staff_remove_of_a_waitlist_place_sends_no_file(core: Core, store: FakeStore,
                                                              clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    await booked(core, store, "a", "grief_loss")  # the one seat
    waiting, _ = await booked(core, store, "b", "grief_loss")
    await Chat(core, "staff1").say(f"staff remove {waiting}")
    notice = told(store, "b", "removed")
    assert notice.files == () and "calendar" not in notice.text


async def test_staff_move_sends_the_same_uid_on_the_new_schedule(core: Core, store: FakeStore,
                                                                 clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    thursday = store.add_group(topic="anxiety", title="Anxiety group", weekday=3, start_date=date(2027, 1, 7),
                               capacity=4, key="anxiety-thu")
    ref, first = await booked(core, store, "a")
    clock.advance(minutes=30)
    boss = Chat(core, "staff1")
    await boss.say(f"staff move {ref} anxiety-thu")
    assert "Moved" in boss.text
    notice = told(store, "a", "moved")
    [ics] = notice.files
    cal, vevent = event(ics)
    assert str(cal["METHOD"]) == "PUBLISH" and str(vevent["UID"]) == f"{ref}@frontdoor"
    assert seq(vevent) > seq(event(first)[1])
    starts = list(vobject.readOne(ics.text).vevent.getrruleset())
    assert starts[0] == datetime(2027, 1, 7, 18, tzinfo=NEW_YORK) and all(s.weekday() == thursday.weekday
                                                                          for s in starts[:20])
    assert "calendar update moves the sessions" in notice.text


async def test_staff_cancel_sends_a_cancel_of_that_one_session(core: Core, store: FakeStore,
                                                               clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    ref, first = await booked(core, store, "a")
    anxiety = next(g for g in store.data.groups.values() if g.topic == "anxiety")
    clock.advance(hours=1)
    await Chat(core, "staff1").say(f"staff cancel {anxiety.key} 2027-01-12 facilitator ill")
    notice = told(store, "a", "session_cancelled")
    [ics] = notice.files
    cal, vevent = event(ics)
    assert str(cal["METHOD"]) == "CANCEL" and str(vevent["UID"]) == f"{ref}@frontdoor"
    assert vevent.decoded("RECURRENCE-ID") == datetime(2027, 1, 12, 18, tzinfo=NEW_YORK)
    assert vevent["RECURRENCE-ID"].params["TZID"] == "America/New_York"
    assert [c["TZID"] for c in cal.walk("VTIMEZONE")] == ["America/New_York"]
    assert seq(vevent) > seq(event(first)[1])
    parsed = vobject.readOne(ics.text)
    assert parsed.method.value == "CANCEL"
    assert parsed.vevent.recurrence_id.value == datetime(2027, 1, 12, 18, tzinfo=NEW_YORK)
    # the whole series, asked for afterwards, leaves that date out and is newer still
    clock.advance(hours=1)
    member = Chat(core, "a")
    await member.say("add to my calendar")
    [again] = [f for r in member.last.replies for f in r.files]
    starts = [s.date() for s in vobject.readOne(again.text).vevent.getrruleset()][:3]
    assert starts == [date(2027, 1, 5), date(2027, 1, 19), date(2027, 1, 26)]


def test_staff_move_and_remove_files_reach_the_member_in_jsonl(db_url: str) -> None:
    proc = JsonlProcess(db_url, "--clock", "2027-01-04T12:00:00Z", "--staff", "boss")
    try:
        for _ in range(3):  # the first place lookup builds an index: slow on a busy machine
            if "trouble reaching" not in proc.send({"user": "m", "text": "I live in NJ"})["replies"][0]["text"]:
                break
        answer = proc.send({"user": "m", "text": "book the anxiety group"})
        if not any(r.get("files") for r in answer["replies"]):
            book = next(b["action"] for r in answer["replies"] for b in r["buttons"]
                        if b["action"].startswith("fd:book:"))
            answer = proc.send({"user": "m", "action": book})
        [booked_ics] = [f for r in answer["replies"] for f in r.get("files", [])]
        uid = str(event(Attachment(**booked_ics))[1]["UID"])
        ref = uid.partition("@")[0]
        key = "anxiety-thu-1200" if "Tuesday" in json.dumps(answer) else "anxiety-tue-1800"
        moved = proc.send({"user": "boss", "text": f"staff move {ref} {key}"})
        [to_member] = [m for m in moved["members"] if m["user"] == "m"]
        [ics] = to_member["files"]
        assert ics["mime"] == "text/calendar" and str(event(Attachment(**ics))[1]["UID"]) == uid
        assert "calendar update moves" in to_member["text"]
        removed = proc.send({"user": "boss", "text": f"staff remove {ref}"})
        [to_member] = [m for m in removed["members"] if m["user"] == "m"]
        [ics] = to_member["files"]
        assert "METHOD:CANCEL" in ics["text"] and str(event(Attachment(**ics))[1]["UID"]) == uid
        assert proc.close() == 0
    finally:
        if proc.proc.poll() is None:
            proc.kill()
