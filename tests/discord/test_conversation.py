"""Transcripts on Discord: the same conversations as the core and Slack tests, end to end.

Each step is a recorded gateway payload (DM, slash command, button press) parsed by
discord.py and handled by the real client and core on the test database; what the
member sees is what FakeDiscord received.
"""

from __future__ import annotations

import re

from adapters.discord.notifier import DiscordNotifier
from adapters.wiring import Runtime, build_console
from bot.domain import Booking
from tests.discord.conftest import settings
from tests.discord.fake_discord import STAFF_CHANNEL_ID, FakeDiscord
from tests.discord.world import MEMBER_ID, DiscordMember, World
from tests.fakes import FakeClock

KEY = f"discord:{MEMBER_ID}"
DEFERRED_MESSAGE, DEFERRED_UPDATE = 5, 6


async def bookings_of(app: Runtime, key: str = KEY) -> list[Booking]:
    async with app.uow_factory() as uow:
        return await uow.bookings.for_member(key)


def booking_ref(text: str) -> str:
    match = re.search(r"FD\\?-[A-Z0-9]{6}", text)
    assert match, text
    return match.group(0).replace("\\", "")


async def test_a_whole_booking_by_dm_slash_commands_and_buttons(river: DiscordMember, app: Runtime,
                                                                fake: FakeDiscord) -> None:
    turn = await river.dm("hi")
    assert "automated" in turn.text and "not an emergency service" in turn.text
    assert "Book a seat" in turn.labels and all(s.via == "channel" for s in turn.sent)

    turn = await river.command("book")
    assert [c.body for c in turn.callbacks] == [{"type": DEFERRED_MESSAGE}]  # in DM: not ephemeral
    assert "Which US state" in turn.text
    assert all(s.via == "followup" and not s.ephemeral for s in turn.sent)

    turn = await river.dm("I live in New Jersey")
    assert "Got it: New Jersey." in turn.text
    turn = await river.press("Anxiety")
    assert [c.body for c in turn.callbacks] == [{"type": DEFERRED_UPDATE}]
    assert "Tuesdays 6:00 PM ET" in turn.text

    turn = await river.press("Book: Tuesdays")
    assert "You're booked into Anxiety group" in turn.text
    ref = booking_ref(turn.text)
    [booking] = await bookings_of(app)
    assert booking.ref == ref and booking.status == "confirmed"

    turn = await river.command("mybookings")
    assert "Anxiety group" in turn.text and ref in turn.text.replace("\\", "")
    turn = await river.press("Cancel Anxiety group")
    assert "Cancel your seat in Anxiety group" in turn.text
    turn = await river.press("Yes, cancel")
    assert "is cancelled" in turn.text
    assert await bookings_of(app) == []

    async with app.uow_factory() as uow:
        notices = [i.notice for i in await uow.outbox.for_member(KEY)]
    assert [(n.kind, n.platform, n.audience) for n in notices] == [
        ("booking", "discord", "staff"), ("cancellation", "discord", "staff")]
    assert fake.public() == []  # nothing at all in a server channel


async def test_help_and_frontdoor_commands_open_the_menu(river: DiscordMember) -> None:
    turn = await river.command("help")
    assert "Here is what I can help with" in turn.text and "Talk to a person" in turn.labels
    turn = await river.command("frontdoor")
    assert "Here is what I can help with" in turn.text
    turn = await river.command("frontdoor", message="what does it cost?")
    assert "$35" in turn.text


async def test_typing_works_too(river: DiscordMember, app: Runtime) -> None:
    await river.dm("I'm in Florida")
    assert "Got it: Florida." in river.last.text
    turn = await river.dm("i want to join the anxiety group")
    assert "Book: Tuesdays 6:00 PM ET" in turn.labels
    await river.press("Book: Tuesdays")
    assert "You're booked" in river.last.text
    turn = await river.dm("my bookings")
    assert "Anxiety group" in turn.text and "booked" in turn.text


async def test_not_eligible_is_offered_dbt_skills(river: DiscordMember) -> None:
    await river.command("book")
    turn = await river.dm("Texas")
    assert "Got it: Texas." in turn.text and "DBT skills" in turn.text
    assert not any("Anxiety" in label for label in turn.labels)
    await river.press("Book")
    assert "You're booked into DBT skills group" in river.last.text


async def test_waitlist_then_cancel_promotes_and_the_member_is_told_by_dm(
        world: World, app: Runtime, fake: FakeDiscord) -> None:
    members = [world.member(MEMBER_ID + n, f"M{n}") for n in range(3)]
    for member in members:
        await member.dm("Florida")
        await member.dm("i want to join the trauma group")
        await member.press(": Fridays")  # "Book: ..." or "Join waitlist: ..."
    first, _, third = members
    assert "You're booked" in first.last.text
    assert "waitlist" in third.last.text and "number 1" in third.last.text
    await first.command("mybookings")
    await first.press("Cancel Trauma")
    await first.press("Yes, cancel")
    assert "is cancelled" in first.last.text
    assert [b.status for b in await bookings_of(app, f"discord:{third.id}")] == ["confirmed"]

    relay = app.relay(DiscordNotifier(world.client, STAFF_CHANNEL_ID), platform="discord")
    assert await relay.drain() == 6  # booking x2, waitlist, cancellation, promotion; the DM
    staff = [s.content for s in fake.sent if s.channel_id == STAFF_CHANNEL_ID]
    assert [t.split(" ")[0] for t in staff] == ["New", "New", "Waitlist", "Cancelled", "Waitlist"]
    told = [s for s in fake.seen_by(third.id) if "a seat opened" in s.content]
    assert len(told) == 1 and told[0].via == "channel"


