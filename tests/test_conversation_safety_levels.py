"""Transcripts for issue 9: safety that fits the person (core with fakes)."""

from __future__ import annotations

from bot import actions
from bot.config import CoreConfig
from bot.core import Core
from tests.chat import Chat
from tests.conftest import services_for
from tests.fakes import FakeClock, FakeStore


def urgent(store: FakeStore) -> list[str]:
    return [s.item.notice.kind for s in store.data.outbox.values() if s.item.notice.urgent]


# --------------------------------------------------------------------------- risk-adjacent


async def test_bereaved_member_gets_one_gentle_line_and_the_grief_group(chat: Chat, store: FakeStore) -> None:
    await chat.say("I lost my brother to suicide last year and I'd like to join the grief group")
    assert not chat.last.crisis
    first = chat.last.replies[1].text  # after the first-contact notice
    assert first.startswith("If any of this is weighing on you") and "988" in first
    assert "Which US state" in chat.text and chat.labels  # booking the grief group goes on as usual
    assert chat.last.intent == "book"
    assert urgent(store) == []
    assert not store.data.members["console:u1"].at_risk
    await chat.say("how much does it cost")
    assert "If any of this" not in chat.text and "If you need help now" not in chat.text


async def test_question_about_how_groups_handle_it_is_answered(chat: Chat, store: FakeStore) -> None:
    await chat.say("what happens if someone in my group brings up suicide?")
    assert chat.last.intent == "safety_in_groups" and not chat.last.crisis
    assert "licensed therapist" in chat.text and urgent(store) == []


async def test_risk_adjacent_with_the_store_down_still_answers(chat: Chat, store: FakeStore) -> None:
    store.unavailable = True
    await chat.say("as an ER nurse i deal with overdoses all the time, how much are the groups?")
    assert chat.last.replies[0].text.startswith("If any of this")
    assert "$35" in chat.text and not chat.last.crisis


async def test_past_loss_with_present_intent_is_at_risk(chat: Chat, store: FakeStore) -> None:
    await chat.say("my dad killed himself and I'm thinking about doing the same")
    assert chat.last.crisis and urgent(store) == ["crisis"]


# --------------------------------------------------------------------------- distress


async def test_distress_gets_a_check_in_and_yes_reaches_the_crisis_path(chat: Chat, store: FakeStore) -> None:
    await chat.say("i feel hopeless")
    assert chat.last.intent == "distress_checkin" and not chat.last.crisis
    assert "harming yourself" in chat.text
    assert chat.labels == ["Yes, I am", "No, it's just a hard day"]
    assert urgent(store) == []
    await chat.press("Yes, I am")
    assert chat.last.crisis and "988" in chat.text and "741741" in chat.text
    member = store.data.members["console:u1"]
    assert member.at_risk and member.risk_category == "suicide" and member.risk_flagged_at is not None
    assert urgent(store) == ["crisis"]


async def test_hard_day_gets_support_groups_and_a_person(chat: Chat, store: FakeStore) -> None:
    await chat.say("everything is falling apart")
    await chat.press("just a hard day")
    assert chat.last.intent == "hard_day" and not chat.last.crisis
    assert "DBT skills group" in chat.text and "988" in chat.text
    assert "Talk to a person" in chat.labels and "Depression group" in chat.labels
    assert urgent(store) == [] and not store.data.members.get("console:u1", None)
    await chat.press("Talk to a person")
    assert "asked a person on our team" in chat.text
    assert [s.item.notice.kind for s in store.data.outbox.values()] == ["handoff"]


async def test_yes_i_am_reaches_the_crisis_reply_with_the_database_down(chat: Chat, store: FakeStore) -> None:
    await chat.say("i'm not okay")
    store.unavailable = True
    await chat.press("Yes, I am")
    assert chat.last.crisis and "988" in chat.text
    store.unavailable = False
    assert await chat.core.retry_unsaved() == 1
    member = store.data.members["console:u1"]
    assert member.at_risk and member.risk_category == "suicide"
    assert urgent(store) == ["crisis"]


async def test_typed_yes_to_the_check_in_works_with_the_database_down(chat: Chat, store: FakeStore) -> None:
    store.unavailable = True
    await chat.say("😭😭😭")
    assert chat.last.intent == "distress_checkin"
    await chat.say("yes")
    assert chat.last.crisis


# --------------------------------------------------------------------------- resources that fit


async def test_member_outside_the_us_gets_local_help_first(chat: Chat, store: FakeStore) -> None:
    await chat.act(actions.encode("state", "OUTSIDE_US"))
    await chat.say("i want to end my life")
    text = chat.text
    assert chat.last.crisis
    assert text.index("local emergency number") < text.index("988")
    assert "findahelpline.com" in text


async def test_spanish_message_gets_the_crisis_reply_in_spanish(chat: Chat, store: FakeStore) -> None:
    await chat.say("ya no quiero vivir, me quiero morir")
    assert chat.last.crisis
    assert "marque 2" in chat.text and "AYUDA" in chat.text and "No tiene que pasar por esto" in chat.text
    assert urgent(store) == ["crisis"]


async def test_veteran_gets_the_veterans_crisis_line(chat: Chat) -> None:
    await chat.say("I'm a veteran and I keep thinking about killing myself")
    assert chat.last.crisis and "988 and press 1" in chat.text


