"""A group that doesn't take members part-way through a cycle (``join_mid_cycle`` false):
a seat that opens while the cycle runs is not given to the waitlist; it is held for the next
cycle, and the waitlist is promoted (and told, with its calendar file) when the next cycle's
dates are applied. The one promotion path (bot/seats.py) decides, whoever freed the seat."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import vobject

from bot import actions
from bot.core import Core
from bot.domain import Group
from storage.schedule_apply import apply_schedule
from storage.schedule_file import GroupEntry
from tests.chat import Chat
from tests.fakes import FakeClock, FakeStore

# The shared fixture's DBT skills group meets Saturdays 6 PM New York time; here it runs a
# 12-week cycle from Sat 9 Jan 2027 (last session Sat 27 Mar; next cycle from Sat 3 Apr).
BEFORE = datetime(2027, 1, 1, 12, tzinfo=UTC)
DURING = datetime(2027, 2, 1, 12, tzinfo=UTC)


def dbt(store: FakeStore, **changes: object) -> Group:
    group = next(g for g in store.data.groups.values() if g.topic == "dbt_skills")
    store.data.groups[group.id] = replace(group, **{"weeks": 12, "capacity": 1, **changes})  # type: ignore[arg-type]
    return store.data.groups[group.id]


def member_notices(store: FakeStore, user: str) -> list[tuple[str, str]]:
    return [(s.item.notice.kind, s.item.notice.text) for s in store.data.outbox.values()
            if s.item.notice.audience == "member" and s.item.notice.member_key == f"console:{user}"]


def status(store: FakeStore, user: str) -> str | None:
    held = [b.status for b in store.data.bookings.values() if b.member_key == f"console:{user}"]
    return held[0] if held else None


async def seat_and_waiter(core: Core, store: FakeStore, clock: FakeClock) -> tuple[Chat, Chat, str]:
    """Before the cycle: 'a' has the one seat, 'b' waits (a plain waitlist place)."""
    group = dbt(store)
    clock.current = BEFORE
    a, b = Chat(core, "a"), Chat(core, "b")
    for member in (a, b):
        await member.say("Texas")
        await member.act(actions.encode("book", group.id))
    assert status(store, "a") == "confirmed" and status(store, "b") == "waitlisted"
    ref = next(x.ref for x in store.data.bookings.values() if x.member_key == "console:a")
    return a, b, ref


async def test_a_seat_freed_mid_cycle_is_held_not_given(core: Core, store: FakeStore,
                                                         clock: FakeClock) -> None:
    a, b, ref = await seat_and_waiter(core, store, clock)
    clock.current = DURING
    await a.act(actions.encode("cancel", ref))
    await a.press("Yes, cancel")
    assert status(store, "b") == "waitlisted"  # not dropped into week 4 of 12
    assert not any(kind == "promotion" for kind, _ in member_notices(store, "b"))
    [held] = [t for t in store.staff_texts() if "held for the next cycle" in t]
    assert "Sat 3 Apr 2027" in held and "doesn't take members part-way through" in held


async def test_a_capacity_raise_mid_cycle_holds_too_and_staff_are_told(core: Core, store: FakeStore,
                                                                       clock: FakeClock) -> None:
    await seat_and_waiter(core, store, clock)
    clock.current = DURING
    boss = Chat(core, "staff1")
    key = dbt(store).key
    store.data.groups[dbt(store).id] = replace(dbt(store), taken=1)
    await boss.say(f"staff capacity {key} 3")
    assert status(store, "b") == "waitlisted"
    assert "Promoted" not in boss.text
    assert "held for the next cycle" in boss.text and "Sat 3 Apr 2027" in boss.text


async def test_the_next_cycles_dates_promote_the_waitlist_with_its_calendar(
        core: Core, store: FakeStore, clock: FakeClock) -> None:
    a, b, ref = await seat_and_waiter(core, store, clock)
    clock.current = DURING
    await a.act(actions.encode("cancel", ref))
    await a.press("Yes, cancel")
    later = Chat(core, "c")  # asks mid-cycle: a place held on the waitlist for the next cycle
    await later.say("Texas")
    await later.act(actions.encode("book", dbt(store).id))
    await later.press("Hold my place for the next cycle")
    assert status(store, "c") == "waitlisted" and "as soon as a seat is yours" in later.text
    # the cycle ends; staff apply the next cycle's dates
    clock.current = datetime(2027, 3, 29, 12, tzinfo=UTC)
    group = dbt(store)
    entry = GroupEntry.of(replace(group, start_date=date(2027, 4, 3)))
    result = await apply_schedule(store, [entry], clock.current)
    assert result.ok
    assert status(store, "b") == "confirmed" and status(store, "c") == "waitlisted"  # one seat, in order
    assert any("promoted 1" in change for change in result.changes)
    [(_, text)] = [n for n in member_notices(store, "b") if n[0] == "promotion"]
    assert "for the cycle that starts Sat 3 Apr 2027" in text
    [promotion] = [s.item.notice for s in store.data.outbox.values()
                   if s.item.notice.kind == "promotion" and s.item.notice.audience == "member"
                   and s.item.notice.member_key == "console:b"]
    [ics] = promotion.files
    assert list(vobject.readOne(ics.text).vevent.getrruleset())[0].date() == date(2027, 4, 3)


async def test_a_group_that_takes_members_mid_cycle_promotes_at_once(core: Core, store: FakeStore,
                                                                     clock: FakeClock) -> None:
    a, b, ref = await seat_and_waiter(core, store, clock)
    dbt(store, join_mid_cycle=True)
    clock.current = DURING
    await a.act(actions.encode("cancel", ref))
    await a.press("Yes, cancel")
    assert status(store, "b") == "confirmed"


async def test_after_the_cycle_ended_the_seat_waits_for_the_next_cycle(core: Core, store: FakeStore,
                                                                       clock: FakeClock) -> None:
    a, b, ref = await seat_and_waiter(core, store, clock)
    clock.current = datetime(2027, 3, 29, 12, tzinfo=UTC)  # the last session was Sat 27 Mar
    await a.act(actions.encode("cancel", ref))
    await a.press("Yes, cancel")
    assert status(store, "b") == "waitlisted"  # there is no session to give them yet
    c = Chat(core, "c")
    await c.say("Texas")
    await c.act(actions.encode("book", dbt(store).id))
    assert "Hold my place for the next cycle" in c.labels and status(store, "c") is None
    assert "ended" in c.text


async def test_staff_remove_says_where_the_seat_goes(core: Core, store: FakeStore, clock: FakeClock) -> None:
    _, _, ref = await seat_and_waiter(core, store, clock)
    clock.current = DURING + timedelta(days=1)
    boss = Chat(core, "staff1")
    await boss.say(f"staff remove {ref}")
    assert "held for the next cycle" in boss.text and "goes to the first on the waitlist" not in boss.text
    assert status(store, "b") == "waitlisted"


async def test_a_plain_waitlist_place_before_the_cycle_says_what_happens_once_it_begins(
        core: Core, store: FakeStore, clock: FakeClock) -> None:
    await seat_and_waiter(core, store, clock)
    late = Chat(core, "d")
    await late.say("Texas")
    await late.act(actions.encode("book", dbt(store).id))
    assert "kept for the next cycle" in late.text


async def test_a_member_cannot_switch_into_a_cycle_under_way(core: Core, store: FakeStore,
                                                             clock: FakeClock) -> None:
    saturday = dbt(store)
    sunday = store.add_group(topic="dbt_skills", kind="dbt_skills", title="DBT skills group", weekday=6,
                             start_date=date(2027, 1, 10), weeks=12, capacity=5)
    clock.current = DURING
    store.data.groups[saturday.id] = replace(saturday, join_mid_cycle=True)
    mover = Chat(core, "m")
    await mover.say("Texas")
    await mover.act(actions.encode("book", saturday.id))
    assert status(store, "m") == "confirmed"
    await mover.act(actions.encode("move", f"{next(iter(store.data.bookings.values())).ref}-{sunday.id}"))
    assert "part-way through a cycle" in mover.text
    [booking] = store.data.bookings.values()
    assert booking.group_id == saturday.id


async def test_staff_may_move_someone_into_a_cycle_under_way_and_are_reminded(
        core: Core, store: FakeStore, clock: FakeClock) -> None:
    group = dbt(store, capacity=3)
    other = store.add_group(topic="dbt_skills", kind="dbt_skills", title="DBT skills group", weekday=2,
                            capacity=5, key="dbt-wed")
    clock.current = DURING
    member = Chat(core, "m")
    await member.say("Texas")
    await member.act(actions.encode("book", other.id))
    ref = next(b.ref for b in store.data.bookings.values() if b.member_key == "console:m")
    boss = Chat(core, "staff1")
    await boss.say(f"staff move {ref} {group.key}")
    assert "Moved" in boss.text and "this move overrides that" in boss.text
    await boss.say(f"staff move {ref} dbt-wed")
    assert "Moved" in boss.text and "overrides" not in boss.text
