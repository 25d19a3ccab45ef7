"""Session reminders on a manual clock: each offset, exactly once, across a week and a
daylight-saving change; none for the excluded cases; late only within the window."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from bot import actions
from bot.core import Core
from bot.domain import Member
from bot.reminders import SessionReminders, parse_offsets
from tests.chat import Chat
from tests.fakes import FakeClock, FakeStore

import pytest

# The anxiety group of the shared fixture meets Tuesdays 6:00 PM New York time from
# Tue 5 Jan 2027; US clocks go forward on Sun 14 Mar 2027.


def reminders_for(store: FakeStore, user: str = "u1") -> list[str]:
    return [s.item.notice.text for s in store.data.outbox.values()
            if s.item.notice.kind == "reminder" and s.item.notice.member_key == f"console:{user}"]


async def book(chat: Chat, state: str = "I live in New Jersey") -> str:
    await chat.act(actions.encode("sessions", "anxiety"))
    await chat.say(state)
    await chat.press("Book")
    assert "You're booked into Anxiety group" in chat.text, chat.text
    return next(w.rstrip(".") for w in chat.text.split() if w.startswith("FD-"))


async def tick_through(job: SessionReminders, clock: FakeClock, until: datetime,
                       step: timedelta = timedelta(minutes=10)) -> None:
    while clock.current < until:
        clock.current = min(until, clock.current + step)
        await job.run_due(clock.current)


def test_offsets_parse_and_refuse_nonsense() -> None:
    assert parse_offsets("24h,1h") == (1440, 60)
    assert parse_offsets("90m, 2d") == (2880, 90)
    assert parse_offsets("") == ()
    with pytest.raises(ValueError, match="'soon'"):
        parse_offsets("24h,soon")


async def test_each_offset_once_a_week_for_three_weeks(chat: Chat, store: FakeStore, clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    ref = await book(chat)
    job = SessionReminders(store, (1440, 60))
    await tick_through(job, clock, datetime(2027, 1, 20, 0, tzinfo=UTC))
    sent = reminders_for(store)
    assert len(sent) == 6  # 5, 12 and 19 Jan, at 24 h and at 1 h
    assert "tomorrow, Tue 5 Jan, 6:00 PM ET" in sent[0] and "in an hour, Tue 5 Jan, 6:00 PM ET" in sent[1]
    assert all(ref in text for text in sent)
    reminder = next(s.item.notice for s in store.data.outbox.values() if s.item.notice.kind == "reminder")
    assert [b.label for b in reminder.buttons] == ["Can't make it this week", "Cancel my seat"]
    assert reminder.buttons[0].action == f"fd:skip:{ref}-20270105"
    # another process, or this one restarted: nothing more for the same sessions
    again = SessionReminders(store, (1440, 60))
    await again.run_due(clock.current)
    assert len(reminders_for(store)) == 6


async def test_across_the_daylight_saving_change_times_stay_local(chat: Chat, store: FakeStore,
                                                                 clock: FakeClock) -> None:
    clock.current = datetime(2027, 3, 1, 12, tzinfo=UTC)
    await book(chat)
    job = SessionReminders(store, (1440, 60))
    due: list[datetime] = []
    while clock.current < datetime(2027, 3, 17, tzinfo=UTC):
        clock.current += timedelta(minutes=5)
        before = len(reminders_for(store))
        await job.run_due(clock.current)
        due += [clock.current] * (len(reminders_for(store)) - before)
    sent = reminders_for(store)
    assert len(sent) == 6 and all("6:00 PM ET" in text for text in sent)
    # 1 h before 6 PM New York time is 22:00 UTC in winter (EST), 21:00 UTC after 14 Mar (EDT)
    hour_before = [d for d, text in zip(due, sent) if "in an hour" in text]
    assert hour_before == [datetime(2027, 3, 2, 22, tzinfo=UTC), datetime(2027, 3, 9, 22, tzinfo=UTC),
                           datetime(2027, 3, 16, 21, tzinfo=UTC)]


async def test_member_zone_is_shown_with_the_groups(chat: Chat, store: FakeStore, clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    await book(chat)
    member = store.data.members["console:u1"]
    store.data.members["console:u1"] = Member(**{**{f: getattr(member, f) for f in member.__slots__},
                                                 "timezone": "America/Los_Angeles"})
    job = SessionReminders(store, (60,))
    await tick_through(job, clock, datetime(2027, 1, 5, 23, 30, tzinfo=UTC))
    [text] = reminders_for(store)
    assert "Tue 5 Jan, 3:00 PM PT / 6:00 PM ET" in text


async def test_nothing_for_the_excluded(core: Core, store: FakeStore, clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    # four members in the three-seat anxiety group: the fourth waits
    chats = [Chat(core, f"m{i}") for i in range(4)]
    refs = [await book(c) for c in chats[:3]]
    await chats[3].act(actions.encode("sessions", "anxiety"))
    await chats[3].say("New York")
    await chats[3].press("Join waitlist")
    assert "waitlist" in chats[3].text
    # m0 cancels (m3 is promoted: they do get reminders), m1 deletes their data, m2 stops reminders
    await chats[0].act(actions.encode("cancel", refs[0]))
    await chats[0].press("Yes, cancel")
    await chats[1].say("delete my data")
    await chats[1].press("delete")
    await chats[2].say("stop reminders")
    assert "no more reminders" in chats[2].text
    anxiety = next(g for g in store.data.groups.values() if g.topic == "anxiety")
    store.data.cancelled.add((anxiety.id, date(2027, 1, 12)))  # staff cancelled the second week
    job = SessionReminders(store, (60,))
    await tick_through(job, clock, datetime(2027, 1, 20, tzinfo=UTC))
    assert reminders_for(store, "m0") == [] and reminders_for(store, "m1") == []
    assert reminders_for(store, "m2") == []
    assert len(reminders_for(store, "m3")) == 2  # 5 and 19 Jan; 12 Jan was cancelled
    assert not any("12 Jan" in text for text in reminders_for(store, "m3"))


async def test_a_waitlisted_member_gets_none(core: Core, store: FakeStore, clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    grief = [Chat(core, "g1"), Chat(core, "g2")]  # one seat
    for c in grief:
        await c.act(actions.encode("sessions", "grief_loss"))
        await c.say("New Jersey")
        await c.press("Book") if any("Book" in label for label in c.labels) else await c.press("Join waitlist")
    job = SessionReminders(store, (60,))
    await tick_through(job, clock, datetime(2027, 1, 7, tzinfo=UTC))
    assert len(reminders_for(store, "g1")) == 1 and reminders_for(store, "g2") == []


async def test_a_process_down_across_a_reminder_sends_it_late_only_within_its_window(
        chat: Chat, store: FakeStore, clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    await book(chat)
    job = SessionReminders(store, (1440, 60))
    await job.run_due(clock.current)
    # down from before the 24 h reminder (Mon 4 Jan 23:00 UTC) until Tue 5 Jan 10:00 UTC
    clock.current = datetime(2027, 1, 5, 10, tzinfo=UTC)
    restarted = SessionReminders(store, (1440, 60))
    await restarted.run_due(clock.current)
    [late] = reminders_for(store)
    assert "today, Tue 5 Jan, 6:00 PM ET" in late  # says what is really left
    # down across the 1 h reminder and the session itself: skipped, not sent
    clock.current = datetime(2027, 1, 5, 23, 30, tzinfo=UTC)
    await SessionReminders(store, (1440, 60)).run_due(clock.current)
    assert len(reminders_for(store)) == 1
    # ... and the next week goes on as usual
    await tick_through(restarted, clock, datetime(2027, 1, 13, tzinfo=UTC))
    assert len(reminders_for(store)) == 3


async def test_down_until_after_both_offsets_sends_only_the_nearer_one(
        chat: Chat, store: FakeStore, clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    await book(chat)
    await SessionReminders(store, (1440, 60)).run_due(clock.current)
    clock.current = datetime(2027, 1, 5, 22, 30, tzinfo=UTC)  # 30 minutes before the session
    await SessionReminders(store, (1440, 60)).run_due(clock.current)
    [text] = reminders_for(store)
    assert "in 30 minutes" in text


async def test_skipping_a_week_leaves_out_that_weeks_reminders(chat: Chat, store: FakeStore,
                                                               clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    ref = await book(chat)
    job = SessionReminders(store, (1440, 60))
    await tick_through(job, clock, datetime(2027, 1, 4, 23, 5, tzinfo=UTC))
    [day_before] = reminders_for(store)
    await chat.act(actions.encode("skip", f"{ref}-20270105"))
    assert "your seat stays yours" in chat.text
    await tick_through(job, clock, datetime(2027, 1, 12, 23, 30, tzinfo=UTC))
    assert len(reminders_for(store)) == 3  # no 1 h reminder on the 5th; both on the 12th


async def test_a_schedule_change_re_aims_the_reminders(chat: Chat, store: FakeStore, clock: FakeClock) -> None:
    from dataclasses import replace
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    await book(chat)
    job = SessionReminders(store, (60,), sync_every=timedelta(minutes=10))
    await job.run_due(clock.current)
    anxiety = next(g for g in store.data.groups.values() if g.topic == "anxiety")
    store.data.groups[anxiety.id] = replace(anxiety, start_time=time(19, 30))
    await tick_through(job, clock, datetime(2027, 1, 6, tzinfo=UTC))
    [text] = reminders_for(store)
    assert "7:30 PM ET" in text


async def test_reminders_off_and_on_again(chat: Chat, store: FakeStore, clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    await book(chat)
    await chat.say("stop reminders")
    assert chat.last.intent == "reminders_off" and "no more reminders" in chat.text
    await chat.say("please stop sending me reminders")
    assert "already off" in chat.text
    job = SessionReminders(store, (60,))
    await tick_through(job, clock, datetime(2027, 1, 6, tzinfo=UTC))
    assert reminders_for(store) == []
    await chat.say("reminders on")
    assert chat.last.intent == "reminders_on" and "on again" in chat.text
    await chat.press("Stop reminders")
    assert "no more reminders" in chat.text
    await chat.press("Reminders on")
    await tick_through(job, clock, datetime(2027, 1, 13, tzinfo=UTC))
    assert len(reminders_for(store)) == 1
