"""Smaller gaps of issue 11 around staff changes: a staff move names the first session there
that is really held (not one staff cancelled); a removed waitlist place frees no seat; a
schedule change to a group's times sends each confirmed member an updated calendar file."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time

import icalendar
import vobject

from bot import actions
from bot.core import Core
from bot.domain import Notice
from storage.schedule_apply import apply_schedule
from storage.schedule_file import GroupEntry
from tests.chat import Chat
from tests.fakes import FakeClock, FakeStore


def member_notice(store: FakeStore, user: str, kind: str) -> Notice:
    [notice] = [s.item.notice for s in store.data.outbox.values()
                if s.item.notice.audience == "member" and s.item.notice.kind == kind
                and s.item.notice.member_key == f"console:{user}"]
    return notice


async def book(core: Core, store: FakeStore, user: str, topic: str = "anxiety") -> str:
    member = Chat(core, user)
    await member.say("New Jersey")
    group = next(g for g in store.data.groups.values() if g.topic == topic)
    await member.act(actions.encode("book", group.id))
    return next(b.ref for b in store.data.bookings.values() if b.member_key == f"console:{user}")


async def test_a_staff_move_names_the_first_session_that_is_held(core: Core, store: FakeStore,
                                                                 clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    store.add_group(topic="anxiety", title="Anxiety group", weekday=3, start_date=date(2027, 1, 7),
                    capacity=4, key="anxiety-thu")
    ref = await book(core, store, "a")
    boss = Chat(core, "staff1")
    await boss.say("staff cancel anxiety-thu 2027-01-07")
    await boss.say(f"staff move {ref} anxiety-thu")
    text = member_notice(store, "a", "moved").text
    assert "first session there is Thu 14 Jan" in text and "7 Jan" not in text


async def test_removing_a_waitlist_place_says_no_seat_was_freed(core: Core, store: FakeStore,
                                                                clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    await book(core, store, "a", "grief_loss")
    waiting = await book(core, store, "b", "grief_loss")
    boss = Chat(core, "staff1")
    await boss.say(f"staff remove {waiting}")
    assert "waitlist place" in boss.text and "freed seat" not in boss.text


async def test_a_new_time_in_the_schedule_updates_each_members_calendar(core: Core, store: FakeStore,
                                                                        clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    ref = await book(core, store, "a")
    await book(core, store, "b", "grief_loss")  # another group: untouched
    anxiety = next(g for g in store.data.groups.values() if g.topic == "anxiety")
    clock.current = datetime(2027, 1, 2, 12, tzinfo=UTC)
    result = await apply_schedule(store, [GroupEntry.of(replace(anxiety, start_time=time(19, 30))),
                                          *(GroupEntry.of(g) for g in store.data.groups.values()
                                            if g.id != anxiety.id)], clock.current)
    assert result.ok
    notice = member_notice(store, "a", "schedule_changed")
    assert "7:30 PM ET" in notice.text and "Tue 5 Jan" in notice.text and ref in notice.text
    [ics] = notice.files
    vevent = icalendar.Calendar.from_ical(ics.text).walk("VEVENT")[0]
    assert str(vevent["UID"]) == f"{ref}@frontdoor" and int(vevent.decoded("SEQUENCE")) > 0
    first = next(iter(vobject.readOne(ics.text).vevent.getrruleset()))
    assert (first.hour, first.minute) == (19, 30)
    assert [s.item.notice.kind for s in store.data.outbox.values()
            if s.item.notice.member_key == "console:b" and s.item.notice.audience == "member"] == []


async def test_a_capacity_change_alone_sends_no_calendar(core: Core, store: FakeStore,
                                                         clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    await book(core, store, "a")
    anxiety = next(g for g in store.data.groups.values() if g.topic == "anxiety")
    await apply_schedule(store, [GroupEntry.of(replace(g, capacity=g.capacity + 1))
                                 if g.id == anxiety.id else GroupEntry.of(g)
                                 for g in store.data.groups.values()], clock.current)
    assert not [s for s in store.data.outbox.values() if s.item.notice.kind == "schedule_changed"]
