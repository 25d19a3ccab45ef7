"""Messages written outside the member's own turn (a promotion, a staff move or cancelled
session, a schedule change) show the group's time in the member's zone, with the group's
alongside ("Tuesdays 5:00 PM CT / 6:00 PM ET"), as replies and reminders do."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time

from bot import actions, times
from bot.core import Core
from storage.schedule_apply import apply_schedule
from storage.schedule_file import GroupEntry
from tests.chat import Chat
from tests.fakes import FakeClock, FakeStore

CENTRAL = "Tuesdays 5:00 PM CT / 6:00 PM ET"


def texts(store: FakeStore, user: str, kind: str) -> list[str]:
    return [s.item.notice.text for s in store.data.outbox.values()
            if s.item.notice.audience == "member" and s.item.notice.kind == kind
            and s.item.notice.member_key == f"console:{user}"]


async def book(core: Core, store: FakeStore, user: str, topic: str = "anxiety",
               zone: str | None = "America/Chicago") -> str:
    member = Chat(core, user)
    await member.say("New Jersey")
    if zone:
        key = f"console:{user}"
        store.data.members[key] = replace(store.data.members[key], timezone=zone)
    group = next(g for g in store.data.groups.values() if g.topic == topic)
    await member.act(actions.encode("book", group.id))
    return next(b.ref for b in store.data.bookings.values() if b.member_key == f"console:{user}")


def test_weekly_times_read_in_both_zones() -> None:
    start = datetime(2027, 1, 5, 23, tzinfo=UTC)  # Tue 6 PM New York
    assert times.weekly(start, "America/New_York", None) == "Tuesdays 6:00 PM ET"
    assert times.weekly(start, "America/New_York", "America/New_York") == "Tuesdays 6:00 PM ET"
    assert times.weekly(start, "America/New_York", "America/Chicago") == CENTRAL
    assert times.weekly(start, "America/New_York", "Europe/London") == "Tuesdays 11:00 PM GMT / 6:00 PM ET"
    late = datetime(2027, 1, 6, 4, 30, tzinfo=UTC)  # Tue 11:30 PM New York = Wed 4:30 AM London
    assert times.weekly(late, "America/New_York", "Europe/London") == \
        "Wednesdays 4:30 AM GMT / Tuesdays 11:30 PM ET"


async def test_a_promotion_reads_in_the_members_zone(core: Core, store: FakeStore, clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    first = await book(core, store, "a", "grief_loss", zone=None)
    await book(core, store, "b", "grief_loss")  # waits, in Central time
    holder = Chat(core, "a")
    await holder.act(actions.encode("cancel", first))
    await holder.press("Yes, cancel")
    [text] = texts(store, "b", "promotion")
    assert "Wednesdays 5:00 PM CT / 6:00 PM ET" in text  # grief meets Wednesdays 6 PM New York


async def test_staff_changes_read_in_the_members_zone(core: Core, store: FakeStore, clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    store.add_group(topic="anxiety", title="Anxiety group", weekday=3, start_date=date(2027, 1, 7),
                    capacity=4, key="anxiety-thu")
    ref = await book(core, store, "a")
    anxiety = next(g for g in store.data.groups.values() if g.topic == "anxiety" and g.weekday == 1)
    boss = Chat(core, "staff1")
    await boss.say(f"staff cancel {anxiety.key} 2027-01-12")
    [cancelled] = texts(store, "a", "session_cancelled")
    assert f"({CENTRAL})" in cancelled
    await boss.say(f"staff move {ref} anxiety-thu")
    [moved] = texts(store, "a", "moved")
    assert "to Anxiety group (Thursdays 5:00 PM CT / 6:00 PM ET)" in moved


async def test_a_schedule_change_reads_in_the_members_zone(core: Core, store: FakeStore,
                                                           clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    await book(core, store, "a")
    anxiety = next(g for g in store.data.groups.values() if g.topic == "anxiety")
    await apply_schedule(store, [GroupEntry.of(replace(g, start_time=time(19, 0))) if g.id == anxiety.id
                                 else GroupEntry.of(g) for g in store.data.groups.values()], clock.current)
    [text] = texts(store, "a", "schedule_changed")
    assert "now meets Tuesdays 6:00 PM CT / 7:00 PM ET" in text
