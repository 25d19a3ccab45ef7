"""Fixes from this session's audit (a member's off-script turns, checked through the core)."""

from __future__ import annotations

import pytest

from bot import actions
from bot.config import CoreConfig
from bot.core import Core
from tests.chat import Chat
from tests.conftest import services_for
from tests.fakes import FakeClock, FakeStore


async def test_a_flagged_members_booking_keeps_its_calendar_file(chat: Chat, store: FakeStore) -> None:
    """The resources line put first for a flagged member rebuilt the reply and dropped its files."""
    await chat.say("NJ")
    anxiety = next(g for g in store.data.groups.values() if g.topic == "anxiety")
    grief = next(g for g in store.data.groups.values() if g.topic == "grief_loss")
    unflagged = await chat.act(actions.encode("book", anxiety.id))
    assert any(r.files for r in unflagged.replies)
    await chat.say("i cut myself again last night")
    flagged = await chat.act(actions.encode("book", grief.id))
    assert "988" in flagged.replies[0].text
    assert any(f.name.endswith(".ics") for r in flagged.replies for f in r.files)


async def test_a_question_while_the_age_question_waits_is_answered_and_the_booking_kept(
        store: FakeStore, clock: FakeClock) -> None:
    chat = Chat(Core(store, clock, services_for(CoreConfig(), age_gate=True)))
    await chat.say("NJ")
    anxiety = next(g for g in store.data.groups.values() if g.topic == "anxiety")
    await chat.act(actions.encode("book", anxiety.id))
    assert "are you 18 or older?" in chat.text
    await chat.say("do i need my camera on?")
    assert "camera" in chat.text.lower() and "are you 18 or older?" in chat.text
    assert {"Yes", "No"} <= set(chat.labels)
    await chat.say("yes")
    assert "You're booked into Anxiety group" in chat.text
    assert store.data.groups[anxiety.id].taken == 1


async def test_uncertainty_in_answer_to_the_check_in_gets_the_safer_level(chat: Chat) -> None:
    """"i'm not sure" to "are you thinking about harming yourself?" got the plain help menu."""
    for answer in ("i'm not sure", "idk honestly", "i don't know"):
        await chat.say("i feel hopeless")
        assert "harming yourself" in chat.text
        await chat.say(answer)
        assert "988" in chat.text and "741741" in chat.text, answer


async def test_a_clear_no_to_the_check_in_is_still_a_no(chat: Chat) -> None:
    await chat.say("everything is falling apart")
    outcome = await chat.say("probably not, just a rough week")
    assert outcome.intent == "hard_day" and "Hard days are real" in chat.text


@pytest.mark.parametrize("reply", ["what time is that for me", "can i do it later", "how much is it",
                                   "say that again", "most of the time"])
async def test_ordinary_words_are_not_read_as_towns_abroad_for_the_time_zone(
        chat: Chat, store: FakeStore, reply: str) -> None:
    """"time" is a Norwegian town and "can" a Turkish one: asked for a zone, a sentence stored Oslo."""
    await chat.say("what time is that for me")
    assert "Which time zone" in chat.text
    await chat.say(reply)
    assert store.data.members["console:u1"].timezone is None


@pytest.mark.parametrize(("reply", "zone"), [("london", "Europe/London"), ("i'm in berlin", "Europe/Berlin"),
                                             ("near lyon", "Europe/Paris"), ("oslo", "Europe/Oslo")])
async def test_a_city_abroad_still_answers_the_time_zone_question(
        chat: Chat, store: FakeStore, reply: str, zone: str) -> None:
    await chat.say("what time is that for me")
    await chat.say(reply)
    assert store.data.members["console:u1"].timezone == zone


@pytest.mark.parametrize("bare", ["georgia", "ohio", "Texas"])
async def test_a_bare_state_never_overwrites_a_stored_one_without_asking(
        chat: Chat, store: FakeStore, bare: str) -> None:
    """"georgia" typed with no question pending replaced a stored New Jersey and told staff."""
    await chat.say("i live in nj")
    anxiety = next(g for g in store.data.groups.values() if g.topic == "anxiety")
    await chat.act(actions.encode("book", anxiety.id))
    notices = len(store.staff_texts())
    await chat.say(bare)
    member = store.data.members["console:u1"]
    assert member.residence_code == "NJ"
    assert len(store.staff_texts()) == notices
    assert "I have you in New Jersey" in chat.text and "Yes, I've moved" in chat.labels
    await chat.press("Yes, I've moved")
    assert store.data.members["console:u1"].residence_code != "NJ"


