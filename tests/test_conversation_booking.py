"""Transcripts: residency and booking through the real core over fake ports."""

from __future__ import annotations

import copy

from bot import actions
from bot.core import Core
from bot.messages import Inbound, MemberKey
from tests.chat import Chat
from tests.fakes import FakeClock, FakeStore


async def test_first_contact_shows_the_notice_once(chat: Chat) -> None:
    await chat.say("hi")
    assert "automated" in chat.text and "not an emergency service" in chat.text
    assert chat.last.intent == "greeting"
    await chat.say("hello again")
    assert "automated" not in chat.text


async def test_book_a_seat_with_buttons_all_the_way(chat: Chat, store: FakeStore) -> None:
    await chat.say("hi")
    await chat.press("Book a seat")
    assert "Which US state" in chat.text
    await chat.say("I live in New Jersey")
    assert "Got it: New Jersey." in chat.text
    assert "Anxiety" in chat.text  # the list it was heading for, shown straight after
    await chat.press("Anxiety")
    assert "Tuesdays 6:00 PM ET" in chat.text
    await chat.press("Book")
    assert "You're booked into Anxiety group" in chat.text
    group = next(g for g in store.data.groups.values() if g.topic == "anxiety")
    assert group.taken == 1
    [booking] = store.data.bookings.values()
    assert booking.status == "confirmed" and booking.ref in chat.text
    assert any("New booking" in t and booking.ref in t for t in store.staff_texts())


async def test_typing_works_too(chat: Chat, store: FakeStore) -> None:
    await chat.say("I'm in Florida")
    assert chat.last.intent == "set_residence"
    assert "Got it: Florida." in chat.text
    await chat.say("i want to join the anxiety group")
    assert "Book: Tuesdays 6:00 PM ET" in chat.labels
    await chat.press("Book")
    assert "You're booked" in chat.text
    await chat.say("my bookings")
    assert chat.last.intent == "my_bookings"
    assert "Anxiety group" in chat.text and "booked" in chat.text


async def test_not_eligible_is_offered_dbt_skills_kindly(chat: Chat) -> None:
    await chat.act(actions.encode("groups"))
    await chat.say("Texas")
    assert "Got it: Texas." in chat.text
    assert "only for people who live in Florida, New Jersey and New York" in chat.text
    assert "DBT skills group" in chat.text
    assert not any("Anxiety" in label for label in chat.labels)
    await chat.press("Book")
    assert "You're booked into DBT skills group" in chat.text


async def test_outside_the_us(chat: Chat) -> None:
    await chat.act(actions.encode("groups"))
    await chat.say("I live in Canada")
    assert "outside the US" in chat.text and "DBT skills" in chat.text


async def test_therapy_group_refused_for_ineligible_member_even_with_a_crafted_action(
        chat: Chat, store: FakeStore) -> None:
    await chat.say("I live in Ohio")
    anxiety = next(g for g in store.data.groups.values() if g.topic == "anxiety")
    await chat.act(actions.encode("book", anxiety.id))
    assert "only to people who live in" in chat.text
    assert store.data.bookings == {}


async def test_unrecognisable_state_is_asked_again_never_guessed(chat: Chat, store: FakeStore) -> None:
    await chat.act(actions.encode("groups"))
    await chat.say("purple")
    assert "couldn't tell which state" in chat.text
    assert chat.last.intent is None
    member = store.data.members["console:u1"]
    assert member.residence_code is None
    await chat.say("07030")
    assert "Got it: New Jersey." in chat.text


async def test_one_seat_per_group(chat: Chat, store: FakeStore) -> None:
    await chat.say("NY")
    anxiety = next(g for g in store.data.groups.values() if g.topic == "anxiety")
    await chat.act(actions.encode("book", anxiety.id))
    await chat.act(actions.encode("book", anxiety.id))
    assert "You already have a seat" in chat.text
    assert store.data.groups[anxiety.id].taken == 1


async def test_full_group_waitlists_then_cancel_promotes_and_tells(core: Core, store: FakeStore) -> None:
    grief = next(g for g in store.data.groups.values() if g.topic == "grief_loss")
    first, second = Chat(core, "a"), Chat(core, "b")
    for member in (first, second):
        await member.say("Florida")
        await member.act(actions.encode("book", grief.id))
    assert "You're booked" in first.text
    assert "waitlist" in second.text and "number 1" in second.text
    assert any("Waitlist" in t for t in store.staff_texts())
    await first.say("cancel my booking")
    assert "Cancel your seat in Grief and loss group" in first.text
    await first.press("Yes, cancel")
    assert "is cancelled" in first.text
    statuses = {b.member_key: b.status for b in store.data.bookings.values()}
    assert statuses == {"console:b": "confirmed"}
    assert store.data.groups[grief.id].taken == 1
    member_notices = [s.item.notice for s in store.data.outbox.values() if s.item.notice.audience == "member"]
    assert [n.member_key for n in member_notices] == ["console:b"]
    assert "a seat opened" in member_notices[0].text
    kinds = [s.item.notice.kind for s in store.data.outbox.values() if s.item.notice.audience == "staff"]
    assert kinds == ["booking", "waitlist", "cancellation", "promotion"]


