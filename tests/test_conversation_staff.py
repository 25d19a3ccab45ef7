"""Transcripts: staff run the schedule from their channel; everyone else sees nothing of it."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest

from bot import actions
from bot.config import CoreConfig
from bot.core import Core
from bot.messages import Inbound, MemberKey
from tests.chat import Chat
from tests.conftest import member_ref, services_for
from tests.fakes import FakeClock, FakeStore

STAFF = member_ref("console:staff1")


@pytest.fixture
def boss(core: Core) -> Chat:
    return Chat(core, "staff1")


async def booked(core: Core, store: FakeStore, user: str, key: str) -> str:
    """A member in Florida books a place in the group with ``key``; returns the booking ref."""
    member = Chat(core, user)
    await member.say("Florida")
    group = next(g for g in store.data.groups.values() if g.key == key)
    await member.act(actions.encode("book", group.id))
    return next(b.ref for b in store.data.bookings.values()
                if b.member_key == f"console:{user}" and b.group_id == group.id)


def member_texts(store: FakeStore, user: str) -> list[str]:
    return [s.item.notice.text for s in store.data.outbox.values()
            if s.item.notice.audience == "member" and s.item.notice.member_key == f"console:{user}"]


def audit_of(store: FakeStore, action: str) -> list[tuple[str | None, str | None]]:
    return [(actor, subject) for what, _, actor, subject in store.data.audit_rows if what == action]


async def test_staff_commands_are_the_fallback_for_everyone_else(core: Core, store: FakeStore) -> None:
    outsider = Chat(core, "m1")
    await outsider.say("hello")
    await outsider.say("blorp wibble")
    fallback = (outsider.last.intent, outsider.text)
    for text in ("staff", "STAFF", "staff groups", "staff roster anxiety-1", "staff capacity anxiety-1 1",
                 "staff ack U-AAAA", "staff export anxiety-1", "staff queue"):
        await outsider.say(text)
        assert (outsider.last.intent, outsider.text) == fallback, text
    assert [s.item.notice.kind for s in store.data.outbox.values()] == [] and store.data.requests == {}
    await outsider.act(actions.encode("ack", "U-AAAA"))
    assert "expired" in outsider.text


async def test_staff_alone_or_unknown_gives_the_help_and_never_a_handoff(boss: Chat, store: FakeStore) -> None:
    for text in ("staff", "staff please", "staff frobnicate anxiety-1"):
        await boss.say(text)
        assert boss.last.intent == "staff_help" and "staff roster KEY" in boss.text
    assert store.data.outbox == {}


async def test_groups_roster_and_export(core: Core, store: FakeStore, boss: Chat) -> None:
    first = await booked(core, store, "m1", "grief-loss-2")
    second = await booked(core, store, "m2", "grief-loss-2")
    await boss.say("staff groups")
    assert "- grief-loss-2: Grief and loss group, Wednesdays 6:00 PM ET, 1/1 seats taken, 1 waiting, open" \
        in boss.text
    await boss.say("staff roster GRIEF-LOSS-2")
    assert f"- {first} confirmed: console @m1" in boss.text
    assert f"- {second} waitlist 1: console @m2" in boss.text
    assert "Florida" not in boss.text and "grief" not in boss.text.split("\n", 1)[1]
    await boss.say("staff export grief-loss-2")
    [reply] = boss.last.replies
    [file] = reply.files
    assert file.mime == "text/csv" and file.name.startswith("grief-loss-2-")
    rows = list(csv.reader(io.StringIO(file.text)))
    assert rows[0] == ["reference", "status", "platform", "mention", "booked_at"]
    assert [r[:4] for r in rows[1:]] == [[first, "confirmed", "console", "@m1"],
                                         [second, "waitlisted", "console", "@m2"]]
    assert audit_of(store, "roster_viewed") == [(STAFF, "grief-loss-2")]
    assert audit_of(store, "roster_exported") == [(STAFF, "grief-loss-2")]


async def test_a_roster_asked_in_public_is_answered_privately(core: Core, store: FakeStore) -> None:
    await booked(core, store, "m1", "anxiety-1")
    for text in ("staff roster anxiety-1", "staff export anxiety-1"):
        outcome = await core.handle(Inbound(MemberKey("console", "staff1"), text=text, channel="public"))
        texts = [r.text for r in outcome.replies]
        assert texts[-2].startswith("A roster isn't something I post in a channel")
        assert "anxiety-1" in texts[-1]


async def test_bad_keys_and_references_get_a_clear_line(boss: Chat) -> None:
    cases = {"staff roster nope": "No group with key 'nope'",
             "staff roster": "Which group?",
             "staff capacity anxiety-1 lots": "whole number",
             "staff cancel anxiety-1 tomorrow": "YYYY-MM-DD",
             "staff remove FD-ZZZZZZ": "No booking with reference FD-ZZZZZZ",
             "staff move FD-ZZZZZZ anxiety-1": "No booking with reference FD-ZZZZZZ",
             "staff done H-ZZZZ": "No request or urgent notice with reference H-ZZZZ",
             "staff ack u-zzzz": "No request or urgent notice with reference U-ZZZZ",
             "staff clear M-0000000000": "No member with reference M-0000000000"}
    for text, expected in cases.items():
        await boss.say(text)
        assert expected in boss.text, text


async def test_capacity_is_refused_below_the_seats_taken_and_a_raise_promotes_in_order(
        core: Core, store: FakeStore, boss: Chat) -> None:
    refs = [await booked(core, store, user, "grief-loss-2") for user in ("m1", "m2", "m3", "m4")]
    await boss.say("staff capacity grief-loss-2 0")
    assert "whole number" in boss.text
    await boss.say("staff capacity grief-loss-2 3")
    assert f"capacity changed from 1 to 3 (3 taken). Promoted from the waitlist and told: {refs[1]}, {refs[2]}." in boss.text
    assert any("a seat opened" in t for t in member_texts(store, "m2"))
    assert not member_texts(store, "m4")
    await boss.say("staff capacity grief-loss-2 2")
    assert "Can't set grief-loss-2 to 2: 3 seats are already taken" in boss.text
    group = next(g for g in store.data.groups.values() if g.key == "grief-loss-2")
    assert (group.capacity, group.taken) == (3, 3)
    assert audit_of(store, "capacity_changed") == [(STAFF, "grief-loss-2")]


async def test_a_closed_group_takes_no_new_bookings(core: Core, store: FakeStore, boss: Chat) -> None:
    await boss.say("staff close anxiety-1")
    assert "closed" in boss.text
    member = Chat(core, "m1")
    await member.say("Florida")
    await member.act(actions.encode("book", 1))
    assert "isn't taking new bookings" in member.text and not store.data.bookings
    await member.act(actions.encode("groups"))
    assert "Anxiety" not in member.text
    await boss.say("staff open anxiety-1")
    await member.act(actions.encode("book", 1))
    assert "You're booked" in member.text
    assert [a for a, *_ in store.data.audit_rows] == ["group_closed", "group_opened"]


async def test_a_closed_group_asked_for_by_topic_says_it_is_closed_not_licensing(
        core: Core, store: FakeStore, boss: Chat) -> None:
    await boss.say("staff close anxiety-1")
    member = Chat(core, "m2")
    await member.say("Florida")  # eligible: the licence is not the reason
    await member.act(actions.encode("sessions", "anxiety"))
    assert "isn't taking new bookings" in member.text
    assert "licence" not in member.text and "only to people who live in" not in member.text
    assert "All groups" in member.labels


async def test_cancelling_one_session_tells_each_confirmed_member_the_next_date(
        core: Core, store: FakeStore, boss: Chat) -> None:
    await booked(core, store, "m1", "anxiety-1")
    await boss.say("staff cancel anxiety-1 2027-01-13")
    assert "has no session on Wed 13 Jan 2027" in boss.text
    await boss.say("staff cancel anxiety-1 2027-01-12 the facilitator is ill")
    assert "Told 1 confirmed member by DM. Next session: Tue 19 Jan 2027." in boss.text
    [told] = member_texts(store, "m1")[-1:]
    assert "session on Tue 12 Jan 2027" in told and "Reason: the facilitator is ill." in told
    assert "Tue 19 Jan 2027" in told
    assert (1, date(2027, 1, 12)) in store.data.cancelled
    await boss.say("staff cancel anxiety-1 2027-01-12")
    assert "already cancelled" in boss.text
    assert audit_of(store, "session_cancelled") == [(STAFF, "anxiety-1@2027-01-12")]
    assert not any("ill" in str(row) for row in store.data.audit_rows)


async def test_remove_frees_the_seat_promotes_and_tells_the_member(core: Core, store: FakeStore,
                                                                   boss: Chat) -> None:
    first = await booked(core, store, "m1", "grief-loss-2")
    await booked(core, store, "m2", "grief-loss-2")
    await boss.say(f"staff remove {first.lower()} asked us by phone")
    assert f"Removed {first} from grief-loss-2" in boss.text
    assert any("cancelled your place" in t and "asked us by phone" in t for t in member_texts(store, "m1"))
    assert any("a seat opened" in t for t in member_texts(store, "m2"))
    assert [b.status for b in store.data.bookings.values()] == ["confirmed"]
    assert audit_of(store, "booking_removed") == [(STAFF, first)]


async def test_move_is_one_step_and_refuses_a_full_group(core: Core, store: FakeStore, boss: Chat) -> None:
    ref = await booked(core, store, "m1", "anxiety-1")
    await booked(core, store, "m2", "grief-loss-2")
    await boss.say(f"staff move {ref} grief-loss-2")
    assert "grief-loss-2 is full (1/1)" in boss.text
    await boss.say(f"staff move {ref} dbt-skills-3")
    assert f"Moved {ref} (seat in anxiety-1) to a seat in dbt-skills-3" in boss.text
    [booking] = [b for b in store.data.bookings.values() if b.member_key == "console:m1"]
    assert booking.ref == ref and booking.group_id == 3
    assert store.data.groups[1].taken == 0 and store.data.groups[3].taken == 1
    assert any("moved your seat" in t for t in member_texts(store, "m1"))
    assert audit_of(store, "booking_moved") == [(STAFF, ref)]


async def test_a_member_holds_at_most_two_places(core: Core, store: FakeStore) -> None:
    await booked(core, store, "m1", "anxiety-1")
    await booked(core, store, "m1", "grief-loss-2")
    member = Chat(core, "m1")
    await member.act(actions.encode("book", 3))
    assert "each member can hold up to 2 at a time" in member.text
    assert len(store.data.bookings) == 2


async def test_handoff_requests_queue_until_done(core: Core, store: FakeStore, boss: Chat, clock: FakeClock) -> None:
    member = Chat(core, "m1")
    await member.say("can I talk to a real person please")
    [notice] = [s.item.notice for s in store.data.outbox.values()]
    ref = notice.ref
    assert ref and ref.startswith("H-") and ref in notice.text
    clock.advance(minutes=25)
    await boss.say("staff queue")
    assert f"- {ref}: {member_ref('console:m1')} on console, waiting 25 min" in boss.text
    await boss.act(actions.encode("done", ref))
    assert f"{ref} is done" in boss.text
    await boss.say("staff queue")
    assert "No open" in boss.text
    await boss.say(f"staff done {ref}")
    assert "already marked done" in boss.text
    assert audit_of(store, "request_done") == [(STAFF, ref)]


async def test_the_first_to_take_an_urgent_notice_is_recorded(core: Core, store: FakeStore, boss: Chat,
                                                              clock: FakeClock) -> None:
    await Chat(core, "m1").say("I want to kill myself")
    [notice] = [s.item.notice for s in store.data.outbox.values()]
    ref = notice.ref
    assert ref and re.fullmatch(r"U-[A-Z2-9]{4}", ref) and notice.text.startswith(f"URGENT {ref}:")
    clock.advance(minutes=3)
    await boss.act(actions.encode("ack", ref))
    assert f"{ref} is yours" in boss.text
    taken = [s.item.notice for s in store.data.outbox.values() if s.item.notice.kind == "urgent_taken"]
    assert [n.text for n in taken] == [f"{ref}: taken by {{member}} at 15:03 UTC."]
    assert taken[0].member_key == "console:staff1"
    two_staff = Core(store, clock, services_for(CoreConfig(staff_ids=frozenset({"staff1", "staff2"}))))
    other = Chat(two_staff, "staff2")
    await other.act(actions.encode("ack", ref))
    assert f"{ref} was already taken by @staff1 at 15:03 UTC" in other.text
    await boss.say(f"staff ack {ref.lower()}")
    assert f"{ref} was already taken by you at 15:03 UTC" in boss.text
    assert audit_of(store, "urgent_acknowledged") == [(STAFF, ref)]
    assert store.data.requests[ref].acked_by == "console:staff1"


async def test_every_staff_action_is_audited_without_text(core: Core, store: FakeStore, boss: Chat) -> None:
    await Chat(core, "m1").say("I want to end my life")
    ref = store.data.members["console:m1"].ref
    await boss.say(f"staff clear {ref}")
    assert audit_of(store, "risk_flag_cleared") == [(STAFF, ref)]
    assert STAFF.startswith("M-") and "staff1" not in str(store.data.audit_rows)


async def test_the_joining_link_goes_only_to_confirmed_members(core: Core, store: FakeStore,
                                                               boss: Chat) -> None:
    from dataclasses import replace
    store.data.groups[2] = replace(store.data.groups[2], join_link="https://meet.example/grief")
    first, second = Chat(core, "m1"), Chat(core, "m2")
    for member in (first, second):
        await member.say("Florida")
        await member.act(actions.encode("book", 2))
    assert "Joining link: https://meet.example/grief" in first.text
    assert "meet.example" not in second.text and "waitlist" in second.text
    assert not any("meet.example" in t for t in store.staff_texts())
    await boss.say("staff capacity grief-loss-2 2")
    assert any("Joining link: https://meet.example/grief" in t for t in member_texts(store, "m2"))
    await boss.say("staff roster grief-loss-2")
    assert "meet.example" not in boss.text



async def test_a_cancelled_session_is_not_shown_as_the_next_one(core: Core, store: FakeStore,
                                                                boss: Chat) -> None:
    await booked(core, store, "m1", "anxiety-1")
    await boss.say("staff cancel anxiety-1 2027-01-05 snow")
    member = Chat(core, "m1")
    await member.say("my bookings")
    assert "next Tue 12 Jan 2027" in member.text and "5 Jan" not in member.text
    newcomer = Chat(core, "m2")
    await newcomer.say("Florida")
    await newcomer.act(actions.encode("sessions", "anxiety"))
    assert "first session Tue 12 Jan 2027" in newcomer.text


async def test_move_refuses_a_licensed_group_for_a_member_who_may_not_join_it(
        core: Core, store: FakeStore, boss: Chat) -> None:
    """Tester b09: an Oregon member was moved into a FL/NY/NJ-only therapy group, silently."""
    member = Chat(core, "m1")
    await member.say("i live in oregon")
    await member.act(actions.encode("book", 3))  # the DBT skills group, open to everyone
    ref = next(b.ref for b in store.data.bookings.values() if b.member_key == "console:m1")
    await boss.say(f"staff move {ref} anxiety-1")
    assert f"{ref} stays where it is: the member lives in Oregon" in boss.text
    assert f"staff move {ref} anxiety-1 force" in boss.text
    assert [b.group_id for b in store.data.bookings.values()] == [3]
    await boss.say(f"staff move {ref} anxiety-1 force")
    assert f"Moved {ref} (seat in dbt-skills-3) to a seat in anxiety-1" in boss.text
