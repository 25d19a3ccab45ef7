"""Transcripts: can't make it this week, add to my calendar, calendar updates on cancel and
move, time zones shown both ways, and groups that run in cycles."""

from __future__ import annotations

from dataclasses import replace
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import vobject

from bot import actions
from bot.core import Core
from bot.messages import Attachment
from tests.chat import Chat
from tests.fakes import FakeClock, FakeStore


async def book(chat: Chat, topic: str = "anxiety", state: str = "I live in New Jersey") -> str:
    await chat.act(actions.encode("sessions", topic))
    await chat.say(state)
    await chat.press("Book")
    assert "You're booked into" in chat.text, chat.text
    return next(w.rstrip(".") for w in chat.text.split() if w.startswith("FD-"))


def files(chat: Chat) -> list[Attachment]:
    assert chat.last is not None
    return [f for r in chat.last.replies for f in r.files]


def parsed(file: Attachment) -> tuple[icalendar.Calendar, Mapping[str, Any]]:
    """The calendar and its one event, whose properties are read by name (icalendar types
    a property as the union of every value type, so a test reads them untyped)."""
    cal = icalendar.Calendar.from_ical(file.text)
    [event] = [c for c in cal.walk("VEVENT")]
    return cal, event


def occurrences(file: Attachment) -> list[datetime]:
    """Expanded by vobject (dateutil's rrule), a parser independent of icalendar."""
    return list(vobject.readOne(file.text).vevent.getrruleset())


# -- can't make it this week --------------------------------------------------------------

async def test_skip_from_the_typed_words_then_the_button_once(chat: Chat, store: FakeStore,
                                                              clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 4, 12, tzinfo=UTC)  # a Monday
    ref = await book(chat)
    await chat.say("I can't come on Tuesday")
    assert chat.last.intent == "skip_week" and "Which session will you miss?" in chat.text
    assert chat.labels[0] == "Skip Anxiety group, Tue 5 Jan"
    assert not any("skip" in t.lower() or "miss" in t.lower() for t in store.staff_texts())  # asked, not acted
    await chat.press("Skip Anxiety group")
    assert "your seat stays yours" in chat.text and "Tue 12 Jan, 6:00 PM ET" in chat.text
    [notice] = [t for t in store.staff_texts() if "Can't make it" in t]
    assert notice == f"Can't make it: {ref} will miss the session on Tue 5 Jan 2027. Seat kept."
    [booking] = store.data.bookings.values()
    assert booking.status == "confirmed"
    await chat.act(actions.encode("skip", f"{ref}-20270105"))  # the reminder's button, pressed again
    assert "already noted" in chat.text
    assert len([t for t in store.staff_texts() if "Can't make it" in t]) == 1


async def test_skip_next_week_picks_the_session_after_this_weeks(chat: Chat, clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 4, 12, tzinfo=UTC)
    await book(chat)
    await chat.say("skip next week")
    assert chat.labels[0] == "Skip Anxiety group, Tue 12 Jan"


async def test_a_question_about_missing_is_not_a_skip(chat: Chat, clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 4, 12, tzinfo=UTC)
    await book(chat)
    await chat.say("what if I can't make it one week?")
    assert chat.last.intent != "skip_week"


async def test_skip_with_no_seat_or_a_forged_button(chat: Chat, clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 4, 12, tzinfo=UTC)
    await chat.say("I can't make it this week")
    assert "nothing to skip" in chat.text
    await chat.act(actions.encode("skip", "FD-ZZZZZZ-20270105"))
    assert "expired" in chat.text


async def test_skip_someone_elses_booking_is_refused(core: Core, clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 4, 12, tzinfo=UTC)
    ref = await book(Chat(core, "owner"))
    other = Chat(core, "other")
    await other.act(actions.encode("skip", f"{ref}-20270105"))
    assert "expired" in other.text


# -- calendar files ------------------------------------------------------------------------

