"""Transcripts for problems found in review: each failed before its fix."""

from __future__ import annotations

from bot import actions
from bot.core import Core
from bot.dialogue_state import DialogueState
from tests.chat import Chat
from tests.fakes import FakeClock, FakeStore


def _group(store: FakeStore, topic: str):  # type: ignore[no-untyped-def]
    return next(g for g in store.data.groups.values() if g.topic == topic)


async def _booked(chat: Chat, store: FakeStore, topic: str = "anxiety") -> None:
    await chat.say("NJ")
    await chat.act(actions.encode("book", _group(store, topic).id))
    assert "You're booked" in chat.text


async def test_negated_or_unclear_answers_never_delete(chat: Chat, store: FakeStore) -> None:
    await chat.say("NJ")
    for answer in ("don't delete my data", "forget it", "hmm", "no"):
        await chat.say("delete my data")
        await chat.say(answer)
        assert "console:u1" in store.data.members, answer


async def test_negated_or_unclear_answers_never_cancel(chat: Chat, store: FakeStore) -> None:
    await _booked(chat, store)
    for answer in ("no, don't cancel it", "keep it", "hmm"):
        await chat.say("cancel my booking")
        await chat.say(answer)
        assert len(store.data.bookings) == 1, answer
    await chat.say("cancel my booking")
    await chat.say("how much does it cost?")
    assert "$35" in chat.text
    await chat.say("ok")
    assert len(store.data.bookings) == 1
    await chat.say("cancel my booking")
    await chat.say("yes")
    assert store.data.bookings == {}


async def test_the_residence_question_can_be_left(chat: Chat, store: FakeStore) -> None:
    await chat.act(actions.encode("groups"))
    assert {"Florida", "New Jersey", "New York", "Outside the US", "Not now"} <= set(chat.labels)
    await chat.say("no")
    assert "No problem" in chat.text and chat.last.intent is None
    assert store.data.members["console:u1"].dialogue == DialogueState()
    await chat.act(actions.encode("groups"))
    await chat.say("I'd rather not")
    assert "couldn't tell" in chat.text
    await chat.say("why do you need that")  # a question is answered (why we ask), not a miss
    assert "I ask only to see which groups you can join" in chat.text
    await chat.say("i'd rather not say")
    assert "No problem" in chat.text
    await chat.act(actions.encode("groups"))
    await chat.press("Not now")
    assert store.data.members["console:u1"].dialogue == DialogueState()


async def test_residence_by_button(chat: Chat) -> None:
    await chat.act(actions.encode("groups"))
    await chat.press("New York")
    assert "Got it: New York." in chat.text and "Pick one to see its sessions" in chat.text


async def test_still_there_answered_in_words(chat: Chat, store: FakeStore, clock: FakeClock) -> None:
    await chat.say("Florida")
    clock.advance(days=2)
    await chat.act(actions.encode("book", _group(store, "anxiety").id))
    assert "still in Florida" in chat.text
    await chat.say("yes I'm still in Florida")
    assert "You're booked into Anxiety group" in chat.text


async def test_naming_a_state_with_a_group_goes_on_to_that_group(chat: Chat) -> None:
    await chat.say("can I join the grief group? I'm in NJ")
    assert "Got it: New Jersey." in chat.text
    assert any(label.startswith("Book:") for label in chat.labels)


async def test_one_place_per_topic_across_sessions(chat: Chat, store: FakeStore) -> None:
    second = store.add_group(topic="anxiety", title="Anxiety group", weekday=3)
    await _booked(chat, store)
    await chat.act(actions.encode("book", second.id))
    assert "You already have a seat in Anxiety group" in chat.text
    assert len(store.data.bookings) == 1


async def test_refusal_text_names_the_group_once(chat: Chat, store: FakeStore) -> None:
    await chat.say("Texas")
    await chat.act(actions.encode("book", _group(store, "anxiety").id))
    assert "group group" not in chat.text and "Anxiety group is group therapy" in chat.text
    await chat.act(actions.encode("topic", "anxiety"))
    assert "See DBT skills sessions" in chat.labels and not any("Anxiety sessions" in b for b in chat.labels)


async def test_dbt_skills_sessions_are_led_by_an_instructor(chat: Chat) -> None:
    await chat.say("Ohio")
    await chat.act(actions.encode("sessions", "dbt_skills"))
    assert "therapist-instructor" in chat.text and "licensed therapist" not in chat.text


async def test_asking_for_a_person_after_a_crisis_is_urgent(chat: Chat, store: FakeStore) -> None:
    await chat.say("I want to end my life")
    await chat.press("Talk to a person")
    assert "working day" not in chat.text and "988" in chat.text
    notices = [s.item.notice for s in store.data.outbox.values()]
    # the open crisis notice is updated, not a second one raised (round 7, #13)
    assert [(n.kind, n.urgent) for n in notices] == [("crisis", True), ("urgent_update", True)]


async def test_deleting_data_while_flagged_tells_staff_urgently(chat: Chat, store: FakeStore) -> None:
    await chat.say("I want to die")
    ref = store.data.members["console:u1"].ref
    await chat.say("delete my data")
    await chat.say("yes")
    [deletion] = [s.item.notice for s in store.data.outbox.values() if s.item.notice.kind == "deletion"]
    assert deletion.urgent and "risk flag" in deletion.text
    assert all(ref not in s.item.notice.text for s in store.data.outbox.values())


async def test_moving_out_of_state_with_therapy_seats_tells_staff(chat: Chat, store: FakeStore) -> None:
    await _booked(chat, store)
    await chat.say("I actually live in Georgia, sorry")
    assert "Got it: Georgia." in chat.text and "I've let our team know" in chat.text
    kinds = [s.item.notice.kind for s in store.data.outbox.values()]
    assert kinds[-1] == "residence"
    assert len(store.data.bookings) == 1


async def test_overdose_reply_leads_with_911_and_poison_control(chat: Chat) -> None:
    await chat.say("I took a whole bottle of pills")
    assert chat.last.crisis
    assert chat.text.startswith("If you've taken too much") and "1-800-222-1222" in chat.text


async def test_consent_notice_held_back_from_a_member_at_risk(core: Core) -> None:
    chat = Chat(core, "fresh")
    await chat.say("I want to kill myself")
    await chat.say("what groups do you have")
    assert "automated helper" not in chat.text


async def test_repeated_requests_for_a_person_send_one_notice(chat: Chat, store: FakeStore,
                                                              clock: FakeClock) -> None:
    await chat.say("can I talk to a real person")
    await chat.say("please someone talk to me")
    assert "already asked our team" in chat.text
    clock.advance(hours=2)
    await chat.say("can I talk to a real person")
    assert [s.item.notice.kind for s in store.data.outbox.values()] == ["handoff", "handoff"]