async def test_a_facilitators_first_name_that_is_also_a_country_picks_their_session(
        chat: Chat, store: FakeStore) -> None:
    """"jordan" after the sessions were shown asked an NJ member whether they live abroad."""
    await chat.say("i live in nj")
    await chat.press("Anxiety")
    jordan = next(g for g in store.data.groups.values() if g.facilitator.startswith("Jordan"))
    out = await chat.say("jordan")
    assert out.intent == "book"
    assert store.data.members["console:u1"].residence_code == "NJ"
    assert any(b.group_id == jordan.id for b in store.data.bookings.values())


@pytest.mark.parametrize("question", ["why do you need to know that?", "hmm what are my options",
                                      "is my info safe with you"])
async def test_a_question_while_the_state_question_waits_is_never_read_as_a_state(
        chat: Chat, store: FakeStore, question: str) -> None:
    """These got "Sorry, I couldn't tell which state that is" or dropped the question."""
    await chat.say("book a seat")
    assert "Which US state" in chat.text
    await chat.say(question)
    assert "couldn't tell which state" not in chat.text
    assert "will you be in during sessions?" in chat.text and "New Jersey" in chat.labels
    await chat.say("nj")
    assert store.data.members["console:u1"].residence_code == "NJ"


@pytest.mark.parametrize("hedge", ["i need a person maybe", "maybe i should talk to someone?",
                                   "should i talk to a real person", "not sure if i need a person"])
async def test_a_hedged_request_for_a_person_is_asked_back_not_paged(
        chat: Chat, store: FakeStore, hedge: str) -> None:
    await chat.say(hedge)
    assert "Did you want me to ask a person" in chat.text
    assert not [t for t in store.staff_texts() if t.startswith("Request")]
    await chat.press("Yes")
    assert len([t for t in store.staff_texts() if t.startswith("Request")]) == 1


async def test_a_plain_request_for_a_person_still_pages_at_once(chat: Chat, store: FakeStore) -> None:
    await chat.say("can i talk to a person")
    assert len([t for t in store.staff_texts() if t.startswith("Request")]) == 1


@pytest.mark.parametrize("text", ["translate 'i live in texas' into french", "i'm in a meeting in chicago, brb",
                                  "how do you say i live in ohio in spanish", "i'm in a dark place"])
async def test_a_quoted_residence_or_a_situation_stores_nothing(chat: Chat, store: FakeStore, text: str) -> None:
    out = await chat.say(text)
    member = store.data.members.get("console:u1")  # "i'm in a dark place" gets the check-in first: no member yet
    assert member is None or member.residence_code is None
    assert out.intent != "set_residence"
    assert "Which US state" not in chat.text


@pytest.mark.parametrize(("text", "code"), [("i'm in a small town in ohio", "OH"), ("i'm in the bay area", "CA"),
                                            ("i live in texas", "TX")])
async def test_a_residence_said_in_so_many_words_is_still_stored(
        chat: Chat, store: FakeStore, text: str, code: str) -> None:
    await chat.say(text)
    assert store.data.members["console:u1"].residence_code == code


async def test_a_booking_worded_like_a_move_with_nothing_to_move_shows_the_sessions(
        chat: Chat, store: FakeStore) -> None:
    """"book the thursday anxiety group" with no booking said "You don't have a booking to move yet"."""
    await chat.say("i live in nj")
    await chat.say("book the thursday anxiety group")
    assert "booking to move" not in chat.text
    assert "Anxiety meets weekly" in chat.text and "Book: Tuesdays 6:00 PM ET" in chat.labels
    assert not store.data.bookings


@pytest.mark.parametrize("reply", ["that one", "the one with", "the second one", "the evening one"])
async def test_pointing_at_options_when_none_were_shown_is_never_one_to_one_therapy(
        chat: Chat, reply: str) -> None:
    await chat.say("i live in nj")
    out = await chat.say(reply)
    assert out.intent != "individual_therapy" and "one-to-one" not in chat.text
    assert "not sure which one you mean" in chat.text


async def test_local_times_for_a_member_outside_the_licensed_states_list_what_they_can_join(
        chat: Chat, store: FakeStore) -> None:
    """"what time is that for me" from a Californian listed every therapy group too."""
    await chat.say("i live in california")
    await chat.say("what time is that for me")
    assert "for you" in chat.text and "DBT" in chat.text
    assert "Anxiety" not in chat.text and "Grief" not in chat.text