async def test_keep_booking_after_all(chat: Chat, store: FakeStore) -> None:
    await chat.say("NJ")
    anxiety = next(g for g in store.data.groups.values() if g.topic == "anxiety")
    await chat.act(actions.encode("book", anxiety.id))
    await chat.say("cancel")
    await chat.say("no")
    assert "kept" in chat.text
    assert len(store.data.bookings) == 1


async def test_cannot_cancel_someone_elses_booking_with_a_forged_action(core: Core, store: FakeStore) -> None:
    owner, intruder = Chat(core, "owner"), Chat(core, "intruder")
    await owner.say("NJ")
    anxiety = next(g for g in store.data.groups.values() if g.topic == "anxiety")
    await owner.act(actions.encode("book", anxiety.id))
    [booking] = store.data.bookings.values()
    await intruder.act(actions.encode("cancel", booking.ref))
    assert "that option has expired" in intruder.text.lower()
    await intruder.act(actions.encode("cancelyes", booking.ref))
    assert "already cancelled or no longer exists" in intruder.text
    assert booking.ref not in intruder.text
    assert list(store.data.bookings.values()) == [booking]


async def test_still_in_florida_check_when_booking_later(chat: Chat, store: FakeStore, clock: FakeClock) -> None:
    await chat.say("I'm in Florida")
    clock.advance(days=3)
    anxiety = next(g for g in store.data.groups.values() if g.topic == "anxiety")
    await chat.act(actions.encode("book", anxiety.id))
    assert "are you still in Florida?" in chat.text
    await chat.press("I've moved")
    assert "Which US state" in chat.text
    await chat.say("Oregon")
    assert "Got it: Oregon." in chat.text
    assert store.data.bookings == {}
    clock.advance(days=3)
    dbt = next(g for g in store.data.groups.values() if g.topic == "dbt_skills")
    await chat.act(actions.encode("book", dbt.id))
    await chat.say("yes")
    assert "You're booked into DBT skills group" in chat.text


async def test_state_survives_a_restart_mid_booking(store: FakeStore, clock: FakeClock, core: Core) -> None:
    before = Chat(core)
    await before.act(actions.encode("groups"))
    assert "Which US state" in before.text
    restarted = Core(store, clock, core.deps)
    after = Chat(restarted)
    await after.say("New York")
    assert "Got it: New York." in after.text
    assert "Pick one to see its sessions" in after.text


async def test_idle_flow_expires_politely(chat: Chat, clock: FakeClock) -> None:
    await chat.act(actions.encode("groups"))
    clock.advance(hours=2)
    await chat.say("what does it cost")
    assert "timed out" in chat.text
    assert "$35" in chat.text


async def test_duplicate_event_changes_nothing(chat: Chat, store: FakeStore) -> None:
    await chat.say("NJ")
    anxiety = next(g for g in store.data.groups.values() if g.topic == "anxiety")
    results = [await chat.act(actions.encode("book", anxiety.id), event_id="evt-1") for _ in range(10)]
    assert results[0].replies and not results[0].duplicate
    assert all(r.duplicate and r.replies == () for r in results[1:])
    assert len(store.data.bookings) == 1
    assert store.data.groups[anxiety.id].taken == 1


async def test_handoff_notifies_staff(chat: Chat, store: FakeStore) -> None:
    await chat.say("can I talk to a real person please")
    assert chat.last.intent == "handoff"
    assert "asked a person on our team" in chat.text
    [notice] = [s.item.notice for s in store.data.outbox.values()]
    assert notice.kind == "handoff" and notice.member_key == "console:u1"
    assert "talk to a real person" not in notice.text


async def test_members_on_two_platforms_never_collide(core: Core, store: FakeStore) -> None:
    slack = await core.handle(Inbound(MemberKey("slack", "U1"), text="NJ"))
    discord = await core.handle(Inbound(MemberKey("discord", "U1"), text="Texas"))
    assert "Got it: New Jersey." in slack.replies[-2].text and "Anxiety" in slack.replies[-1].text
    assert "Got it: Texas." in discord.replies[-1].text
    assert set(store.data.members) == {"slack:U1", "discord:U1"}


async def test_bookings_view_is_read_only(core: Core, store: FakeStore) -> None:
    stranger = MemberKey("slack", "U404")
    view = await core.bookings_view(stranger)
    assert "don't have any bookings" in view.replies[0].text
    assert "slack:U404" not in store.data.members
    chat = Chat(core, "U405", platform="slack")
    await chat.say("NJ")
    anxiety = next(g for g in store.data.groups.values() if g.topic == "anxiety")
    await chat.act(actions.encode("book", anxiety.id))
    before = copy.deepcopy(store.data.members["slack:U405"])
    view = await core.bookings_view(chat.member)
    assert "Anxiety group" in view.replies[0].text
    assert any(b.action.startswith("fd:cancel:") for b in view.replies[0].buttons)
    assert store.data.members["slack:U405"] == before