async def test_never_mind_after_a_crisis_reply_keeps_the_door_open(chat: Chat, store: FakeStore) -> None:
    await chat.say("i want to die")
    await chat.say("never mind, I'm fine")
    assert chat.last.intent == "after_crisis_fine"
    assert "I'm glad" in chat.text and "If that changes" in chat.text
    assert chat.last.replies[0].text.startswith("If you need help now")
    assert store.data.members["console:u1"].at_risk  # the flag stays until staff clear it
    await chat.say("never mind")
    assert chat.last.intent != "after_crisis_fine"  # only right after the crisis reply


# --------------------------------------------------------------------------- risk flags for staff


async def test_staff_flags_list_when_and_category_never_the_text(core: Core, store: FakeStore) -> None:
    member = Chat(core, "m1", platform="slack")
    await member.say("I took a whole bottle of pills")
    staff = Chat(core, "staff1")
    await staff.say("staff flags")
    ref = store.data.members["slack:m1"].ref
    assert ref in staff.text and "slack user m1" in staff.text
    assert "category overdose" in staff.text and "flagged 01 Dec 2026" in staff.text.replace("  ", " ")
    assert "pills" not in staff.text and "bottle" not in staff.text
    await staff.say(f"staff clear {ref}")
    cleared = store.data.members["slack:m1"]
    assert not cleared.at_risk and cleared.risk_category is None and cleared.risk_flagged_at is None


async def test_booking_notice_says_the_member_has_an_open_risk_flag(chat: Chat, store: FakeStore) -> None:
    await chat.say("i cut myself again last night")
    await chat.say("NJ")
    anxiety = next(g for g in store.data.groups.values() if g.topic == "anxiety")
    await chat.act(actions.encode("book", anxiety.id))
    booking = [t for t in store.staff_texts() if t.startswith("New booking")]
    assert booking and booking[0].endswith("(member has an open risk flag)")
    assert "cut" not in booking[0]


# --------------------------------------------------------------------------- the age gate


async def test_age_gate_is_asked_once_before_the_first_booking(store: FakeStore, clock: FakeClock) -> None:
    chat = Chat(Core(store, clock, services_for(CoreConfig(), age_gate=True)))
    await chat.say("NJ")
    anxiety = next(g for g in store.data.groups.values() if g.topic == "anxiety")
    grief = next(g for g in store.data.groups.values() if g.topic == "grief_loss")
    await chat.act(actions.encode("book", anxiety.id))
    assert "are you 18 or older?" in chat.text and chat.labels == ["Yes", "No"]
    assert store.data.groups[anxiety.id].taken == 0
    await chat.press("Yes")
    assert "You're booked into Anxiety group" in chat.text
    assert store.data.members["console:u1"].adult is True
    await chat.act(actions.encode("book", grief.id))
    assert "older" not in chat.text and "You're booked into Grief" in chat.text
    assert all("18" not in t and "age" not in t.lower() for t in store.staff_texts())


async def test_under_age_gets_a_kind_answer_and_no_booking(store: FakeStore, clock: FakeClock) -> None:
    chat = Chat(Core(store, clock, services_for(CoreConfig(min_age=21), age_gate=True)))
    await chat.say("NY")
    anxiety = next(g for g in store.data.groups.values() if g.topic == "anxiety")
    await chat.act(actions.encode("book", anxiety.id))
    assert "are you 21 or older?" in chat.text
    await chat.say("no")
    assert "trusted" in chat.text or "trust" in chat.text
    assert "988" in chat.text and "young people" in chat.text
    assert store.data.members["console:u1"].adult is False
    await chat.act(actions.encode("book", anxiety.id))
    assert "can't book you a seat" in chat.text and store.data.groups[anxiety.id].taken == 0
    assert store.staff_texts() == []


async def test_a_stated_age_is_understood_the_same_way(store: FakeStore, clock: FakeClock) -> None:
    core = Core(store, clock, services_for(CoreConfig(), age_gate=True))
    teen = Chat(core, "teen")
    await teen.say("I'm 15, can I join the anxiety group?")
    assert teen.last.intent == "under_age" and "can't book you a seat" in teen.text
    assert store.data.members["console:teen"].adult is False
    adult = Chat(core, "adult")
    await adult.say("NJ")
    anxiety = next(g for g in store.data.groups.values() if g.topic == "anxiety")
    await adult.act(actions.encode("book", anxiety.id))
    await adult.say("I'm 34")
    assert "You're booked" in adult.text
    late = Chat(core, "late")
    await late.say("i'm 30 minutes late, sorry")
    await late.say("I'm 16 years into recovery and want support")
    assert store.data.members["console:late"].adult is None


async def test_a_repeated_event_gets_one_check_in(chat: Chat, store: FakeStore) -> None:
    first = await chat.say("i feel hopeless", event_id="Ev1")
    again = await chat.say("i feel hopeless", event_id="Ev1")
    assert first.intent == "distress_checkin" and again.duplicate and again.replies == ()
    store.unavailable = True
    down = await chat.say("i feel hopeless", event_id="Ev2")
    assert down.intent == "distress_checkin"  # the store being down never holds it back