async def test_a_button_still_works_after_a_restart(db_url: str, clock: FakeClock,
                                                    fake: FakeDiscord) -> None:
    before_app = await build_console(settings(), database_url=db_url, clock=clock)
    before = await World.start(before_app.core, fake)
    try:
        member = before.member()
        await member.dm("NJ")
        await member.dm("i want to join the anxiety group")
        sent, button = member.find_button("Book: Tuesdays")
    finally:
        await before.close()
        await before_app.close()

    after_app = await build_console(settings(), database_url=db_url, clock=clock, run_migrations=False)
    after = await World.start(after_app.core, fake)  # a new process: nothing in memory
    try:
        turn = await after.member().press_custom_id(button["custom_id"], on=sent)
        assert "You're booked into Anxiety group" in turn.text
        assert [b.status for b in await bookings_of(after_app)] == ["confirmed"]
    finally:
        await after.close()
        await after_app.close()


async def test_a_replayed_interaction_changes_nothing(river: DiscordMember, app: Runtime,
                                                      fake: FakeDiscord) -> None:
    await river.dm("NJ")
    await river.dm("i want to join the anxiety group")
    first = await river.press("Book: Tuesdays")
    assert "You're booked" in first.text
    again = await river.replay()  # the same INTERACTION_CREATE, delivered twice
    assert again.sent == []
    assert [c.body for c in again.callbacks] == [{"type": DEFERRED_UPDATE}]  # Discord refused it
    assert len(await bookings_of(app)) == 1
    async with app.uow_factory() as uow:
        group = await uow.groups.get((await bookings_of(app))[0].group_id)
    assert group is not None and group.taken == 1


async def test_a_replayed_slash_command_withdraws_its_placeholder(river: DiscordMember,
                                                                  fake: FakeDiscord) -> None:
    fake.acknowledged.clear()
    await river.command("mybookings", interaction_id=1312499999999999999)
    fake.acknowledged.clear()  # say Discord took the callback again: still nothing is said twice
    again = await river.replay()
    assert again.sent == []
    assert any(c.method == "DELETE" and c.url.endswith("/messages/@original") for c in fake.calls)


async def test_a_replayed_dm_is_answered_once(river: DiscordMember, fake: FakeDiscord) -> None:
    await river.dm("what does it cost?", message_id=1312488888888888888)
    assert "$35" in river.last.text
    again = await river.replay()
    assert again.sent == []


async def test_double_click_books_one_seat(river: DiscordMember, app: Runtime) -> None:
    await river.dm("NJ")
    await river.dm("i want to join the anxiety group")
    await river.press("Book: Tuesdays")
    second = await river.press("Book: Tuesdays")  # a second interaction id
    assert "You already have a seat" in second.text
    assert len(await bookings_of(app)) == 1


async def test_forged_custom_id_for_someone_elses_booking_has_expired(world: World, app: Runtime) -> None:
    owner, intruder = world.member(MEMBER_ID), world.member(MEMBER_ID + 7, "Intruder")
    await owner.dm("NJ")
    await owner.dm("i want to join the anxiety group")
    await owner.press("Book: Tuesdays")
    [booking] = await bookings_of(app)
    await intruder.dm("hello")
    on = intruder.seen[-1]
    turn = await intruder.press_custom_id(f"fd:cancel:{booking.ref}", on=on)
    assert "that option has expired" in turn.text.lower()
    turn = await intruder.press_custom_id(f"fd:cancelyes:{booking.ref}", on=on)
    assert "already cancelled or no longer exists" in turn.text
    assert booking.ref not in turn.text.replace("\\", "")
    assert await bookings_of(app) == [booking]


async def test_unknown_fd_id_is_answered_politely(river: DiscordMember) -> None:
    await river.dm("hi")
    turn = await river.press_custom_id("fd:nonsense:xyz", on=river.seen[-1])
    assert "that option has expired" in turn.text.lower()
    assert "Book a seat" in turn.labels


async def test_crisis_in_a_dm_gets_resources_at_once(river: DiscordMember, app: Runtime) -> None:
    turn = await river.dm("I want to kill myself")
    assert "988" in turn.text and "741741" in turn.text
    assert turn.sent[0].labels == ["Talk to a person"]
    async with app.uow_factory() as uow:
        member = await uow.members.get(KEY)
        notices = [i.notice for i in await uow.outbox.for_member(KEY)]
    assert member is not None and member.at_risk
    assert [(n.kind, n.urgent) for n in notices] == [("crisis", True)]


async def test_crisis_typed_into_the_frontdoor_command_in_a_server(river: DiscordMember,
                                                                    fake: FakeDiscord) -> None:
    turn = await river.command("frontdoor", where="server", message="i want to end my life")
    crisis = [s for s in turn.sent if "988" in s.content]
    assert crisis and all(s.channel_id == fake.dm_channel_id(MEMBER_ID) for s in crisis)
    assert fake.public() == []


async def test_handoff_notice_holds_no_message_text(river: DiscordMember, app: Runtime) -> None:
    await river.dm("can I talk to a real person please")
    assert "asked a person on our team" in river.last.text
    async with app.uow_factory() as uow:
        [item] = await uow.outbox.for_member(KEY)
    assert item.notice.kind == "handoff" and "real person" not in item.notice.text


async def test_staff_are_recognised_by_user_id_only(world: World) -> None:
    from tests.discord.conftest import STAFF_ID
    staff, member = world.member(STAFF_ID, "Staff"), world.member()
    turn = await staff.dm("staff flags")
    assert "risk flag" in turn.text
    turn = await member.dm("staff flags")
    assert "Members with a risk flag" not in turn.text and "No member has a risk flag" not in turn.text
