"""Transcripts: privacy notice, export and deletion of a member's data, knowledge answers."""

from __future__ import annotations

import json

from bot import actions
from bot.core import Core
from tests.chat import Chat
from tests.fakes import FakeStore


async def _book(chat: Chat, store: FakeStore, topic: str) -> None:
    group = next(g for g in store.data.groups.values() if g.topic == topic)
    await chat.act(actions.encode("book", group.id))


async def test_privacy_notice_on_request(chat: Chat) -> None:
    await chat.say("hi")
    await chat.say("what do you store about me? privacy")
    assert chat.last.intent == "privacy"
    assert "not a therapist" in chat.text


async def test_export_gives_everything_stored(chat: Chat, store: FakeStore) -> None:
    await chat.say("NJ")
    await _book(chat, store, "anxiety")
    await chat.say("export my data")
    assert chat.last.intent == "export_data"
    payload = json.loads(chat.text.split("\n", 1)[1])
    assert payload["state_of_residence"] == "NJ"
    assert payload["bookings"][0]["group"] == "Anxiety group"
    assert payload["member"]["user_id"] == "u1"


async def test_delete_my_data_frees_seats_and_leaves_nothing_naming_the_member(
        core: Core, store: FakeStore) -> None:
    grief = next(g for g in store.data.groups.values() if g.topic == "grief_loss")
    leaver, waiting = Chat(core, "leaver"), Chat(core, "waiting")
    for member in (leaver, waiting):
        await member.say("Florida")
        await member.act(actions.encode("book", grief.id))
    await leaver.say("delete my data")
    assert "can't be undone" in leaver.text
    await leaver.press("Yes, delete")
    assert "deleted your data" in leaver.text
    assert "console:leaver" not in store.data.members
    assert all(b.member_key != "console:leaver" for b in store.data.bookings.values())
    assert all(s.item.notice.member_key != "console:leaver" for s in store.data.outbox.values())
    assert [a for a, _ in store.data.audit] == ["member_data_deleted"]
    assert {b.member_key: b.status for b in store.data.bookings.values()} == {"console:waiting": "confirmed"}
    deletion = [s.item.notice for s in store.data.outbox.values() if s.item.notice.kind == "deletion"]
    assert deletion and "leaver" not in deletion[0].text
    await leaver.say("hi")
    assert "automated" in leaver.text


async def test_delete_can_be_called_off(chat: Chat, store: FakeStore) -> None:
    await chat.say("NJ")
    await chat.say("please delete my data")
    await chat.say("no")
    assert "nothing was deleted" in chat.text
    assert "console:u1" in store.data.members


async def test_answers_every_source_fact(chat: Chat) -> None:
    expectations = {
        "what are the goals of therapy?": ["emotions", "relationships", "coping"],
        "how much does it cost": ["$35", "$140"],
        "do you take insurance": ["out-of-network"],
        "does it actually work": ["70%", "participant feedback", "8 weeks"],
        "who can join group therapy": ["Florida", "New Jersey", "New York"],
    }
    for question, facts in expectations.items():
        await chat.say(question)
        for fact in facts:
            assert fact in chat.text, (question, fact)


async def test_nonsense_falls_back_to_a_menu(chat: Chat) -> None:
    await chat.say("hi")
    await chat.say("qwzx blorp vvv")
    assert chat.last.intent is None
    assert "Book a seat" in chat.labels


def test_member_references_are_keyed_by_the_deployment_secret() -> None:  # noqa: D103
    from bot.identity import MemberRefs
    plain = MemberRefs()("slack:U123")
    keyed = MemberRefs("s3cret")("slack:U123")
    assert keyed != plain and keyed == MemberRefs("s3cret")("slack:U123")
    assert MemberRefs(None)("slack:U123") == plain


async def test_deleting_my_data_takes_a_held_seat_out_of_my_calendar(core: Core, store: FakeStore) -> None:
    import icalendar

    leaver = Chat(core, "leaver2")
    await leaver.say("New Jersey")
    await _book(leaver, store, "anxiety")
    [booked] = [f for r in leaver.last.replies for f in r.files]
    await leaver.say("delete my data")
    await leaver.press("Yes, delete")
    [update] = [f for r in leaver.last.replies for f in r.files]
    cal = icalendar.Calendar.from_ical(update.text)
    [vevent] = cal.walk("VEVENT")
    first = icalendar.Calendar.from_ical(booked.text).walk("VEVENT")[0]
    assert str(cal["METHOD"]) == "CANCEL" and str(vevent["STATUS"]) == "CANCELLED"
    assert str(vevent["UID"]) == str(first["UID"])
    assert "removes the sessions from your calendar" in leaver.text


#: Every column of the members table, and the export key that shows it (the member key is
#: the platform and user id, shown under "member").
_MEMBER_COLUMNS_IN_EXPORT = {
    "key": "member", "platform": "member", "user_id": "member", "ref": "member", "created_at": "member",
    "residence_code": "state_of_residence", "residence_confirmed_at": "state_confirmed_at",
    "at_risk": "risk_flag", "notice_seen": "privacy_notice_shown", "dialogue": "conversation_state",
    "dialogue_updated_at": "conversation_updated_at", "timezone": "time_zone", "adult": "old_enough_to_book",
    "risk_flagged_at": "risk_flag_set_at", "risk_category": "risk_flag_category",
    "abroad_place": "country_outside_us",
}


async def test_export_shows_every_member_column_the_time_zone_and_reminders(chat: Chat, store: FakeStore) -> None:
    """The time zone the bot keeps was missing from the export (tester, 3 Dec)."""
    from storage.tables import members

    assert set(_MEMBER_COLUMNS_IN_EXPORT) == {column.name for column in members.columns}
    await chat.say("what time is that for me")
    await chat.say("berlin")
    await chat.say("export my data")
    payload = json.loads(chat.text.split("\n", 1)[1])
    assert set(_MEMBER_COLUMNS_IN_EXPORT.values()) <= set(payload)
    assert payload["time_zone"] == "Europe/Berlin"
    assert payload["session_reminders"] is True


async def test_the_privacy_notice_names_the_time_zone_and_the_age_answer(chat: Chat) -> None:
    await chat.say("privacy")
    assert "time zone" in chat.text and "old enough to book" in chat.text