async def test_the_first_reply_after_the_store_comes_back_leads_with_resources_for_a_kept_crisis(
        chat: Chat, store: FakeStore) -> None:
    """The crisis flag kept while the store was down is stored with the next turn, and that
    turn's reply lacked the resources line."""
    store.unavailable = True
    await chat.say("i want to end my life tonight")
    assert chat.last.crisis
    store.unavailable = False
    await chat.say("how much are the groups")
    assert store.data.members["console:u1"].at_risk
    assert chat.last.replies[0].text.startswith("If you need help now")


@pytest.mark.parametrize("text", ["no aguanto más, quiero desaparecer", "estoy muy triste y no puedo más"])
async def test_a_spanish_distress_message_gets_the_check_in_and_its_answer_in_spanish(
        chat: Chat, store: FakeStore, text: str) -> None:
    """The check-in, and the crisis reply after "Yes", were in English (audit bug 9b)."""
    out = await chat.say(text)
    assert out.intent == "distress_checkin" and "¿está pensando en hacerse daño" in chat.text
    assert chat.actions == ["fd:riskyes:es", "fd:hardday:es"]
    await chat.press("Sí, lo estoy")
    assert chat.last.crisis and "marque 2" in chat.text
    assert any("URGENT" in t for t in store.staff_texts())


async def test_a_typed_no_to_the_spanish_check_in_gets_the_hard_day_reply_in_spanish(chat: Chat) -> None:
    await chat.say("estoy muy triste y no puedo más")
    out = await chat.say("no")
    assert out.intent == "hard_day" and "Los días difíciles son reales" in chat.text


def test_the_check_in_actions_decode_with_and_without_the_language() -> None:
    from bot.actions import Verb, decode
    assert decode("fd:riskyes") == actions.Action(Verb.RISKYES)
    assert decode("fd:riskyes:es") == actions.Action(Verb.RISKYES, "es")
    assert decode("fd:hardday:es") == actions.Action(Verb.HARDDAY, "es")
    assert decode("fd:riskyes:") is None and decode("fd:riskyes:<x>") is None


async def test_a_member_in_canada_gets_canadas_crisis_line_not_the_eus(chat: Chat) -> None:
    """A Toronto member was told "112 works across the EU"; Canada has 9-8-8 and 911."""
    out = await chat.say("i'm in toronto and i want to end my life")
    assert out.crisis
    assert "9-8-8" in chat.text and "911" in chat.text and "112" not in chat.text


@pytest.mark.parametrize("text", ["perdí a mi hermano por suicidio el año pasado",
                                  "mi hermano se suicidó hace dos años y quiero unirme al grupo de duelo"])
async def test_spanish_bereavement_is_risk_adjacent_not_a_crisis(chat: Chat, store: FakeStore, text: str) -> None:
    """A Spanish bereavement got the full crisis path, an URGENT page and a flag (audit bug 9)."""
    out = await chat.say(text)
    assert not out.crisis and not any("URGENT" in t for t in store.staff_texts())
    assert store.data.members["console:u1"].at_risk is False
    assert "marcar 2" in chat.text  # the one gentle line, in Spanish
    assert out.intent == "spanish" and "Talk to a person" in chat.labels


async def test_spanish_loss_with_present_intent_is_still_at_risk(chat: Chat) -> None:
    out = await chat.say("mi hermano se suicidó y yo también quiero morir")
    assert out.crisis and "marque 2" in chat.text


@pytest.mark.parametrize("text", ["mi hermano se suicidó hace un año y yo quiero hacer lo mismo",
                                  "perdí a mi madre por suicidio y ahora quiero irme con ella",
                                  "mi papá se quitó la vida y yo también quiero morirme"])
async def test_a_spanish_loss_with_the_members_own_risk_is_at_risk(chat: Chat, text: str) -> None:
    out = await chat.say(text)
    assert out.crisis and "marque 2" in chat.text


@pytest.mark.parametrize("text", ["my son has been cutting himself, what should i do",
                                  "my daughter is cutting herself how do i help"])
async def test_someone_else_harming_themselves_now_gets_how_to_help(chat: Chat, store: FakeStore, text: str) -> None:
    """It got the gentle line, then "Sorry, I didn't quite follow that" (audit bug 11)."""
    out = await chat.say(text)
    assert out.intent == "someone_else_at_risk" and "Thank you for looking out for them" in chat.text
    assert not out.crisis and not any("URGENT" in t for t in store.staff_texts())
