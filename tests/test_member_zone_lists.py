"""The member's own lists (a group's sessions, "my bookings", the cancel question) show the
weekly time in the member's zone with the group's alongside, as reminders and notices do;
a member in the group's zone (or of unknown zone) sees the group's time alone."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from bot import actions
from bot.core import Core
from tests.chat import Chat
from tests.fakes import FakeClock, FakeStore

CENTRAL = "Tuesdays 5:00 PM CT / 6:00 PM ET"  # the anxiety group meets Tuesdays 6 PM New York


async def member_in(core: Core, store: FakeStore, user: str, zone: str | None) -> Chat:
    chat = Chat(core, user)
    await chat.say("New Jersey")
    key = f"console:{user}"
    store.data.members[key] = replace(store.data.members[key], timezone=zone)
    return chat


async def test_sessions_list_reads_in_the_members_zone(core: Core, store: FakeStore, clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    chat = await member_in(core, store, "c", "America/Chicago")
    await chat.act(actions.encode("sessions", "anxiety"))
    assert f"- {CENTRAL}, first session" in chat.text
    assert any(label == f"Book: {CENTRAL}" for label in chat.labels)


async def test_my_bookings_and_the_cancel_question_read_in_the_members_zone(
        core: Core, store: FakeStore, clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    chat = await member_in(core, store, "c", "America/Chicago")
    group = next(g for g in store.data.groups.values() if g.topic == "anxiety")
    await chat.act(actions.encode("book", group.id))
    ref = next(b.ref for b in store.data.bookings.values() if b.member_key == "console:c")
    await chat.act(actions.encode("mine"))
    assert f"{group.title}, {CENTRAL}, next" in chat.text
    await chat.act(actions.encode("cancel", ref))
    assert f"({CENTRAL})?" in chat.text


async def test_a_member_in_the_groups_zone_sees_one_time(core: Core, store: FakeStore, clock: FakeClock) -> None:
    clock.current = datetime(2027, 1, 1, 12, tzinfo=UTC)
    chat = await member_in(core, store, "e", None)  # New Jersey: Eastern, as the group
    await chat.act(actions.encode("sessions", "anxiety"))
    assert "- Tuesdays 6:00 PM ET, first session" in chat.text and " / " not in chat.text