async def test_booking_sends_a_calendar_file_that_parses_both_ways(chat: Chat, store: FakeStore,
                                                                  clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    anxiety = next(g for g in store.data.groups.values() if g.topic == "anxiety")
    store.data.groups[anxiety.id] = replace(anxiety, weeks=12, join_link="https://meet.example/anx")
    ref = await book(chat)
    [file] = files(chat)
    assert file.name.endswith(".ics") and file.mime == "text/calendar"
    cal, event = parsed(file)
    assert str(cal["METHOD"]) == "PUBLISH" and str(event["UID"]) == f"{ref}@frontdoor"
    assert event["RRULE"]["FREQ"] == ["WEEKLY"] and event["RRULE"]["COUNT"] == [12]
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert [c["TZID"] for c in cal.walk("VTIMEZONE")] == ["America/New_York"]
    assert "https://meet.example/anx" in str(event["DESCRIPTION"])
    assert "console" not in file.text and "u1" not in file.text  # no member data beyond the ref
    starts = occurrences(file)
    assert len(starts) == 12
    # across the change on Sun 14 Mar: always 6 PM in New York, 23:00 then 22:00 UTC
    assert {s.astimezone(anxiety_zone()).hour for s in starts} == {18}
    utc_hours = [s.astimezone(UTC).hour for s in starts]
    assert utc_hours[:10] == [23] * 10 and utc_hours[10:] == [22, 22]
    assert starts[0].date() == date(2027, 1, 5) and starts[-1].date() == date(2027, 3, 23)


def anxiety_zone() -> ZoneInfo:
    return ZoneInfo("America/New_York")


async def test_end_date_cancelled_sessions_and_waitlist_have_no_link(core: Core, store: FakeStore,
                                                                     clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    grief = next(g for g in store.data.groups.values() if g.topic == "grief_loss")
    store.data.groups[grief.id] = replace(grief, end_date=date(2027, 2, 24), join_link="https://meet.example/g")
    store.data.cancelled.add((grief.id, date(2027, 1, 20)))
    first = Chat(core, "a")
    await book(first, "grief_loss")
    [file] = files(first)
    _, event = parsed(file)
    assert "UNTIL" in event["RRULE"]
    starts = occurrences(file)
    assert [s.date() for s in starts][:3] == [date(2027, 1, 6), date(2027, 1, 13), date(2027, 1, 27)]
    assert starts[-1].date() == date(2027, 2, 24) and len(starts) == 7
    second = Chat(core, "b")  # the one seat is gone: waitlist, no file, no link
    await second.act(actions.encode("sessions", "grief_loss"))
    await second.say("New Jersey")
    await second.press("Join waitlist")
    assert files(second) == [] and "meet.example" not in second.text
    await second.say("add to my calendar")
    assert second.last.intent == "add_calendar" and files(second) == []
    assert "waitlist" in second.text


async def test_add_to_my_calendar_and_the_update_on_cancel(chat: Chat, clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    ref = await book(chat)
    [booked] = files(chat)
    clock.advance(hours=2)
    await chat.say("can I add the sessions to my calendar")
    assert chat.last.intent == "add_calendar"
    [again] = files(chat)
    assert str(parsed(again)[1]["UID"]) == str(parsed(booked)[1]["UID"])
    clock.advance(hours=1)
    await chat.act(actions.encode("cancel", ref))
    await chat.press("Yes, cancel")
    [cancel] = files(chat)
    cal, event = parsed(cancel)
    assert str(cal["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == f"{ref}@frontdoor"
    assert int(event["SEQUENCE"]) > int(parsed(booked)[1]["SEQUENCE"])
    assert vobject.readOne(cancel.text).method.value == "CANCEL"


async def test_a_move_sends_the_same_uid_with_a_higher_sequence(chat: Chat, store: FakeStore,
                                                                clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    store.add_group(topic="anxiety", title="Anxiety group", weekday=3, capacity=5)
    ref = await book(chat)
    [booked] = files(chat)
    clock.advance(minutes=5)
    await chat.say("can I move to the thursday session")
    await chat.press("Thursday") if any("Thursday" in label for label in chat.labels) else None
    if not files(chat):
        await chat.press("Move")
    [moved] = files(chat)
    _, event = parsed(moved)
    assert str(event["UID"]) == f"{ref}@frontdoor"
    assert int(event["SEQUENCE"]) > int(parsed(booked)[1]["SEQUENCE"])
    assert occurrences(moved)[0].weekday() == 3


async def test_a_promoted_member_gets_their_calendar_file_by_message(core: Core, store: FakeStore,
                                                                     clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    first, second = Chat(core, "a"), Chat(core, "b")
    ref = await book(first, "grief_loss")
    await second.act(actions.encode("sessions", "grief_loss"))
    await second.say("New Jersey")
    await second.press("Join waitlist")
    await first.act(actions.encode("cancel", ref))
    await first.press("Yes, cancel")
    [promoted] = [s.item.notice for s in store.data.outbox.values()
                  if s.item.notice.audience == "member" and s.item.notice.member_key == "console:b"]
    [file] = promoted.files
    assert occurrences(file)[0].date() == date(2027, 1, 6)


# -- time zones ----------------------------------------------------------------------------

async def test_booking_and_local_time_show_both_zones(chat: Chat, clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    await chat.say("I live in Florida")  # two zones: asked once, then kept
    await chat.say("what time is that for me")
    assert "Which time zone" in chat.text
    await chat.press("Central")
    assert "Tuesdays 5:00 PM CT for you" in chat.text
    await chat.act(actions.encode("sessions", "anxiety"))
    await chat.press("Book")
    assert "Tuesdays 6:00 PM ET (5:00 PM CT for you)" in chat.text


# -- cycles --------------------------------------------------------------------------------

async def test_a_cycle_under_way_offers_the_next_with_a_waitlist_place(chat: Chat, store: FakeStore,
                                                                       clock: FakeClock) -> None:
    dbt = next(g for g in store.data.groups.values() if g.topic == "dbt_skills")
    store.data.groups[dbt.id] = replace(dbt, weeks=12)  # Saturdays from Sat 9 Jan 2027
    clock.current = datetime(2027, 2, 1, 12, tzinfo=UTC)
    await chat.act(actions.encode("sessions", "dbt_skills"))
    await chat.say("Texas")
    assert ("12-week cycle started Sat 9 Jan 2027, ends Sat 27 Mar 2027; next cycle from Sat 3 Apr 2027"
            in chat.text)
    await chat.press("Book")
    assert "doesn't take new members part-way through" in chat.text
    assert store.data.bookings == {}
    await chat.press("Hold my place for the next cycle")
    [booking] = store.data.bookings.values()
    assert booking.status == "waitlisted" and "next cycle" in chat.text
    assert any("For the next cycle" in t for t in store.staff_texts())


async def test_a_group_that_takes_members_mid_cycle_books_and_says_so(chat: Chat, store: FakeStore,
                                                                      clock: FakeClock) -> None:
    dbt = next(g for g in store.data.groups.values() if g.topic == "dbt_skills")
    store.data.groups[dbt.id] = replace(dbt, weeks=12, join_mid_cycle=True)
    clock.current = datetime(2027, 2, 1, 12, tzinfo=UTC)
    await book(chat, "dbt_skills", "Texas")
    assert "joining part-way through this 12-week cycle" in chat.text


async def test_before_the_cycle_starts_booking_is_as_usual(chat: Chat, store: FakeStore,
                                                          clock: FakeClock) -> None:
    dbt = next(g for g in store.data.groups.values() if g.topic == "dbt_skills")
    store.data.groups[dbt.id] = replace(dbt, weeks=12)
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    await book(chat, "dbt_skills", "Texas")
    assert "part-way" not in chat.text
